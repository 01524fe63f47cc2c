package im.api.auth;

import im.support.StandaloneModeTest;

/** Accounts and authentication in standalone mode: H2, in-memory counters. */
@StandaloneModeTest
class StandaloneAuthenticationTests extends AuthenticationTests {

}
