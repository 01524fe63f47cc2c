package im.core.conversation;

import java.time.Instant;

/**
 * A conversation row as a batch of messages needs it, read under its lock: whether it
 * takes messages at all, and its head, advanced in memory and written once for the whole
 * batch ({@link PostingStatements#write}).
 */
final class LockedConversation implements ConversationHead {

	private final ConversationId id;

	private final boolean allMuted;

	private final boolean dissolved;

	private long lastSeq;

	private Instant lastActivityAt;

	private Long lastSenderId;

	private String lastMessageKind;

	private String lastMessageText;

	private boolean advanced;

	LockedConversation(ConversationId id, long lastSeq, boolean allMuted, boolean dissolved) {
		this.id = id;
		this.lastSeq = lastSeq;
		this.allMuted = allMuted;
		this.dissolved = dissolved;
	}

	ConversationId id() {
		return this.id;
	}

	boolean isAllMuted() {
		return this.allMuted;
	}

	boolean isDissolved() {
		return this.dissolved;
	}

	@Override
	public long lastSeq() {
		return this.lastSeq;
	}

	@Override
	public long advance(Long senderId, String messageKind, String text, Instant now) {
		this.lastSeq++;
		this.lastActivityAt = now;
		this.lastSenderId = senderId;
		this.lastMessageKind = messageKind;
		this.lastMessageText = ConversationHead.preview(text);
		this.advanced = true;
		return this.lastSeq;
	}

	/** Whether a message took a sequence number, so the row must be written. */
	boolean isAdvanced() {
		return this.advanced;
	}

	Instant lastActivityAt() {
		return this.lastActivityAt;
	}

	Long lastSenderId() {
		return this.lastSenderId;
	}

	String lastMessageKind() {
		return this.lastMessageKind;
	}

	String lastMessageText() {
		return this.lastMessageText;
	}

}
