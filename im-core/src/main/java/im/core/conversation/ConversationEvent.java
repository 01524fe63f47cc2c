package im.core.conversation;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import im.core.account.UserId;

/**
 * Something that happened to a conversation's membership or read marks, published inside
 * the transaction that did it. Messages react by writing a system message; clients
 * receive it on {@code /user/queue/events} after commit.
 */
public sealed interface ConversationEvent {

	/**
	 * Who should hear of the event: the members after it happened, and anyone it removed.
	 */
	@JsonIgnore
	List<UserId> audience();

	/** The event's name on the wire, e.g. {@code members-added}. */
	@JsonProperty("type")
	String type();

	long conversationId();

	/** A group was created with its first members. */
	record GroupCreated(long conversationId, long by, List<Long> memberIds, String name,
			List<UserId> audience) implements ConversationEvent {

		@Override
		public String type() {
			return "group-created";
		}

	}

	/** Members were added to a group. */
	record MembersAdded(long conversationId, long by, List<Long> userIds,
			List<UserId> audience) implements ConversationEvent {

		@Override
		public String type() {
			return "members-added";
		}

	}

	/** A member left a group ({@code by} equals {@code userId}) or was removed. */
	record MemberRemoved(long conversationId, long by, long userId, Long newOwnerId,
			List<UserId> audience) implements ConversationEvent {

		@Override
		public String type() {
			return "member-removed";
		}

	}

	/** A member's read mark moved forward. */
	record ReadMarkMoved(long conversationId, long userId, long readSeq,
			List<UserId> audience) implements ConversationEvent {

		@Override
		public String type() {
			return "read";
		}

	}

	/**
	 * A group's name, description, avatar or announcement changed; null fields did not.
	 */
	record GroupUpdated(long conversationId, long by, String name, String description, String avatarUrl,
			String announcement, List<UserId> audience) implements ConversationEvent {

		@Override
		public String type() {
			return "group-updated";
		}

	}

	/** A member became admin, or an admin became member again. */
	record RoleChanged(long conversationId, long by, long userId, MemberRole role,
			List<UserId> audience) implements ConversationEvent {

		@Override
		public String type() {
			return "role-changed";
		}

	}

	/** The owner handed the group to another member and became an admin. */
	record OwnerChanged(long conversationId, long by, long newOwnerId,
			List<UserId> audience) implements ConversationEvent {

		@Override
		public String type() {
			return "owner-changed";
		}

	}

	/** A member was muted until a time, or unmuted ({@code until} null). */
	record MemberMuted(long conversationId, long by, long userId, Instant until,
			List<UserId> audience) implements ConversationEvent {

		@Override
		public String type() {
			return "member-muted";
		}

	}

	/** The whole group was muted (only owner and admins post) or unmuted. */
	record GroupMuted(long conversationId, long by, boolean muted, List<UserId> audience) implements ConversationEvent {

		@Override
		public String type() {
			return "group-muted";
		}

	}

	/** The group was dissolved: read-only from now on. */
	record GroupDissolved(long conversationId, long by, List<UserId> audience) implements ConversationEvent {

		@Override
		public String type() {
			return "group-dissolved";
		}

	}

}
