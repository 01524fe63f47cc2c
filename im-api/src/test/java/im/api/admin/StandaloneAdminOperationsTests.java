package im.api.admin;

import im.support.StandaloneModeTest;

/** The console's operations in standalone mode. */
@StandaloneModeTest
class StandaloneAdminOperationsTests extends AdminOperationsTests {

}
