package im.api.bot;

import im.support.StandaloneModeTest;

/** Bots and the directory in standalone mode (H2, one process). */
@StandaloneModeTest
class StandaloneBotTests extends BotTests {

}
