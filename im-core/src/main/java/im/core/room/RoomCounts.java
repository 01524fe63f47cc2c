package im.core.room;

import java.util.Collection;
import java.util.Map;

/**
 * Room audiences over every instance: in memory when standalone, in Redis in a cluster,
 * where each instance writes its own counts and the total counts only live instances.
 */
interface RoomCounts {

	/** Records this instance's audience of each room that changed. */
	void publishLocal(Map<String, Long> counts);

	/** The audience of each room over every live instance; rooms with none are absent. */
	Map<String, Long> totals(Collection<String> roomIds);

	/**
	 * Whether this instance is the one to announce counts in this interval (one in a
	 * cluster).
	 */
	boolean leads(java.time.Duration interval);

}
