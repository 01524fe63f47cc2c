package im.core.search;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Message search.
 *
 * @param directory where a standalone instance keeps its search index
 * ({@code IM_SEARCH_DIRECTORY}); empty: {@code <data dir>/search}; {@code memory}: in
 * memory, built again from the database at every start. A cluster keeps it in PostgreSQL.
 * @param batch the most messages indexed at a time ({@code IM_SEARCH_BATCH})
 * @param pollInterval how often the indexer takes the messages stored since it last
 * looked ({@code IM_SEARCH_POLL_INTERVAL}): short, so that each round is a small slice of
 * work beside the chat's and a message is found soon after it is stored
 * @param gapGrace how long a message id skipped in the messages table is looked for
 * again: a transaction that took it and has not committed yet; one still open after this
 * is taken to have rolled back
 * @param maxQueryLength the most characters a query may have
 */
@ConfigurationProperties("im.search")
public record SearchSettings(@DefaultValue("") String directory, @DefaultValue("1000") int batch,
		@DefaultValue("100ms") Duration pollInterval, @DefaultValue("30s") Duration gapGrace,
		@DefaultValue("200") int maxQueryLength) {

	public SearchSettings {
		directory = (directory != null) ? directory.strip() : "";
		if (batch < 1 || pollInterval.isNegative() || pollInterval.isZero() || gapGrace.isNegative()) {
			throw new IllegalArgumentException("im.search.batch (IM_SEARCH_BATCH) must be at least 1, "
					+ "im.search.poll-interval (IM_SEARCH_POLL_INTERVAL) positive.");
		}
	}

	/** Whether the standalone index lives in memory only. */
	boolean inMemory() {
		return "memory".equalsIgnoreCase(this.directory);
	}

}
