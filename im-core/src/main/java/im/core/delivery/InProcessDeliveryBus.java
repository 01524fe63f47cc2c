package im.core.delivery;

import im.core.RunMode;
import im.core.account.UserId;
import im.core.error.ErrorCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Delivers within this instance: right for standalone mode, where this instance holds
 * every connection. A delivery published on commit is lost only if the process dies right
 * after the commit, and then every connection dies with it: the clients reconnect and
 * sync.
 */
@Component
@Profile(RunMode.STANDALONE)
class InProcessDeliveryBus implements DeliveryBus {

	private final ClientPush push;

	private final JsonMapper json;

	InProcessDeliveryBus(ClientPush push, JsonMapper json) {
		this.push = push;
		this.json = json;
	}

	@Override
	public void publish(Delivery delivery) {
		LocalPush.toEach(this.push, delivery.recipients(), delivery.queue(),
				this.json.writeValueAsBytes(delivery.payload()));
	}

	@Override
	public void publishOnCommit(Delivery delivery) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			publish(delivery);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				publish(delivery);
			}
		});
	}

	@Override
	public void publishToSession(SessionAddress session, UserId user, String queue, Object payload) {
		this.push.pushToSession(user, session.sessionId(), queue, this.json.writeValueAsBytes(payload));
	}

	@Override
	public void publishToDevice(UserId user, String deviceId, String queue, Object payload) {
		this.push.pushToDevice(user, deviceId, queue, this.json.writeValueAsBytes(payload));
	}

	/**
	 * Once the transaction it was published in commits, if any: a fan-out to a large room
	 * takes a while, and needs no database connection.
	 */
	@Override
	public void publishToRoom(String roomId, Object payload) {
		byte[] json = this.json.writeValueAsBytes(payload);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.push.pushToRoom(roomId, json);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				InProcessDeliveryBus.this.push.pushToRoom(roomId, json);
			}
		});
	}

	@Override
	public void broadcast(String queue, Object payload) {
		this.push.pushToEveryone(queue, this.json.writeValueAsBytes(payload));
	}

	@Override
	public void disconnect(SessionAddress session, ErrorCode code, String detail) {
		this.push.disconnect(session.sessionId(), code, detail);
	}

	@Override
	public void disconnectSignIn(SessionAddress session, String signIn, ErrorCode code, String detail) {
		this.push.disconnectSignIn(session.sessionId(), signIn, code, detail);
	}

}
