package im.core.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * Fixed-window counters for rate limits: in memory when standalone, in Redis in a cluster
 * so that every instance counts against the same limit.
 */
public interface WindowCounters {

	/**
	 * Adds one to {@code key}; a key with no open window opens one lasting
	 * {@code window}.
	 * @return the count in the window including this one, and when the window closes
	 */
	Window increment(String key, Duration window);

	/**
	 * The count in the key's open window; zero with {@code endsAt} now when none is open.
	 */
	Window current(String key);

	/** Closes the key's window. */
	void reset(String key);

	/** A count and the moment its window closes. */
	record Window(long count, Instant endsAt) {

	}

}
