package im.core.message;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import im.core.account.UserId;

/**
 * A change to a stored message, or a typing indicator, for the members of a conversation
 * on {@code /user/queue/events}. History shows the change too; the event tells online
 * devices at once.
 */
public sealed interface MessageEvent {

	@JsonIgnore
	List<UserId> audience();

	@JsonProperty("type")
	String type();

	long conversationId();

	/** A message was recalled: its text is gone, its place ({@code seq}) stays. */
	record MessageRecalled(long conversationId, long seq, long messageId, long by,
			List<UserId> audience) implements MessageEvent {

		@Override
		public String type() {
			return "message-recalled";
		}

	}

	/** A message's text was edited by its sender. */
	record MessageEdited(long conversationId, long seq, long messageId, String text, Instant editedAt,
			List<UserId> audience) implements MessageEvent {

		@Override
		public String type() {
			return "message-edited";
		}

	}

	/** A member reacted to a message with an emoji. */
	record ReactionAdded(long conversationId, long seq, long messageId, String emoji, long userId,
			List<UserId> audience) implements MessageEvent {

		@Override
		public String type() {
			return "reaction-added";
		}

	}

	/** A member took their reaction back. */
	record ReactionRemoved(long conversationId, long seq, long messageId, String emoji, long userId,
			List<UserId> audience) implements MessageEvent {

		@Override
		public String type() {
			return "reaction-removed";
		}

	}

	/** A message was pinned in its conversation. */
	record MessagePinned(long conversationId, long seq, long messageId, long by, Instant pinnedAt,
			List<UserId> audience) implements MessageEvent {

		@Override
		public String type() {
			return "message-pinned";
		}

	}

	/** A message was unpinned. */
	record MessageUnpinned(long conversationId, long seq, long messageId, long by,
			List<UserId> audience) implements MessageEvent {

		@Override
		public String type() {
			return "message-unpinned";
		}

	}

	/** A member is typing; ephemeral, never stored. */
	record Typing(long conversationId, long userId, List<UserId> audience) implements MessageEvent {

		@Override
		public String type() {
			return "typing";
		}

	}

}
