package im.api.admin;

import im.support.ClusterModeTest;

/** The console's operations in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterAdminOperationsTests extends AdminOperationsTests {

}
