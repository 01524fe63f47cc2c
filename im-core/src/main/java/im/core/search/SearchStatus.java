package im.core.search;

/**
 * How far the search index is.
 *
 * @param indexedUpTo every message up to this id is in the index (or never will be: a
 * system or recalled message)
 * @param latestMessageId the highest message id stored
 * @param behind message ids between the two: what the index has yet to take
 * @param documents messages the index holds
 */
public record SearchStatus(long indexedUpTo, long latestMessageId, long behind, long documents) {

}
