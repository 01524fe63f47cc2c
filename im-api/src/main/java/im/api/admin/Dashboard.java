package im.api.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import im.core.room.RoomInfo;

/**
 * The platform at a glance, over every instance.
 *
 * @param at when the numbers were taken
 * @param usersOnline users with at least one connection
 * @param connections connections open on every instance
 * @param connectionsPerInstance connections each live instance holds
 * @param messagesLastMinute messages stored in the last 60 seconds
 * @param activeCalls calls ringing or running
 * @param liveRooms the open live rooms with their audiences, largest first
 */
record Dashboard(Instant at, long usersOnline, long connections, Map<String, Long> connectionsPerInstance,
		long messagesLastMinute, long activeCalls, List<Room> liveRooms) {

	/** An open live room and its audience. */
	record Room(String id, String title, long online) {

		static Room of(RoomInfo room) {
			return new Room(room.id(), room.title(), room.online());
		}

	}

}
