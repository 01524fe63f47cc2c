package im.api.chat;

import im.support.ClusterModeTest;

/** Chat in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterChatTests extends ChatTests {

}
