package im.core.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * How far the index has read the messages table, in the order of message ids.
 * <p>
 * Ids are taken when a message is inserted, but transactions commit in their own order:
 * when message 11 is read, message 10 may be in a transaction that has not committed yet,
 * or in one that rolled back and will never exist. So the ids skipped between those read
 * are kept as gaps and looked for again, until they turn up or {@code grace} has passed
 * since they were first seen missing (a writer's transaction takes milliseconds; one
 * still open after the grace is taken to have rolled back). Everything up to
 * {@link #safeUpTo()} is indexed or will never exist.
 * <p>
 * Kept with the index (Lucene's commit data, a PostgreSQL row) as {@link #format()}, so
 * whichever instance indexes next goes on from here.
 *
 * @param highestSeen the highest id read
 * @param gaps ids below it not read yet, in order
 */
record IndexProgress(long highestSeen, List<Gap> gaps) {

	/** The most gaps kept: past it, the oldest are given up. */
	static final int MAX_GAPS = 1000;

	static final IndexProgress START = new IndexProgress(0, List.of());

	/**
	 * Ids {@code from} to {@code to} (inclusive), missing since {@code seenAt} (epoch
	 * ms).
	 */
	record Gap(long from, long to, long seenAt) {
	}

	/** Everything up to this id is indexed, or will never be. */
	long safeUpTo() {
		return this.gaps.isEmpty() ? this.highestSeen : this.gaps.get(0).from() - 1;
	}

	/** Whether the id has been read: at or below the highest seen, and in no gap. */
	boolean taken(long id) {
		return id <= this.highestSeen && this.gaps.stream().noneMatch((gap) -> id >= gap.from() && id <= gap.to());
	}

	/**
	 * After a round: {@code read} are the ids just read after {@link #highestSeen} (in
	 * order), {@code found} those of the gaps that turned up. Gaps older than the grace
	 * are given up.
	 */
	IndexProgress next(List<Long> read, Collection<Long> found, long now, long graceMillis) {
		TreeSet<Long> filled = new TreeSet<>(found);
		List<Gap> gaps = new ArrayList<>();
		for (Gap gap : this.gaps) {
			if (now - gap.seenAt() >= graceMillis) {
				continue;
			}
			long from = gap.from();
			for (Long id : filled.subSet(gap.from(), true, gap.to(), true)) {
				if (id > from) {
					gaps.add(new Gap(from, id - 1, gap.seenAt()));
				}
				from = id + 1;
			}
			if (from <= gap.to()) {
				gaps.add(new Gap(from, gap.to(), gap.seenAt()));
			}
		}
		long highest = this.highestSeen;
		for (long id : read) {
			if (id > highest + 1) {
				gaps.add(new Gap(highest + 1, id - 1, now));
			}
			highest = Math.max(highest, id);
		}
		if (gaps.size() > MAX_GAPS) {
			gaps = new ArrayList<>(gaps.subList(gaps.size() - MAX_GAPS, gaps.size()));
		}
		return new IndexProgress(highest, List.copyOf(gaps));
	}

	/** As kept: {@code highest;from-to@seenAt,...}. */
	String format() {
		StringBuilder text = new StringBuilder().append(this.highestSeen).append(';');
		for (int i = 0; i < this.gaps.size(); i++) {
			Gap gap = this.gaps.get(i);
			text.append((i > 0) ? "," : "")
				.append(gap.from())
				.append('-')
				.append(gap.to())
				.append('@')
				.append(gap.seenAt());
		}
		return text.toString();
	}

	/** What {@link #format()} wrote; the start for nothing or something unreadable. */
	static IndexProgress parse(String text) {
		if (text == null || text.isBlank()) {
			return START;
		}
		try {
			int semicolon = text.indexOf(';');
			long highest = Long.parseLong((semicolon < 0) ? text.strip() : text.substring(0, semicolon));
			List<Gap> gaps = new ArrayList<>();
			if (semicolon >= 0 && semicolon < text.length() - 1) {
				for (String gap : text.substring(semicolon + 1).split(",")) {
					int dash = gap.indexOf('-');
					int at = gap.indexOf('@');
					gaps.add(new Gap(Long.parseLong(gap.substring(0, dash)),
							Long.parseLong(gap.substring(dash + 1, at)), Long.parseLong(gap.substring(at + 1))));
				}
			}
			return new IndexProgress(highest, List.copyOf(gaps));
		}
		catch (RuntimeException ex) {
			return START;
		}
	}

}
