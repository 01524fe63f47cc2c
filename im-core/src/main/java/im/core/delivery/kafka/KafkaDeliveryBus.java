package im.core.delivery.kafka;

import java.util.ArrayList;
import java.util.List;

import im.core.RunMode;
import im.core.account.UserId;
import im.core.delivery.ClientPush;
import im.core.delivery.Delivery;
import im.core.delivery.DeliveryBus;
import im.core.delivery.SessionAddress;
import im.core.delivery.SessionRegistry;
import im.core.delivery.kafka.Outgoing.Broadcast;
import im.core.delivery.kafka.Outgoing.DevicePush;
import im.core.delivery.kafka.Outgoing.Disconnect;
import im.core.delivery.kafka.Outgoing.Push;
import im.core.delivery.kafka.Outgoing.RoomPush;
import im.core.delivery.kafka.Outgoing.SessionPush;
import im.core.error.ErrorCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Delivers across the instances of a cluster: through the relay, which serves this
 * instance's sessions itself and the others' through Kafka. What a transaction stores is
 * recorded in the outbox within that transaction, so a committed message reaches every
 * instance even if Kafka was unreachable at the time.
 */
@Component
@Profile(RunMode.CLUSTER)
class KafkaDeliveryBus implements DeliveryBus {

	private final DeliveryRelay relay;

	private final DeliveryOutbox outbox;

	private final ClientPush push;

	private final SessionRegistry registry;

	private final JsonMapper json;

	KafkaDeliveryBus(DeliveryRelay relay, DeliveryOutbox outbox, ClientPush push, SessionRegistry registry,
			JsonMapper json) {
		this.relay = relay;
		this.outbox = outbox;
		this.push = push;
		this.registry = registry;
		this.json = json;
	}

	@Override
	public void publish(Delivery delivery) {
		this.relay.offer(encode(delivery));
	}

	@Override
	public void publishOnCommit(Delivery delivery) {
		publishAllOnCommit(List.of(delivery));
	}

	/** One statement records them all: a batch of messages is one round trip here. */
	@Override
	public void publishAllOnCommit(List<Delivery> deliveries) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			deliveries.forEach(this::publish);
			return;
		}
		List<Push> encoded = deliveries.stream().map(this::encode).toList();
		List<Long> ids = this.outbox.record(encoded);
		List<Push> recorded = new ArrayList<>(encoded.size());
		for (int i = 0; i < encoded.size(); i++) {
			recorded.add(encoded.get(i).withOutboxId(ids.get(i)));
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				recorded.forEach(KafkaDeliveryBus.this.relay::offer);
			}
		});
	}

	@Override
	public void publishToSession(SessionAddress session, UserId user, String queue, Object payload) {
		byte[] encoded = this.json.writeValueAsBytes(payload);
		if (session.instanceId().equals(this.registry.localInstance())) {
			this.push.pushToSession(user, session.sessionId(), queue, encoded);
		}
		else {
			this.relay.offer(new SessionPush(session, user, queue, encoded));
		}
	}

	@Override
	public void publishToDevice(UserId user, String deviceId, String queue, Object payload) {
		this.relay.offer(new DevicePush(user, deviceId, queue, this.json.writeValueAsBytes(payload)));
	}

	@Override
	public void publishToRoom(String roomId, Object payload) {
		this.relay.offer(new RoomPush(roomId, this.json.writeValueAsBytes(payload)));
	}

	@Override
	public void broadcast(String queue, Object payload) {
		this.relay.offer(new Broadcast(queue, this.json.writeValueAsBytes(payload)));
	}

	@Override
	public void disconnect(SessionAddress session, ErrorCode code, String detail) {
		if (session.instanceId().equals(this.registry.localInstance())) {
			this.push.disconnect(session.sessionId(), code, detail);
		}
		else {
			this.relay.offer(new Disconnect(session, code, detail, null));
		}
	}

	@Override
	public void disconnectSignIn(SessionAddress session, String signIn, ErrorCode code, String detail) {
		if (session.instanceId().equals(this.registry.localInstance())) {
			this.push.disconnectSignIn(session.sessionId(), signIn, code, detail);
		}
		else {
			this.relay.offer(new Disconnect(session, code, detail, signIn));
		}
	}

	private Push encode(Delivery delivery) {
		return new Push(null, delivery.key(), delivery.recipients(), delivery.queue(),
				this.json.writeValueAsBytes(delivery.payload()));
	}

}
