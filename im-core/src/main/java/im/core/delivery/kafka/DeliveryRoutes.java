package im.core.delivery.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import im.core.account.UserId;
import im.core.delivery.ClientPush;
import im.core.delivery.ClusterSettings;
import im.core.delivery.LocalPush;
import im.core.delivery.SessionRegistry;
import im.core.delivery.kafka.Outgoing.Broadcast;
import im.core.delivery.kafka.Outgoing.DevicePush;
import im.core.delivery.kafka.Outgoing.Disconnect;
import im.core.delivery.kafka.Outgoing.Push;
import im.core.delivery.kafka.Outgoing.RoomPush;
import im.core.delivery.kafka.Outgoing.SessionPush;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each delivery of a relayed batch goes: this instance's sessions are pushed to
 * directly, and each other instance that holds a recipient's session (the session
 * registry says which, one look-up per batch) gets a record ({@link DeliveryRecords}). If
 * the registry does not answer, a delivery goes to every instance rather than to none.
 * The {@link DeliveryRelay} sends the records.
 */
final class DeliveryRoutes {

	private static final Logger log = LoggerFactory.getLogger(DeliveryRoutes.class);

	private final SessionRegistry registry;

	private final ClientPush push;

	private final ClusterSettings settings;

	/** After the registry failed, how long every delivery goes to every instance. */
	private final Duration backoff;

	private volatile long registryDownUntil;

	DeliveryRoutes(SessionRegistry registry, ClientPush push, ClusterSettings settings, Duration backoff) {
		this.registry = registry;
		this.push = push;
		this.settings = settings;
		this.backoff = backoff;
	}

	/** What to do for this instance's own sessions. */
	enum LocalSessions {

		/** Push to them directly. */
		PUSH,

		/** Nothing: the relay pushed to them when it left the delivery in the outbox. */
		ALREADY_PUSHED,

		/** Send through Kafka like for any other instance: a dead one's row. */
		THROUGH_KAFKA

	}

	/**
	 * Routes a batch: pushes to this instance's sessions as {@code local} says, and
	 * returns, in the batch's order, the records each delivery needs for the other
	 * instances (none if no other instance holds a recipient's session).
	 */
	List<Routed> route(List<Queued> batch, LocalSessions local) {
		Map<UserId, Set<String>> holders = holders(batch);
		List<Routed> routed = new ArrayList<>(batch.size());
		for (Queued queued : batch) {
			List<ProducerRecord<String, byte[]>> records = switch (queued.outgoing()) {
				case Push delivery -> route(delivery, holders, local);
				case SessionPush delivery -> sessionRecord(delivery);
				case DevicePush delivery -> deviceRecords(delivery, holders);
				case Broadcast delivery -> broadcastRecord(delivery);
				case RoomPush delivery -> roomRecord(delivery);
				case Disconnect disconnect -> disconnectRecord(disconnect);
			};
			Long id = (queued.outgoing() instanceof Push delivery) ? delivery.outboxId() : null;
			routed.add(new Routed(id, records, queued.offeredAt()));
		}
		return routed;
	}

	/**
	 * The instances holding a session of each recipient in the batch, in one look-up;
	 * null while the registry does not answer or is not complete.
	 */
	private Map<UserId, Set<String>> holders(List<Queued> batch) {
		if (System.nanoTime() < this.registryDownUntil || !this.registry.complete()) {
			return null;
		}
		Set<UserId> recipients = new HashSet<>();
		for (Queued queued : batch) {
			Outgoing outgoing = queued.outgoing();
			if (outgoing instanceof Push delivery) {
				recipients.addAll(delivery.recipients());
			}
			else if (outgoing instanceof DevicePush delivery) {
				recipients.add(delivery.user());
			}
		}
		if (recipients.isEmpty()) {
			return Map.of();
		}
		try {
			return this.registry.instancesHolding(recipients);
		}
		catch (RuntimeException ex) {
			log.warn("Session registry unavailable ({}); delivering to every instance for {}", ex.toString(),
					this.backoff);
			this.registryDownUntil = System.nanoTime() + this.backoff.toNanos();
			return null;
		}
	}

