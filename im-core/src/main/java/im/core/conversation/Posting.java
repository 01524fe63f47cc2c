package im.core.conversation;

import java.time.Instant;
import java.util.List;

import im.core.account.UserId;

/**
 * The right to add one message to a conversation, held while its row is locked. Obtained
 * from {@link ConversationService#lockForPosting} inside the transaction that stores the
 * message.
 */
public final class Posting {

	private final Conversation conversation;

	private final Membership sender;

	private final List<UserId> members;

	Posting(Conversation conversation, Membership sender, List<UserId> members) {
		this.conversation = conversation;
		this.sender = sender;
		this.members = List.copyOf(members);
	}

	public ConversationId conversationId() {
		return this.conversation.id();
	}

	/** Everyone who receives the message: every member, the sender included. */
	public List<UserId> members() {
		return this.members;
	}

	/** The highest sequence number taken so far. */
	public long lastSeq() {
		return this.conversation.lastSeq();
	}

	/**
	 * Takes the next sequence number for the message about to be stored. The sender has
	 * read their own message, so their read mark moves with it.
	 */
	public long assignSeq(String messageKind, String preview, Instant now) {
		long seq = this.conversation.advance((this.sender != null) ? this.sender.userId() : null, messageKind, preview,
				now);
		if (this.sender != null) {
			this.sender.readUpTo(seq);
		}
		return seq;
	}

}
