package im.core.message;

import java.util.List;

/**
 * A contiguous run of a conversation's history, ascending by {@code seq}.
 *
 * @param hasMore more messages exist in the requested direction: the run is not the whole
 * range
 * @param lastSeq the conversation's latest {@code seq} when the page was read
 */
public record MessagePage(List<ChatMessage> messages, boolean hasMore, long lastSeq) {

}
