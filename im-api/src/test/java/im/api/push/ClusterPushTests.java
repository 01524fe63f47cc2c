package im.api.push;

import im.support.ClusterModeTest;

/** The push API in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterPushTests extends PushTests {

}
