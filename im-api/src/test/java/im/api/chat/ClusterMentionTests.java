package im.api.chat;

import im.support.ClusterModeTest;

/** {@link MentionTests} in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterMentionTests extends MentionTests {

}
