package im.api.chat;

import im.support.StandaloneModeTest;

/** {@link ReactionAndPinTests} in standalone mode (H2). */
@StandaloneModeTest
class StandaloneReactionAndPinTests extends ReactionAndPinTests {

}
