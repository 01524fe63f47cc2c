package im.api.call;

import im.support.ClusterModeTest;

/** Calls in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterCallTests extends CallTests {

}
