package im.core.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import im.core.account.UserId;
import im.core.conversation.ConversationEvent.GroupDissolved;
import im.core.conversation.ConversationEvent.GroupMuted;
import im.core.conversation.ConversationEvent.GroupUpdated;
import im.core.conversation.ConversationEvent.MemberMuted;
import im.core.conversation.ConversationEvent.OwnerChanged;
import im.core.conversation.ConversationEvent.RoleChanged;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a group's owner and admins do to it: change its name and announcement, give and
 * take the admin role, hand the group over, mute members or everyone, dissolve it. Who
 * joins and leaves is {@link ConversationService}'s; platform administrators take the
 * same steps through {@link GroupAdministration}. Every change is an event to the
 * members, which becomes their push and the group's system message.
 */
@Service
@Transactional
public class GroupManagement {

	private final ConversationService conversations;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	GroupManagement(ConversationService conversations, ApplicationEventPublisher events, Clock clock) {
		this.conversations = conversations;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Changes a group's name, description, avatar or announcement; owner and admins may.
	 */
	public ConversationSummary updateGroup(UserId actor, ConversationId id, GroupChange change) {
		Conversation group = this.conversations.lockOpenGroup(id);
		this.conversations.requireManager(id, actor, "change the group");
		group.change(change);
		this.events.publishEvent(new GroupUpdated(id.value(), actor.value(), change.name(), change.description(),
				change.avatarUrl(), change.announcement(), this.conversations.audience(id)));
		return this.conversations.summaryFor(group, actor);
	}

	/** Makes a member an admin, or an admin a member again; the owner may. */
	public List<Member> setRole(UserId actor, ConversationId id, UserId target, MemberRole role) {
		this.conversations.lockOpenGroup(id);
		this.conversations.requireOwner(id, actor, "change roles");
		if (role == MemberRole.OWNER) {
			throw new InvalidField("role", "role must be ADMIN or MEMBER; hand the group over with POST .../owner.");
		}
		Membership member = this.conversations.requireTarget(id, target);
		if (member.role() == MemberRole.OWNER) {
			throw new DomainException(ErrorCode.FORBIDDEN, "The owner's role changes only by handing the group over.");
		}
		member.promote(role);
		this.events.publishEvent(
				new RoleChanged(id.value(), actor.value(), target.value(), role, this.conversations.audience(id)));
		return this.conversations.members(actor, id);
	}

	/** Hands the group to another member; the owner becomes an admin. */
	public List<Member> transferOwnership(UserId actor, ConversationId id, UserId newOwner) {
		this.conversations.lockOpenGroup(id);
		Membership owner = this.conversations.requireOwner(id, actor, "hand the group over");
		Membership heir = this.conversations.requireTarget(id, newOwner);
		if (!actor.equals(newOwner)) {
			owner.promote(MemberRole.ADMIN);
			heir.promote(MemberRole.OWNER);
			this.events.publishEvent(
					new OwnerChanged(id.value(), actor.value(), newOwner.value(), this.conversations.audience(id)));
		}
		return this.conversations.members(actor, id);
	}

	/**
	 * Mutes a member until a time, or unmutes ({@code until} null). Owner and admins may;
	 * only the owner mutes admins; nobody mutes the owner.
	 */
	public List<Member> muteMember(UserId actor, ConversationId id, UserId target, Instant until) {
		this.conversations.lockOpenGroup(id);
		Membership manager = this.conversations.requireManager(id, actor, "mute members");
		Membership member = this.conversations.requireTarget(id, target);
		if (member.role() == MemberRole.OWNER
				|| (member.role() == MemberRole.ADMIN && manager.role() != MemberRole.OWNER)) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Your role in this group may not mute this member.");
		}
		mute(actor, id, member, until);
		return this.conversations.members(actor, id);
	}

	void mute(UserId actor, ConversationId id, Membership member, Instant until) {
		if (until != null && !until.isAfter(this.clock.instant())) {
			throw new InvalidField("until", "until must be in the future.");
		}
		member.muteUntil(until);
		this.events.publishEvent(
				new MemberMuted(id.value(), actor.value(), member.userId(), until, this.conversations.audience(id)));
	}

	/**
	 * Mutes the whole group (only owner and admins post) or lifts it; owner and admins
	 * may.
	 */
	public ConversationSummary muteAll(UserId actor, ConversationId id, boolean muted) {
		Conversation group = this.conversations.lockOpenGroup(id);
		this.conversations.requireManager(id, actor, "mute the group");
		muteAll(actor, group, muted);
		return this.conversations.summaryFor(group, actor);
	}

	void muteAll(UserId actor, Conversation group, boolean muted) {
		group.muteAll(muted);
		this.events.publishEvent(
				new GroupMuted(group.id().value(), actor.value(), muted, this.conversations.audience(group.id())));
	}

	/** Dissolves the group: members keep its history, read-only. The owner may. */
	public void dissolve(UserId actor, ConversationId id) {
		Conversation group = this.conversations.lockOpenGroup(id);
		this.conversations.requireOwner(id, actor, "dissolve the group");
		dissolve(actor, group);
	}

	void dissolve(UserId actor, Conversation group) {
		group.dissolve(this.clock.instant());
		this.events.publishEvent(
				new GroupDissolved(group.id().value(), actor.value(), this.conversations.audience(group.id())));
	}

}
