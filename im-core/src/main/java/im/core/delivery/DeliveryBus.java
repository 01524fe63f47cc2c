package im.core.delivery;

import java.util.List;

import im.core.account.UserId;
import im.core.error.ErrorCode;

/**
 * Carries deliveries to the instances that hold the recipients' connections. Everything
 * that reaches a client goes through here, never through an instance-local shortcut, so
 * that a cluster bus can replace the in-process one without touching the features.
 */
public interface DeliveryBus {

	/**
	 * Hands on something that is not stored (typing, presence): at most once, and never
	 * throws for an offline or failing recipient.
	 */
	void publish(Delivery delivery);

	/**
	 * Hands on what the current transaction stores (a message, a recall, a membership
	 * change) once it commits, and not at all if it rolls back. In a cluster the delivery
	 * is recorded in the transaction, so that it goes out even if the bus is unreachable
	 * at commit (at least once). Outside a transaction this is {@link #publish}.
	 */
	void publishOnCommit(Delivery delivery);

	/**
	 * {@link #publishOnCommit} for several deliveries of one transaction (a batch of
	 * messages), recorded together.
	 */
	default void publishAllOnCommit(List<Delivery> deliveries) {
		deliveries.forEach(this::publishOnCommit);
	}

	/**
	 * Hands something that is not stored (a WebRTC signal) to one connection of a user,
	 * wherever it lives: at most once, and never throws for a connection that is gone.
	 * What is published to one connection reaches it in the order published.
	 */
	void publishToSession(SessionAddress session, UserId user, String queue, Object payload);

	/**
	 * Hands something that is not stored (an integrator's push) to the connections of a
	 * user that named the device when they connected, wherever they live: at most once.
	 */
	void publishToDevice(UserId user, String deviceId, String queue, Object payload);

	/**
	 * Hands something that is not stored to every connection in a live room, on every
	 * instance: at most once.
	 */
	void publishToRoom(String roomId, Object payload);

	/**
	 * Hands something that is not stored to every connection on every instance: at most
	 * once.
	 */
	void broadcast(String queue, Object payload);

	/** Closes a connection, wherever it lives, with an ERROR frame that says why. */
	void disconnect(SessionAddress session, ErrorCode code, String detail);

	/**
	 * {@link #disconnect} only if the connection was opened with an access token of the
	 * sign-in given (a session ended by signing out): the instance holding it decides, as
	 * only it knows its connections' tokens.
	 */
	void disconnectSignIn(SessionAddress session, String signIn, ErrorCode code, String detail);

}
