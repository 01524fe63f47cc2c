package im.api.chat;

import im.support.StandaloneModeTest;

/** {@link MessageSearchTests} in standalone mode (H2, a Lucene index). */
@StandaloneModeTest
class StandaloneMessageSearchTests extends MessageSearchTests {

}
