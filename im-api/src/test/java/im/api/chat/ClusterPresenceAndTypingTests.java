package im.api.chat;

import im.support.ClusterModeTest;

/** {@link PresenceAndTypingTests} in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterPresenceAndTypingTests extends PresenceAndTypingTests {

}
