package im.core.delivery;

import java.util.function.Supplier;

import im.core.account.UserId;
import im.core.error.ErrorCode;

/**
 * The last hop, implemented by the STOMP adapter: push to the sessions this instance
 * holds.
 */
public interface ClientPush {

	/**
	 * Runs the work, holding back what it pushes to each session until it is done: then
	 * each session's pushes leave together, in one socket write, not one write each. A
	 * chat writer's batch answers every sender and delivers every message, and a sender's
	 * acknowledgement and the copy of its message for its own connection leave as one
	 * write. Pushes by other threads meanwhile are not held (and take along what waits).
	 */
	default <T> T together(Supplier<T> work) {
		return work.get();
	}

	/**
	 * Pushes to every session of the user that this instance holds.
	 * @param json the payload, already encoded as JSON: a delivery is encoded once, not
	 * once per recipient and device
	 */
	void push(UserId user, String queue, byte[] json);

	/**
	 * Pushes to one session of the user, if this instance holds it; no-op if it is gone.
	 */
	void pushToSession(UserId user, String sessionId, String queue, byte[] json);

	/**
	 * Pushes to the sessions of the user that this instance holds and that connected
	 * naming the device; no-op if there are none.
	 */
	void pushToDevice(UserId user, String deviceId, String queue, byte[] json);

	/** Pushes to this instance's sessions subscribed to the room. */
	void pushToRoom(String roomId, byte[] json);

	/** Pushes to every session this instance holds. */
	void pushToEveryone(String queue, byte[] json);

	/**
	 * Ends a subscription of one of this instance's sessions, as if the client had sent
	 * UNSUBSCRIBE (a live room that closed); no-op if it is gone.
	 */
	void unsubscribe(String sessionId, String subscriptionId);

	/**
	 * Closes one of this instance's sessions with an ERROR frame; no-op if it is gone.
	 */
	void disconnect(String sessionId, ErrorCode code, String detail);

	/**
	 * {@link #disconnect} if the session was opened with an access token of the sign-in
	 * given; no-op otherwise.
	 */
	void disconnectSignIn(String sessionId, String signIn, ErrorCode code, String detail);

}
