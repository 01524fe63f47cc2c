package im.signaling.call;

import java.time.Instant;
import java.util.List;

/**
 * A call that rings or runs in one of the user's conversations.
 *
 * @param ringUntil until when it rings if nobody answers
 * @param participants who is in it now
 */
public record RunningCall(long callId, long conversationId, CallKind kind, CallState state, long callerId,
		Instant startedAt, Instant ringUntil, List<Peer> participants) {

}
