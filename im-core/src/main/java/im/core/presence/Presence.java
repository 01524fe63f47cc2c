package im.core.presence;

import java.time.Instant;

/**
 * Whether a user is online, and when they were last seen if not. Pushed as a
 * {@code presence} event on {@code /user/queue/events} to everyone sharing a conversation
 * with the user.
 */
public record Presence(long userId, boolean online, Instant lastSeenAt) {

	/** The event's name on the wire. */
	public String getType() {
		return "presence";
	}

}
