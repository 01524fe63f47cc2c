package im.core.search;

import java.util.List;

/**
 * Where messages are indexed for search: Lucene in standalone mode
 * ({@link LuceneMessageIndex}), PostgreSQL in a cluster ({@link PostgresMessageIndex}).
 * Both take their terms from {@link MessageAnalysis}. An index may be behind the
 * database; {@link SearchIndexer} catches it up, and {@link MessageSearch} checks every
 * hit against the message as it is now.
 */
interface MessageIndex {

	/**
	 * Indexes the next messages after those indexed, read from the source, at most
	 * {@code limit}. In a cluster only one instance does so at a time; the others find
	 * nothing to do.
	 * @return how many were indexed (0: caught up, or another instance is at it)
	 */
	int indexNext(IndexedMessages source, int limit);

	/** A message changed (edited): indexed again as it is now. */
	void update(IndexedMessage message);

	/** A message was recalled (or is gone): found no more. */
	void remove(long messageId);

	/** The ids of the messages that match, in the query's order. */
	List<Long> search(IndexQuery query);

	/** The id of the last message indexed: everything up to it is in the index. */
	long indexedUpTo();

	/** How many messages the index holds. */
	long size();

	/**
	 * Empties the index, which then catches up from the first message again (a rebuild).
	 */
	void clear();

}
