package im.api.chat;

import im.support.ClusterModeTest;

/**
 * {@link MessageSearchTests} in cluster mode (PostgreSQL's table message_search, Redis,
 * Kafka).
 */
@ClusterModeTest
class ClusterMessageSearchTests extends MessageSearchTests {

}
