package im.core.conversation;

import java.time.Instant;
import java.util.List;

import im.core.account.UserId;

/**
 * The right to add messages to one conversation, held while its row is locked: from
 * {@link PostingLocks#lockForSystemMessage} or {@link PostingBatch#admit}, inside the
 * transaction that stores the messages.
 */
public final class Posting {

	private final ConversationId id;

	private final ConversationHead head;

	private final Long senderId;

	private final List<UserId> members;

	private final ReadMarks readMarks;

	Posting(ConversationId id, ConversationHead head, Long senderId, List<UserId> members, ReadMarks readMarks) {
		this.id = id;
		this.head = head;
		this.senderId = senderId;
		this.members = members;
		this.readMarks = readMarks;
	}

	public ConversationId conversationId() {
		return this.id;
	}

	/** Everyone who receives the message: every member, the sender included. */
	public List<UserId> members() {
		return this.members;
	}

	/** The highest sequence number taken so far. */
	public long lastSeq() {
		return this.head.lastSeq();
	}

	/**
	 * Takes the next sequence number for the message about to be stored. The sender has
	 * read their own message, so their read mark moves with it.
	 */
	public long assignSeq(String messageKind, String preview, Instant now) {
		long seq = this.head.advance(this.senderId, messageKind, preview, now);
		if (this.senderId != null) {
			this.readMarks.move(this.id.value(), this.senderId, seq);
		}
		return seq;
	}

	/** Where a sender's read mark goes when they post (with the batch). */
	@FunctionalInterface
	interface ReadMarks {

		/** For a message by the server itself: no sender, no read mark to move. */
		ReadMarks NO_SENDER = (conversationId, userId, seq) -> {
		};

		void move(long conversationId, long userId, long seq);

	}

}
