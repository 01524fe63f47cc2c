package im.api.chat;

import im.support.StandaloneModeTest;

/** {@link MediaChatTests} in standalone mode (H2). */
@StandaloneModeTest
class StandaloneMediaChatTests extends MediaChatTests {

}
