package im.core.conversation;

/** A preview of a conversation's latest message, for conversation lists. */
public record LastMessage(long seq, Long senderId, String type, String text) {

}
