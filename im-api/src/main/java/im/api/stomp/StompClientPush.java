package im.api.stomp;

import java.util.function.Supplier;

import im.core.account.UserId;
import im.core.delivery.ClientPush;
import im.core.error.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * Pushes to the STOMP sessions of a user that this instance holds: every session
 * subscribed to {@code /user/queue/<queue>} under the user's id (the principal name of a
 * connection), written straight into the session's send queue ({@link UserQueues}).
 */
@Component
class StompClientPush implements ClientPush {

	private final ConnectedUsers users;

	private final OpenConnections connections;

	private final StompErrors errors;

	private final ConnectedDevices devices;

	private final RoomFanout rooms;

	private final UserQueues queues;

	StompClientPush(ConnectedUsers users, OpenConnections connections, StompErrors errors, ConnectedDevices devices,
			RoomFanout rooms, UserQueues queues) {
		this.queues = queues;
		this.users = users;
		this.connections = connections;
		this.errors = errors;
		this.devices = devices;
		this.rooms = rooms;
	}

	@Override
	public <T> T together(Supplier<T> work) {
		return HeldWrites.together(work);
	}

	@Override
	public void push(UserId user, String queue, byte[] json) {
		for (String sessionId : this.users.sessionsOf(user.toString())) {
			this.queues.push(sessionId, queue, json);
		}
	}

	@Override
	public void pushToSession(UserId user, String sessionId, String queue, byte[] json) {
		if (this.users.sessionsOf(user.toString()).contains(sessionId)) {
			this.queues.push(sessionId, queue, json);
		}
	}

	@Override
	public void pushToDevice(UserId user, String deviceId, String queue, byte[] json) {
		for (String sessionId : this.users.sessionsOf(user.toString())) {
			if (deviceId.equals(this.devices.deviceOf(sessionId))) {
				this.queues.push(sessionId, queue, json);
			}
		}
	}

	/** Past the broker: a room's fan-out encodes once for its whole audience. */
	@Override
	public void pushToRoom(String roomId, byte[] json) {
		this.rooms.push(roomId, json);
	}

	@Override
	public void pushToEveryone(String queue, byte[] json) {
		for (String name : this.users.names()) {
			if (name.startsWith("guest-")) {
				// guests follow live rooms only; they have no user queues
				continue;
			}
			for (String sessionId : this.users.sessionsOf(name)) {
				this.queues.push(sessionId, queue, json);
			}
		}
	}

	/** Ends the subscription, as the client's UNSUBSCRIBE would. */
	@Override
	public void unsubscribe(String sessionId, String subscriptionId) {
		this.rooms.unsubscribed(sessionId, subscriptionId);
		this.queues.unsubscribed(sessionId, subscriptionId);
	}

	@Override
	public void disconnect(String sessionId, ErrorCode code, String detail) {
		this.connections.closeWithError(sessionId, this.errors.frameFor(code, detail));
	}

	@Override
	public void disconnectSignIn(String sessionId, String signIn, ErrorCode code, String detail) {
		this.connections.closeWithError(sessionId, signIn, this.errors.frameFor(code, detail));
	}

}
