package im.api.chat;

import im.support.ClusterModeTest;

/** {@link GroupChatTests} in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterGroupChatTests extends GroupChatTests {

}
