package im.api.chat;

import im.support.StandaloneModeTest;

/** Chat in standalone mode (H2). */
@StandaloneModeTest
class StandaloneChatTests extends ChatTests {

}
