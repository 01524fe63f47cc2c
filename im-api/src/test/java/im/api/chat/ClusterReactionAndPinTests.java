package im.api.chat;

import im.support.ClusterModeTest;

/** {@link ReactionAndPinTests} in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterReactionAndPinTests extends ReactionAndPinTests {

}
