package im.api.room;

import im.support.StandaloneModeTest;

/** Live rooms in standalone mode. */
@StandaloneModeTest
class StandaloneRoomTests extends RoomTests {

}
