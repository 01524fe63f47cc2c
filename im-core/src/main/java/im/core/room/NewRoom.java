package im.core.room;

/**
 * A room to create.
 *
 * @param id the room's name in URLs and topics: 1 to 64 of a-z, 0-9, '-', '_'
 * @param membersOnly only listed members may join; public when absent
 * @param guestsAllowed guests (no account) may follow this public room, read-only
 * @param maxAudience connections it may hold at once; null for no limit
 * @param keepLast how many of its last comments to keep for late joiners; none when
 * absent
 */
public record NewRoom(String id, String title, Boolean membersOnly, Boolean guestsAllowed, Integer maxAudience,
		Integer keepLast) {

}
