package im.api.call;

import im.support.StandaloneModeTest;

/** Calls in standalone mode (H2). */
@StandaloneModeTest
class StandaloneCallTests extends CallTests {

}
