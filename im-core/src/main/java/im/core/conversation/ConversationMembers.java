package im.core.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import im.core.account.AccountService;
import im.core.account.UserId;
import im.core.error.DomainException;
import im.core.error.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who is in which conversation, and with what right, for the features that act on a
 * conversation without changing who is in it: messages (edit, recall, history, media),
 * presence (who sees whom) and calls (who may ring whom).
 */
@Service
@Transactional(readOnly = true)
public class ConversationMembers {

	private final ConversationService conversations;

	private final MembershipRepository memberships;

	private final AccountService accounts;

	private final Clock clock;

	private final ConversationDepartures departures;

	ConversationMembers(ConversationService conversations, MembershipRepository memberships, AccountService accounts,
			Clock clock, ConversationDepartures departures) {
		this.conversations = conversations;
		this.memberships = memberships;
		this.accounts = accounts;
		this.clock = clock;
		this.departures = departures;
	}

	/**
	 * Everyone who shares at least one conversation with the user: who sees their
	 * presence.
	 */
	public List<UserId> contactsOf(UserId user) {
		return ConversationService.toUserIds(this.memberships.contactsOf(user.value()));
	}

	/** The ids of every conversation the user is a member of. */
	public List<ConversationId> conversationIdsOf(UserId user) {
		return this.memberships.conversationIdsOf(user.value()).stream().map(ConversationId::new).toList();
	}

	/**
	 * What of which conversations the user may read, as conversation id to the last seq:
	 * {@link Long#MAX_VALUE} (everything) where they are a member, the last message of
	 * the time they left where they left a group.
	 */
	public Map<Long, Long> readableBy(UserId user) {
		Map<Long, Long> readable = new HashMap<>(this.departures.of(user.value()));
		for (Long conversation : this.memberships.conversationIdsOf(user.value())) {
			readable.put(conversation, Long.MAX_VALUE);
		}
		return readable;
	}

	/** Whether the user is a member of the conversation. */
	public boolean isMember(ConversationId id, UserId user) {
		return this.memberships.findByConversationIdAndUserId(id.value(), user.value()).isPresent();
	}

	/**
	 * The conversation's kind, after checking that {@code user} is one of its members.
	 */
	public ConversationKind kindFor(UserId user, ConversationId id) {
		ConversationKind kind = this.conversations.find(id).kind();
		this.conversations.requireMember(id, user);
		return kind;
	}

	/**
	 * The user's role, if they may change what the conversation shows: it is not a
	 * dissolved group (whose history stays as it was).
	 */
	public MemberRole roleToChange(ConversationId id, UserId user) {
		if (this.conversations.find(id).isDissolved()) {
			throw ConversationService.dissolved(id);
		}
		return this.conversations.requireMember(id, user).role();
	}

	/**
	 * The user's role, if they may post in the conversation now, as sending requires: a
	 * group not dissolved, not muted by an administrator, in the group or as a whole
	 * group (unless its owner or an admin). Editing a message is posting its new text.
	 */
	public MemberRole roleToPost(ConversationId id, UserId user) {
		Conversation conversation = this.conversations.find(id);
		if (conversation.isDissolved()) {
			throw ConversationService.dissolved(id);
		}
		Membership member = this.conversations.requireMember(id, user);
		this.accounts.requireNotMuted(user);
		Instant now = this.clock.instant();
		if (member.mutedUntil() != null && member.mutedUntil().isAfter(now)) {
			throw new DomainException(ErrorCode.MUTED,
					"You are muted in this group until " + member.mutedUntil() + ".");
		}
		if (conversation.isAllMuted() && !member.role().managesMembers()) {
			throw new DomainException(ErrorCode.MUTED, "The group is muted: only the owner and admins may post.");
		}
		return member.role();
	}

	/**
	 * Everyone in the conversation now, for what the server itself tells them (a call
	 * that ended, whoever ended it).
	 */
	public List<UserId> memberIds(ConversationId id) {
		return ConversationService.toUserIds(this.memberships.memberIds(id.value()));
	}

	/** Everyone in the conversation, after checking that {@code user} is one of them. */
	public List<UserId> memberIdsFor(UserId user, ConversationId id) {
		this.conversations.find(id);
		this.conversations.requireMember(id, user);
		return ConversationService.toUserIds(this.memberships.memberIds(id.value()));
	}

}
