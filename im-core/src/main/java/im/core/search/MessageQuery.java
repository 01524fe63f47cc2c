package im.core.search;

import java.time.Instant;

/**
 * A search of the caller's messages.
 *
 * @param text the words to look for: every one must be in a message
 * @param conversationId only this conversation's messages, or null
 * @param senderId only this sender's, or null
 * @param from only those sent at or after, or null
 * @param to only those sent before, or null
 * @param hasFile only those with (true) or without (false) an upload, or null
 * @param order newest or best match first
 * @param cursor the {@code next} of the page before, or null for the first
 * @param limit the most results
 */
public record MessageQuery(String text, Long conversationId, Long senderId, Instant from, Instant to, Boolean hasFile,
		SearchOrder order, String cursor, int limit) {

}
