package im.api.chat;

import im.support.StandaloneModeTest;

/** {@link GroupChatTests} in standalone mode (H2). */
@StandaloneModeTest
class StandaloneGroupChatTests extends GroupChatTests {

}
