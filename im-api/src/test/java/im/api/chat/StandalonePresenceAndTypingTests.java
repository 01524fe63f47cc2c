package im.api.chat;

import im.support.StandaloneModeTest;

/** {@link PresenceAndTypingTests} in standalone mode (H2). */
@StandaloneModeTest
class StandalonePresenceAndTypingTests extends PresenceAndTypingTests {

}
