package im.core.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What to ask a {@link MessageIndex}: messages holding every term, within what the caller
 * may read, matching the filters, a page of them.
 *
 * @param terms the query's terms ({@link MessageAnalysis#queryTerms}), at least one
 * @param readable conversation id to the last seq the caller may read there
 * @param conversationId only this conversation, or null
 * @param senderId only this sender's, or null
 * @param from only those sent at or after, or null
 * @param to only those sent before, or null
 * @param hasFile only those with (true) or without (false) an upload, or null
 * @param beforeId {@link SearchOrder#NEWEST}: only messages with a lower id (the page
 * before), or {@link Long#MAX_VALUE}
 * @param offset {@link SearchOrder#RELEVANCE}: how many of the best to skip
 * @param limit how many ids to answer at most
 */
record IndexQuery(List<String> terms, Map<Long, Long> readable, Long conversationId, Long senderId, Instant from,
		Instant to, Boolean hasFile, SearchOrder order, long beforeId, int offset, int limit) {

	IndexQuery page(long beforeId, int offset) {
		return new IndexQuery(this.terms, this.readable, this.conversationId, this.senderId, this.from, this.to,
				this.hasFile, this.order, beforeId, offset, this.limit);
	}

}
