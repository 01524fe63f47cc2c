package im.core.delivery;

import java.util.Map;

/**
 * Who is connected, in numbers, as the session registry knows it.
 *
 * @param usersOnline users with at least one connection
 * @param perInstance connections each live instance holds
 */
public record ConnectionCounts(long usersOnline, Map<String, Long> perInstance) {

	public long connections() {
		return this.perInstance.values().stream().mapToLong(Long::longValue).sum();
	}

}
