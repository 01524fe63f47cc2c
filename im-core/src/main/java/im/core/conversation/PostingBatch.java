package im.core.conversation;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import im.core.account.AccountService;
import im.core.account.UserId;
import im.core.conversation.PostingStatements.ReadMark;
import im.core.error.DomainException;
import im.core.error.ErrorCode;

/**
 * The conversations a batch of messages goes to, locked until the batch's transaction
 * ends: from {@link PostingLocks#lockForBatch}. Each message is admitted (or refused) on
 * its own; what the admitted ones change is written at once by {@link #write()}.
 */
public final class PostingBatch {

	private final Map<Long, LockedConversation> conversations;

	private final Map<Long, List<PostingMember>> rosters;

	private final Map<Long, List<UserId>> memberIds = new HashMap<>();

	private final Map<ReadMark, Long> readMarks = new LinkedHashMap<>();

	private final PostingStatements statements;

	private final Instant now;

	PostingBatch(Map<Long, LockedConversation> conversations, Map<Long, List<PostingMember>> rosters,
			PostingStatements statements, Instant now) {
		this.conversations = conversations;
		this.rosters = rosters;
		this.statements = statements;
		this.now = now;
	}

	/** Whether this batch holds the conversation's lock (it was not skipped). */
	public boolean holds(ConversationId id) {
		return this.conversations.containsKey(id.value());
	}

	/**
	 * The right to post one message in the conversation, if the sender has it: a member,
	 * not muted (in the group or by an administrator), in a group not dissolved, and not
	 * muted as a whole unless the sender is its owner or an admin.
	 */
	public Posting admit(ConversationId id, UserId sender) {
		LockedConversation conversation = this.conversations.get(id.value());
		if (conversation == null) {
			throw ConversationService.notFound(id);
		}
		List<PostingMember> roster = this.rosters.getOrDefault(id.value(), List.of());
		PostingMember poster = roster.stream()
			.filter((member) -> member.userId() == sender.value())
			.findFirst()
			.orElseThrow(() -> ConversationService.notAMember(id));
		requireMayPost(conversation, poster);
		List<UserId> members = this.memberIds.computeIfAbsent(id.value(),
				(key) -> roster.stream().map((member) -> new UserId(member.userId())).toList());
		return new Posting(id, conversation, sender.value(), members, (conversationId, userId, seq) -> this.readMarks
			.merge(new ReadMark(conversationId, userId), seq, Math::max));
	}

	/** Writes what the admitted messages changed: conversation heads and read marks. */
	public void write() {
		this.statements.write(this.conversations.values(), this.readMarks);
	}

	private void requireMayPost(LockedConversation conversation, PostingMember poster) {
		if (conversation.isDissolved()) {
			throw ConversationService.dissolved(conversation.id());
		}
		AccountService.requireNotMuted(poster.accountMutedUntil(), this.now);
		if (poster.isMutedAt(this.now)) {
			throw new DomainException(ErrorCode.MUTED,
					"You are muted in this group until " + poster.mutedUntil() + ".");
		}
		if (conversation.isAllMuted() && !poster.role().managesMembers()) {
			throw new DomainException(ErrorCode.MUTED, "The group is muted: only the owner and admins may post.");
		}
	}

}
