package im.core.delivery.kafka;

import java.util.List;

import im.core.account.UserId;
import im.core.delivery.SessionAddress;
import im.core.error.ErrorCode;

/** What the relay hands to the sessions it concerns, on this instance or another. */
sealed interface Outgoing {

	/**
	 * A payload for the recipients' devices.
	 *
	 * @param outboxId its row in the outbox, to delete once sent; null for what is not
	 * stored (typing, presence)
	 */
	record Push(Long outboxId, String key, List<UserId> recipients, String queue, byte[] json) implements Outgoing {

		Push withOutboxId(long id) {
			return new Push(id, this.key, this.recipients, this.queue, this.json);
		}

	}

	/** A payload for one session of a user, on the instance that holds it. */
	record SessionPush(SessionAddress session, UserId user, String queue, byte[] json) implements Outgoing {

	}

	/**
	 * A payload for the sessions of a user that named the device, on whichever instances
	 * hold the user's sessions.
	 */
	record DevicePush(UserId user, String deviceId, String queue, byte[] json) implements Outgoing {

	}

	/** A payload for every session in a room, on every instance. */
	record RoomPush(String roomId, byte[] json) implements Outgoing {

	}

	/** A payload for every session on every instance. */
	record Broadcast(String queue, byte[] json) implements Outgoing {

	}

	/**
	 * Close one session, on the instance that holds it; with a sign-in (not null), only
	 * if the session was opened with an access token of that sign-in.
	 */
	record Disconnect(SessionAddress session, ErrorCode code, String detail, String signIn) implements Outgoing {

	}

}
