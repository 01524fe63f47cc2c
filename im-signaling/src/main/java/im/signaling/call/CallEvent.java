package im.signaling.call;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What happens to a call, pushed on {@code /user/queue/calls} to every device of every
 * member of its conversation: devices ring on {@code call-ringing} and stop when the call
 * is accepted on another device, declined or ended.
 */
public sealed interface CallEvent {

	/** The event's name on the wire. */
	@JsonProperty("type")
	String type();

	long callId();

	long conversationId();

	/**
	 * A call started: every member but the caller is invited until {@code ringUntil}.
	 */
	record Ringing(long callId, long conversationId, CallKind kind, long callerId, boolean group,
			Instant ringUntil) implements CallEvent {

		@Override
		public String type() {
			return "call-ringing";
		}

	}

	/**
	 * The user joined the call, answering it if it rang: their other devices stop
	 * ringing.
	 */
	record Accepted(long callId, long conversationId, long userId) implements CallEvent {

		@Override
		public String type() {
			return "call-accepted";
		}

	}

	/** A member of a group declined the invitation; the call goes on without them. */
	record Declined(long callId, long conversationId, long userId) implements CallEvent {

		@Override
		public String type() {
			return "call-declined";
		}

	}

	/**
	 * The call is over. Also the body of the system message it leaves in the
	 * conversation's history.
	 *
	 * @param answered whether anyone but the caller ever joined
	 * @param durationSeconds from the answer to the end; zero when unanswered
	 * @param participantIds everyone who took part, the caller first
	 */
	record Ended(long callId, long conversationId, CallKind kind, long callerId, CallEndReason reason, boolean answered,
			long durationSeconds, List<Long> participantIds) implements CallEvent {

		@Override
		public String type() {
			return "call-ended";
		}

	}

}