	/**
	 * Pushes to this instance's sessions as {@code local} says and returns the records
	 * for the other instances that hold a recipient's session: none if there are none.
	 */
	private List<ProducerRecord<String, byte[]>> route(Push delivery, Map<UserId, Set<String>> holders,
			LocalSessions local) {
		Set<String> targets = new HashSet<>();
		if (holders == null) {
			targets.add(DeliveryRecords.EVERY_INSTANCE);
		}
		else {
			delivery.recipients().forEach((recipient) -> targets.addAll(holders.getOrDefault(recipient, Set.of())));
		}
		String here = this.registry.localInstance();
		boolean pushedHere = false;
		if (local == LocalSessions.PUSH && (holders == null || targets.remove(here))) {
			LocalPush.toEach(this.push, delivery.recipients(), delivery.queue(), delivery.json());
			pushedHere = true;
		}
		else if (local == LocalSessions.ALREADY_PUSHED) {
			targets.remove(here);
			pushedHere = true;
		}
		log.debug("Push {} to {}", delivery.key(), targets);
		return DeliveryRecords.addressed(delivery, targets, pushedHere ? here : null, this.settings);
	}

	/** Keyed by the session, so that an offer, then its candidates, reach it in order. */
	private List<ProducerRecord<String, byte[]>> sessionRecord(SessionPush delivery) {
		return DeliveryRecords.addressed(delivery, Set.of(delivery.session().instanceId()), null, this.settings);
	}

	/**
	 * Pushes to the device's sessions here and returns the records for the other
	 * instances holding a session of the user: none if there are none.
	 */
	private List<ProducerRecord<String, byte[]>> deviceRecords(DevicePush delivery, Map<UserId, Set<String>> holders) {
		Set<String> targets = new HashSet<>();
		if (holders == null) {
			targets.add(DeliveryRecords.EVERY_INSTANCE);
		}
		else {
			targets.addAll(holders.getOrDefault(delivery.user(), Set.of()));
		}
		String here = this.registry.localInstance();
		boolean pushedHere = holders == null || targets.remove(here);
		if (pushedHere) {
			pushLocally(() -> this.push.pushToDevice(delivery.user(), delivery.deviceId(), delivery.queue(),
					delivery.json()));
		}
		return DeliveryRecords.addressed(delivery, targets, pushedHere ? here : null, this.settings);
	}

	/** Pushes to every session here and returns the record for every other instance. */
	private List<ProducerRecord<String, byte[]>> broadcastRecord(Broadcast delivery) {
		pushLocally(() -> this.push.pushToEveryone(delivery.queue(), delivery.json()));
		return DeliveryRecords.addressed(delivery, Set.of(DeliveryRecords.EVERY_INSTANCE),
				this.registry.localInstance(), this.settings);
	}

	/**
	 * Pushes to the room's audience here and returns the record for every other instance,
	 * keyed by the room so that what is said in it keeps its order.
	 */
	private List<ProducerRecord<String, byte[]>> roomRecord(RoomPush delivery) {
		pushLocally(() -> this.push.pushToRoom(delivery.roomId(), delivery.json()));
		return DeliveryRecords.addressed(delivery, Set.of(DeliveryRecords.EVERY_INSTANCE),
				this.registry.localInstance(), this.settings);
	}

	private static void pushLocally(Runnable push) {
		try {
			push.run();
		}
		catch (RuntimeException ex) {
			// the other instances still get theirs
			log.warn("Could not push to this instance's sessions: {}", ex.toString());
		}
	}

	private List<ProducerRecord<String, byte[]>> disconnectRecord(Disconnect disconnect) {
		return DeliveryRecords.addressed(disconnect, Set.of(disconnect.session().instanceId()), null, this.settings);
	}

	/** A delivery waiting for the relay, since {@code offeredAt} ({@code nanoTime}). */
	record Queued(Outgoing outgoing, long offeredAt) {

		/** Rows read from the outbox: their wait is not timed. */
		static List<Queued> untimed(List<? extends Outgoing> outgoing) {
			return outgoing.stream().map((each) -> new Queued(each, 0)).toList();
		}

	}

	/**
	 * A delivery routed, with the records it needs for other instances (none when no
	 * other instance holds a recipient's session) and its outbox row, if stored.
	 */
	record Routed(Long outboxId, List<ProducerRecord<String, byte[]>> records, long offeredAt) {
	}

}
