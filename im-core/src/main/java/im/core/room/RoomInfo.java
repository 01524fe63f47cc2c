package im.core.room;

import java.time.Instant;

/**
 * A live room.
 *
 * @param membersOnly only its listed members may join
 * @param guestsAllowed connections without an account may follow it, read-only
 * @param maxAudience connections it may hold at once; null for no limit
 * @param keepLast how many of its last comments it keeps for late joiners
 * @param online connections in it now, over all instances
 * @param createdBy {@code user:<id>} or {@code api-key:<id>}
 * @param closedAt null while open
 */
public record RoomInfo(String id, String title, boolean membersOnly, boolean guestsAllowed, Integer maxAudience,
		int keepLast, long online, String createdBy, Instant createdAt, Instant closedAt) {

}
