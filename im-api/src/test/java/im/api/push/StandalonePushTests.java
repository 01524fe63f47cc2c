package im.api.push;

import im.support.StandaloneModeTest;

/** The push API in standalone mode. */
@StandaloneModeTest
class StandalonePushTests extends PushTests {

}
