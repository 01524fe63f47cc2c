package im.core.room;

import java.util.List;

/**
 * The last comments of the rooms that keep some, for late joiners: in memory when
 * standalone, in Redis in a cluster. Not history: they go when the room closes, and a
 * standalone restart forgets them.
 */
interface RecentComments {

	/** Adds a comment (JSON), keeping the room's last {@code keep}. */
	void add(String roomId, String json, int keep);

	/** The room's kept comments (JSON), oldest first. */
	List<String> recent(String roomId);

	/** Forgets the room's comments. */
	void clear(String roomId);

}
