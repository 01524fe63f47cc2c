package im.core.room;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import im.core.error.DomainException;
import im.core.error.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * What the hot paths of a room (pushes, guests joining, comments) need to know of it,
 * without a database round trip each: a room's rules are read at most once per
 * {@link #RECHECK_AFTER} per instance. A change made on this instance applies here at
 * once, one made on another instance within that time (a room closed elsewhere refuses
 * pushes here within a second; its audience hears {@code room-closed} at once, since that
 * goes through the bus).
 */
@Component
class RoomRules {

	static final Duration RECHECK_AFTER = Duration.ofSeconds(1);

	/**
	 * Rooms whose rules are known: more distinct ids than this within a second (someone
	 * guessing) empties the memory rather than grow it.
	 */
	private static final int MAX_KNOWN = 10_000;

	private final Map<String, Known> known = new ConcurrentHashMap<>();

	private final LiveRoomRepository rooms;

	RoomRules(LiveRoomRepository rooms) {
		this.rooms = rooms;
	}

	/**
	 * The open room's rules.
	 * @throws DomainException {@code not-found} for no such room, {@code room-closed} for
	 * a closed one
	 */
	Rules open(String roomId) {
		long now = System.nanoTime();
		Known state = this.known.get(roomId);
		if (state == null || now - state.checkedAt() > RECHECK_AFTER.toNanos()) {
			state = new Known(this.rooms.findById(roomId).map(Rules::of).orElse(null), now);
			remember(roomId, state);
		}
		Rules rules = state.rules();
		if (rules == null) {
			throw new DomainException(ErrorCode.NOT_FOUND, "There is no room '" + roomId + "'.");
		}
		if (rules.closed()) {
			throw new DomainException(ErrorCode.ROOM_CLOSED, "Room '" + roomId + "' was closed.");
		}
		return rules;
	}

	/** The room was created, changed or closed here: these are its rules now. */
	void changed(LiveRoom room) {
		remember(room.id(), new Known(Rules.of(room), System.nanoTime()));
	}

	private void remember(String roomId, Known state) {
		if (this.known.size() >= MAX_KNOWN) {
			this.known.clear();
		}
		this.known.put(roomId, state);
	}

	/** A room's rules, as they were read. */
	record Rules(String id, boolean membersOnly, boolean guestsAllowed, Integer maxAudience, int keepLast,
			boolean closed) {

		static Rules of(LiveRoom room) {
			return new Rules(room.id(), room.membersOnly(), room.guestsAllowed(), room.maxAudience(), room.keepLast(),
					room.closed());
		}

	}

	/** What the database said of a room (null: no such room), at System.nanoTime. */
	private record Known(Rules rules, long checkedAt) {

	}

}
