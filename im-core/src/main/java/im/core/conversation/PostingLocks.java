package im.core.conversation;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import im.core.account.UserId;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-conversation lock under which messages take their sequence numbers: held by the
 * transaction that stores them until it ends, so that seqs are gap-free and strictly
 * increasing under concurrent senders, on one instance or several.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class PostingLocks {

	private final PostingStatements statements;

	private final ConversationRepository conversations;

	private final MembershipRepository memberships;

	private final Clock clock;

	PostingLocks(PostingStatements statements, ConversationRepository conversations, MembershipRepository memberships,
			Clock clock) {
		this.statements = statements;
		this.conversations = conversations;
		this.memberships = memberships;
		this.clock = clock;
	}

	/**
	 * Locks the conversations for a batch of messages by the senders given. Those in
	 * {@code waitFor} are waited for; of the others, those another transaction holds are
	 * skipped ({@link PostingBatch#holds}). Each message is then admitted or refused by
	 * {@link PostingBatch#admit}.
	 */
	public PostingBatch lockForBatch(Collection<ConversationId> ids, Collection<UserId> senders,
			Set<ConversationId> waitFor) {
		Map<Boolean, List<Long>> waiting = ids.stream()
			.distinct()
			.collect(Collectors.partitioningBy(waitFor::contains,
					Collectors.mapping(ConversationId::value, Collectors.toList())));
		Map<Long, LockedConversation> locked = this.statements.lock(waiting.get(true), waiting.get(false));
		Map<Long, List<PostingMember>> rosters = locked.isEmpty() ? Map.of()
				: this.statements.rosters(locked.keySet(), senders.stream().map(UserId::value).distinct().toList());
		return new PostingBatch(locked, rosters, this.statements, this.clock.instant());
	}

	/**
	 * Locks the conversation for a message by the server itself, inside the transaction
	 * of the change it records.
	 */
	public Posting lockForSystemMessage(ConversationId id) {
		Conversation conversation = this.conversations.lockById(id.value())
			.orElseThrow(() -> ConversationService.notFound(id));
		return new Posting(id, conversation, null,
				ConversationService.toUserIds(this.memberships.memberIds(id.value())), Posting.ReadMarks.NO_SENDER);
	}

}
