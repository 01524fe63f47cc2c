package im.core.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import im.core.account.AccountService;
import im.core.account.UserId;
import im.core.conversation.ConversationEvent.GroupCreated;
import im.core.conversation.ConversationEvent.MemberRemoved;
import im.core.conversation.ConversationEvent.MembersAdded;
import im.core.conversation.ConversationEvent.ReadMarkMoved;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conversations and who is in them: direct conversations (one per pair of users), groups
 * with owner, admins and members, and read marks. The lock under which messages take
 * their seqs is {@link PostingLocks}; what a group's owner and admins do to it,
 * {@link GroupManagement}; what platform administrators do to groups,
 * {@link GroupAdministration}.
 */
@Service
@Transactional
public class ConversationService {

	private final ConversationRepository conversations;

	private final MembershipRepository memberships;

	private final AccountService accounts;

	private final ChatSettings settings;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final ConversationDepartures departures;

	ConversationService(ConversationRepository conversations, MembershipRepository memberships, AccountService accounts,
			ChatSettings settings, ApplicationEventPublisher events, Clock clock, ConversationDepartures departures) {
		this.conversations = conversations;
		this.memberships = memberships;
		this.accounts = accounts;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
		this.departures = departures;
	}

	/** The one direct conversation between the two users, created on first use. */
	public ConversationSummary direct(UserId me, UserId other) {
		if (me.equals(other)) {
			throw new InvalidField("userId", "A direct conversation needs another user.");
		}
		this.accounts.profile(other);
		String key = Math.min(me.value(), other.value()) + ":" + Math.max(me.value(), other.value());
		Conversation conversation = this.conversations.findByDirectKey(key)
			.orElseGet(() -> createDirect(key, me, other));
		return summaryFor(conversation, me);
	}

	public ConversationSummary createGroup(UserId owner, NewGroup group) {
		Set<Long> memberIds = new LinkedHashSet<>();
		memberIds.add(owner.value());
		memberIds.addAll(group.memberIds());
		checkSize(memberIds.size());
		memberIds.forEach((id) -> this.accounts.profile(new UserId(id)));
		Instant now = this.clock.instant();
		Conversation conversation = this.conversations.saveAndFlush(Conversation.group(group.name().strip(),
				blankToNull(group.description()), blankToNull(group.avatarUrl()), owner.value(), now));
		long id = conversation.id().value();
		for (Long userId : memberIds) {
			MemberRole role = (userId == owner.value()) ? MemberRole.OWNER : MemberRole.MEMBER;
			this.memberships.save(new Membership(id, userId, role, 0, now));
		}
		this.memberships.flush();
		this.events.publishEvent(new GroupCreated(id, owner.value(), List.copyOf(memberIds),
				conversation.summary(0, null, memberIds.size()).name(), toUserIds(memberIds)));
		return summaryFor(conversation, owner);
	}

	/**
	 * Adds users to a group; owner and admins may. Users already in it are left as they
	 * are.
	 */
	public List<Member> addMembers(UserId actor, ConversationId id, List<Long> userIds) {
		Conversation group = lockOpenGroup(id);
		requireManager(id, actor, "add members");
		List<Long> added = new ArrayList<>();
		Instant now = this.clock.instant();
		for (Long userId : new LinkedHashSet<>(userIds)) {
			if (this.memberships.findByConversationIdAndUserId(id.value(), userId).isEmpty()) {
				this.accounts.profile(new UserId(userId));
				added.add(userId);
			}
		}
		checkSize(this.memberships.countByConversationId(id.value()) + added.size());
		// a newcomer's read mark starts at the present: earlier history is readable, not
		// unread
		added.forEach((userId) -> this.memberships
			.save(new Membership(id.value(), userId, MemberRole.MEMBER, group.lastSeq(), now)));
		this.memberships.flush();
		if (!added.isEmpty()) {
			this.events.publishEvent(new MembersAdded(id.value(), actor.value(), List.copyOf(added),
					toUserIds(this.memberships.memberIds(id.value()))));
		}
		return members(actor, id);
	}

