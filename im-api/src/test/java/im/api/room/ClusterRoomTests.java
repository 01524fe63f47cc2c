package im.api.room;

import im.support.ClusterModeTest;

/** Live rooms in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterRoomTests extends RoomTests {

}
