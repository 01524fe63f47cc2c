package im.core.conversation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import im.core.account.UserId;
import im.core.text.LikePatterns;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What platform administrators do to groups they need not belong to: find them, and
 * override their roles (remove or mute any member, mute or dissolve the group). Each
 * change goes through the same step a group's own owner or admins take
 * ({@link ConversationService}, {@link GroupManagement}), so members see the usual event
 * and system message, naming the administrator.
 */
@Service
@Transactional
public class GroupAdministration {

	private final ConversationService conversations;

	private final GroupManagement management;

	private final ConversationRepository groups;

	private final MembershipRepository memberships;

	GroupAdministration(ConversationService conversations, GroupManagement management, ConversationRepository groups,
			MembershipRepository memberships) {
		this.conversations = conversations;
		this.management = management;
		this.groups = groups;
		this.memberships = memberships;
	}

	/**
	 * Groups whose name contains the query, ignoring case, most recently active first,
	 * dissolved ones too.
	 */
	@Transactional(readOnly = true)
	public Page<GroupOverview> search(String query, int page, int size) {
		Page<Conversation> found = this.groups.searchGroups(LikePatterns.containing(query), PageRequest.of(page, size));
		Map<Long, Integer> counts = new HashMap<>();
		if (!found.isEmpty()) {
			this.memberships.memberCounts(found.stream().map((group) -> group.id().value()).toList())
				.forEach((row) -> counts.put((Long) row[0], ((Number) row[1]).intValue()));
		}
		return found.map((group) -> GroupOverview
			.of(group.summary(group.lastSeq(), null, counts.getOrDefault(group.id().value(), 0))));
	}

	/** One group. */
	@Transactional(readOnly = true)
	public GroupOverview group(ConversationId id) {
		Conversation group = this.conversations.find(id);
		if (group.kind() != ConversationKind.GROUP) {
			throw ConversationService.notFound(id);
		}
		return overview(group);
	}

	/** A group's members and their roles, oldest member first. */
	@Transactional(readOnly = true)
	public List<Member> members(ConversationId id) {
		group(id);
		return this.memberships.findByConversationIdOrderByJoinedAtAscUserIdAsc(id.value())
			.stream()
			.map(Membership::toMember)
			.toList();
	}

	/**
	 * Removes a member, whatever their role; an owner's group passes to the
	 * longest-standing admin, or else member, as when an owner leaves.
	 */
	public void removeMember(UserId admin, ConversationId id, UserId target) {
		this.conversations.lockGroup(id);
		this.conversations.remove(admin, id, this.conversations.requireTarget(id, target));
	}

	/**
	 * Mutes a member, whatever their role, until a time; or unmutes ({@code until} null).
	 */
	public List<Member> muteMember(UserId admin, ConversationId id, UserId target, Instant until) {
		this.conversations.lockOpenGroup(id);
		this.management.mute(admin, id, this.conversations.requireTarget(id, target), until);
		return members(id);
	}

	/** Mutes the whole group (only its owner and admins post), or lifts it. */
	public GroupOverview muteAll(UserId admin, ConversationId id, boolean muted) {
		Conversation group = this.conversations.lockOpenGroup(id);
		this.management.muteAll(admin, group, muted);
		return overview(group);
	}

	/** Dissolves the group: members keep its history, read-only. */
	public GroupOverview dissolve(UserId admin, ConversationId id) {
		Conversation group = this.conversations.lockOpenGroup(id);
		this.management.dissolve(admin, group);
		return overview(group);
	}

	private GroupOverview overview(Conversation group) {
		return GroupOverview
			.of(group.summary(group.lastSeq(), null, (int) this.memberships.countByConversationId(group.id().value())));
	}

}