	/**
	 * Removes a member from a group: anyone may remove themselves (leave); owner and
	 * admins may remove members, only the owner may remove an admin, and nobody removes
	 * the owner. An owner who leaves hands the group to the longest-standing admin, or
	 * else member.
	 */
	public void removeMember(UserId actor, ConversationId id, UserId target) {
		lockGroup(id);
		Membership actorMembership = requireMember(id, actor);
		Membership removed = this.memberships.findByConversationIdAndUserId(id.value(), target.value())
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "User " + target + " is not in this group."));
		boolean leaving = actor.equals(target);
		if (!leaving && (!actorMembership.role().managesMembers() || removed.role() == MemberRole.OWNER
				|| (removed.role() == MemberRole.ADMIN && actorMembership.role() != MemberRole.OWNER))) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Your role in this group may not remove this member.");
		}
		remove(actor, id, removed);
	}

	void remove(UserId actor, ConversationId id, Membership removed) {
		UserId target = new UserId(removed.userId());
		List<UserId> audience = toUserIds(this.memberships.memberIds(id.value()));
		this.memberships.delete(removed);
		this.memberships.flush();
		// the group is locked: no message takes a seq meanwhile
		this.departures.left(id.value(), target.value(), this.conversations.getReferenceById(id.value()).lastSeq(),
				this.clock.instant());
		Long newOwner = null;
		if (removed.role() == MemberRole.OWNER) {
			newOwner = this.memberships.findByConversationIdOrderByJoinedAtAscUserIdAsc(id.value())
				.stream()
				.sorted((a, b) -> Boolean.compare(b.role() == MemberRole.ADMIN, a.role() == MemberRole.ADMIN))
				.findFirst()
				.map((heir) -> {
					heir.promote(MemberRole.OWNER);
					return heir.userId();
				})
				.orElse(null);
		}
		this.events.publishEvent(new MemberRemoved(id.value(), actor.value(), target.value(), newOwner, audience));
	}

	/** The caller's conversations, most recently active first. */
	@Transactional(readOnly = true)
	public Page<ConversationSummary> conversations(UserId me, int page, int size) {
		Page<Object[]> rows = this.memberships.conversationsOf(me.value(), PageRequest.of(page, size));
		List<ConversationSummary> summaries = summaries(
				rows.getContent().stream().map((row) -> (Conversation) row[0]).toList(),
				rows.getContent().stream().map((row) -> (Membership) row[1]).toList());
		return new PageImpl<>(summaries, rows.getPageable(), rows.getTotalElements());
	}

	@Transactional(readOnly = true)
	public ConversationSummary conversation(UserId me, ConversationId id) {
		Conversation conversation = find(id);
		return summary(conversation, requireMember(id, me));
	}

	@Transactional(readOnly = true)
	public List<Member> members(UserId me, ConversationId id) {
		find(id);
		requireMember(id, me);
		return this.memberships.findByConversationIdOrderByJoinedAtAscUserIdAsc(id.value())
			.stream()
			.map(Membership::toMember)
			.toList();
	}

	/**
	 * Marks the conversation read up to {@code seq} (capped at the latest message). Marks
	 * only move forward; the other members are told.
	 */
	public long markRead(UserId me, ConversationId id, long seq) {
		Conversation conversation = find(id);
		Membership membership = requireMember(id, me);
		long upTo = Math.min(seq, conversation.lastSeq());
		if (membership.readUpTo(upTo)) {
			this.events.publishEvent(
					new ReadMarkMoved(id.value(), me.value(), upTo, toUserIds(this.memberships.memberIds(id.value()))));
		}
		return membership.readSeq();
	}

	/** Keeps the list preview true when the latest message is edited or recalled. */
	public void messageChanged(ConversationId id, long seq, String kind, String text) {
		find(id).changePreview(seq, kind, text);
	}

	private Conversation createDirect(String key, UserId me, UserId other) {
		Instant now = this.clock.instant();
		try {
			Conversation conversation = this.conversations.saveAndFlush(Conversation.direct(key, me.value(), now));
			this.memberships.save(new Membership(conversation.id().value(), me.value(), MemberRole.MEMBER, 0, now));
			this.memberships.save(new Membership(conversation.id().value(), other.value(), MemberRole.MEMBER, 0, now));
			this.memberships.flush();
			return conversation;
		}
		catch (DataIntegrityViolationException ex) {
			// both users opened it at the same moment; the unique key kept one
			throw new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
					"The conversation was being created at the same moment; try again.");
		}
	}

	ConversationSummary summaryFor(Conversation conversation, UserId me) {
		return summary(conversation, requireMember(conversation.id(), me));
	}

	private ConversationSummary summary(Conversation conversation, Membership membership) {
		return summaries(List.of(conversation), List.of(membership)).get(0);
	}

	/**
	 * Summaries of one member's conversations (pairwise with the member's rows), with
	 * member counts, direct peers and unread mentions read in three queries for the whole
	 * list.
	 */
	private List<ConversationSummary> summaries(List<Conversation> conversations, List<Membership> memberships) {
		if (conversations.isEmpty()) {
			return List.of();
		}
		List<Long> ids = conversations.stream().map((conversation) -> conversation.id().value()).toList();
		Map<Long, Integer> counts = new HashMap<>();
		this.memberships.memberCounts(ids).forEach((row) -> counts.put((Long) row[0], ((Number) row[1]).intValue()));
		Map<Long, Long> peers = new HashMap<>();
		this.memberships.othersIn(ids, memberships.get(0).userId(), ConversationKind.DIRECT)
			.forEach((row) -> peers.put((Long) row[0], (Long) row[1]));
		Map<Long, Long> mentions = new HashMap<>();
		this.memberships.unreadMentions(memberships.get(0).userId(), ids)
			.forEach((row) -> mentions.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
		List<ConversationSummary> summaries = new ArrayList<>();
		for (int i = 0; i < conversations.size(); i++) {
			long id = ids.get(i);
			summaries.add(conversations.get(i)
				.summary(memberships.get(i).readSeq(), peers.get(id), counts.getOrDefault(id, 0))
				.withUnreadMentions(mentions.getOrDefault(id, 0L)));
		}
		return summaries;
	}

	Conversation lockGroup(ConversationId id) {
		Conversation conversation = this.conversations.lockById(id.value()).orElseThrow(() -> notFound(id));
		if (conversation.kind() != ConversationKind.GROUP) {
			throw new DomainException(ErrorCode.VALIDATION_FAILED, "Direct conversations have no member management.");
		}
		return conversation;
	}

	Conversation lockOpenGroup(ConversationId id) {
		Conversation group = lockGroup(id);
		if (group.isDissolved()) {
			throw dissolved(id);
		}
		return group;
	}

	Membership requireManager(ConversationId id, UserId actor, String action) {
		Membership membership = requireMember(id, actor);
		if (!membership.role().managesMembers()) {
			throw new DomainException(ErrorCode.FORBIDDEN,
					"Only the owner and admins of the group may " + action + ".");
		}
		return membership;
	}

	Membership requireOwner(ConversationId id, UserId actor, String action) {
		Membership membership = requireMember(id, actor);
		if (membership.role() != MemberRole.OWNER) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Only the owner of the group may " + action + ".");
		}
		return membership;
	}

	Membership requireTarget(ConversationId id, UserId target) {
		return this.memberships.findByConversationIdAndUserId(id.value(), target.value())
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "User " + target + " is not in this group."));
	}

	List<UserId> audience(ConversationId id) {
		return toUserIds(this.memberships.memberIds(id.value()));
	}

	static DomainException dissolved(ConversationId id) {
		return new DomainException(ErrorCode.GROUP_DISSOLVED,
				"Group " + id + " was dissolved; its history stays readable, nothing more can be posted or changed.");
	}

	Membership requireMember(ConversationId id, UserId user) {
		return this.memberships.findByConversationIdAndUserId(id.value(), user.value())
			.orElseThrow(() -> notAMember(id));
	}

	static DomainException notAMember(ConversationId id) {
		return new DomainException(ErrorCode.NOT_A_MEMBER, "You are not a member of conversation " + id + ".");
	}

	Conversation find(ConversationId id) {
		return this.conversations.findById(id.value()).orElseThrow(() -> notFound(id));
	}

	private void checkSize(long size) {
		if (size > this.settings.maxGroupSize()) {
			throw new DomainException(ErrorCode.GROUP_FULL,
					"A group may have at most " + this.settings.maxGroupSize() + " members.");
		}
	}

	static DomainException notFound(ConversationId id) {
		return new DomainException(ErrorCode.NOT_FOUND, "No conversation with id " + id + ".");
	}

	static List<UserId> toUserIds(Collection<Long> ids) {
		return ids.stream().map(UserId::new).toList();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
