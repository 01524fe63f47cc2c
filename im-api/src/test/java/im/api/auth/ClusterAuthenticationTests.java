package im.api.auth;

import im.support.ClusterModeTest;

/**
 * Accounts and authentication in cluster mode: real PostgreSQL, Redis counters, Kafka up.
 */
@ClusterModeTest
class ClusterAuthenticationTests extends AuthenticationTests {

}
