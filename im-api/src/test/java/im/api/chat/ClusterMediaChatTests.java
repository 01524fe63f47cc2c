package im.api.chat;

import im.support.ClusterModeTest;

/** {@link MediaChatTests} in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterMediaChatTests extends MediaChatTests {

}
