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

	private final Long senderId;

	private final List<UserId> members;

	private final MembershipRepository memberships;

	Posting(Conversation conversation, Long senderId, List<UserId> members, MembershipRepository memberships) {
		this.conversation = conversation;
		this.senderId = senderId;
		this.members = List.copyOf(members);
		this.memberships = memberships;
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
		long seq = this.conversation.advance(this.senderId, messageKind, preview, now);
		if (this.senderId != null) {
			this.memberships.moveReadMark(this.conversation.id().value(), this.senderId, seq);
		}
		return seq;
	}

}
