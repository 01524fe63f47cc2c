package im.api.chat;

import im.support.StandaloneModeTest;

/** {@link MentionTests} in standalone mode (H2). */
@StandaloneModeTest
class StandaloneMentionTests extends MentionTests {

}
