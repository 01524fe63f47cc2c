package im.core.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import im.core.RunMode;
import im.core.account.UserId;
import im.core.delivery.Outgoing.Disconnect;
import im.core.delivery.Outgoing.Broadcast;
import im.core.delivery.Outgoing.DevicePush;
import im.core.delivery.Outgoing.Push;
import im.core.delivery.Outgoing.RoomPush;
import im.core.delivery.Outgoing.SessionPush;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends deliveries on, off the threads that publish them: to this instance's own sessions
 * directly, to the other instances holding a recipient's session (the session registry
 * says which, one look-up per batch) through Kafka. Nothing a client does ever waits on
 * Kafka, and neither do this instance's own sessions: one thread routes each batch and
 * pushes to them, another sends what the batch holds for the others to Kafka and waits
 * for its acknowledgement (up to the producer's delivery timeout when Kafka has just
 * gone).
 * <p>
 * A delivery recorded in the outbox is deleted once Kafka has it: within
 * {@link #DELETE_DELAY}, many rows to a statement, as a statement (and its commit) per
 * relayed batch costs the database more than the batch itself. If Kafka does not take
 * one, this instance has a backlog: its own sessions are still served at once, but what
 * is recorded stays in the outbox, and the drain sends the backlog oldest first once
 * Kafka answers again, before the relay sends anything new, so that other instances get
 * one conversation's deliveries in order. The sweep sends the rows of an instance that
 * died between commit and send. At least once. If Redis does not answer, a delivery goes
 * to every instance ({@code *}) rather than to none.
 */
@Component
@Profile(RunMode.CLUSTER)
class DeliveryRelay implements SmartLifecycle {

	static final String KIND = "im-kind";

	static final String TARGETS = "im-targets";

	/** An instance that already has the delivery, though it is one of the targets. */
	static final String EXCEPT = "im-except";

	static final String QUEUE = "im-queue";

	static final String RECIPIENTS = "im-recipients";

	static final String SESSION = "im-session";

	static final String CODE = "im-code";

	static final String DEVICE = "im-device";

	static final String ROOM = "im-room";

	static final String EVERY_INSTANCE = "*";

	private static final Logger log = LoggerFactory.getLogger(DeliveryRelay.class);

	private static final int BATCH = 500;

	private static final Duration BACKOFF = Duration.ofSeconds(5);

	/**
	 * How long a sent row may wait to be deleted with others. Should the instance die
	 * meanwhile, the sweep sends it again (at least once: clients keep one copy by seq).
	 */
	static final Duration DELETE_DELAY = Duration.ofMillis(200);

	private static final long SEND_TIMEOUT_MILLIS = 10_000;

	private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>(100_000);

	/** Routed deliveries waiting for Kafka, in the order they were routed. */
	private final BlockingQueue<Routed> forKafka = new LinkedBlockingQueue<>(100_000);

	private final KafkaTemplate<String, byte[]> kafka;

	private final SessionRegistry registry;

	private final ClientPush push;

	private final DeliveryOutbox outbox;

	private final TransactionTemplate transactions;

	private final ClusterSettings settings;

	private final DeliveryTimings timings;

	/**
	 * Whether this instance's rows wait in the outbox. True at start: rows of a previous
	 * run under the same {@code IM_INSTANCE_ID} go first.
	 */
	private final AtomicBoolean backlog = new AtomicBoolean(true);

	/**
	 * Held while the sender sends a batch, so the drain can end the backlog between two.
	 */
	private final ReentrantLock relaying = new ReentrantLock();

	/**
	 * Outbox ids of rows sent (or needing no sending) but not yet deleted; guarded by
	 * {@link #relaying}.
	 */
	private final List<Long> sentRows = new ArrayList<>();

	/** When the oldest of {@link #sentRows} is due for deletion (nanoTime). */
	private long deleteDue;

	/**
	 * Whether the last deletion failed: it is logged once, and retried after the back-off
	 * rather than at every relayed batch.
	 */
	private volatile boolean deleteFailing;

	private volatile Thread router;

	private volatile Thread sender;

	private volatile long kafkaDownUntil;

	private volatile long registryDownUntil;

	DeliveryRelay(KafkaTemplate<String, byte[]> kafka, SessionRegistry registry, ClientPush push, DeliveryOutbox outbox,
			TransactionTemplate transactions, ClusterSettings settings, DeliveryTimings timings) {
		this.kafka = kafka;
		this.registry = registry;
		this.push = push;
		this.outbox = outbox;
		this.transactions = transactions;
		this.settings = settings;
		this.timings = timings;
	}

	/** Queues for sending; what is stored survives a full queue in the outbox. */
	void offer(Outgoing outgoing) {
		if (!this.queue.offer(new Queued(outgoing, System.nanoTime()))) {
			dropped(outgoing.getClass().getSimpleName(),
					(outgoing instanceof Push delivery) ? delivery.outboxId() : null);
		}
	}

	private void dropped(String what, Long outboxId) {
		if (outboxId != null) {
			this.backlog.set(true);
		}
		log.warn("Delivery queue full; dropped a {} (stored ones are sent from the outbox)", what);
	}

	/** Whether Kafka failed to take a delivery in the last few seconds. */
	boolean kafkaFailing() {
		return System.nanoTime() < this.kafkaDownUntil;
	}

	@Override
	public void start() {
		Thread sending = Thread.ofPlatform().name("delivery-sender").daemon().unstarted(this::sendToKafka);
		Thread routing = Thread.ofPlatform().name("delivery-relay").daemon().unstarted(this::route);
		this.sender = sending;
		this.router = routing;
		sending.start();
		routing.start();
	}

	@Override
	public void stop() {
		// the router first, so that the sender still sends what it routed last
		Thread routing = this.router;
		this.router = null;
		stop(routing);
		Thread sending = this.sender;
		this.sender = null;
		stop(sending);
	}

	private static void stop(Thread running) {
		if (running != null) {
			running.interrupt();
			try {
				// the sender's last acts are sending what it was handed and deleting what
				// it sent, while the database is still there
				running.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.router != null;
	}

	/**
	 * The router: takes what was published, in batches, pushes to this instance's
	 * sessions and hands the records for the others to the sender.
	 */
	private void route() {
		List<Queued> taken = new ArrayList<>(BATCH);
		// a relay stopped and started again must not leave its old thread running too
		while (this.router == Thread.currentThread()) {
			try {
				taken.add(this.queue.take());
				this.queue.drainTo(taken, BATCH - 1);
				for (Routed routed : route(taken, LocalSessions.PUSH)) {
					if (!routed.records().isEmpty() || routed.outboxId() != null) {
						handToSender(routed);
					}
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				this.backlog.set(true);
				log.error("Delivery relay failed to route a batch of {}", taken.size(), ex);
			}
			finally {
				taken.clear();
			}
		}
	}

	private void handToSender(Routed routed) {
		if (!this.forKafka.offer(routed)) {
			dropped("routed delivery", routed.outboxId());
		}
	}

	/**
	 * The sender: sends routed deliveries to Kafka a batch at a time, each batch
	 * acknowledged before the next, and deletes the rows sent.
	 */
	private void sendToKafka() {
		List<Routed> taken = new ArrayList<>(BATCH);
		Thread self = Thread.currentThread();
		try {
			while (this.sender == self) {
				try {
					Routed first = this.forKafka.poll(untilDeleteDue(), TimeUnit.NANOSECONDS);
					if (first != null) {
						taken.add(first);
						this.forKafka.drainTo(taken, BATCH - 1);
						long now = System.nanoTime();
						for (Routed routed : taken) {
							if (!routed.records().isEmpty()) {
								this.timings.relayWaited(routed.offeredAt(), now);
							}
						}
						sendBatch(taken);
					}
					deleteSentWhenDue();
				}
				catch (InterruptedException ex) {
					break;
				}
				catch (RuntimeException ex) {
					this.backlog.set(true);
					log.error("Delivery relay failed to send a batch of {}", taken.size(), ex);
				}
				finally {
					taken.clear();
				}
			}
		}
		finally {
			// stopping, after the router: what it handed over is sent, and the rows sent
			// are deleted (a restart under the same IM_INSTANCE_ID would send them again)
			Thread.interrupted();
			this.forKafka.drainTo(taken);
			sendQuietly(taken);
			deleteSentQuietly();
		}
	}

	private void sendBatch(List<Routed> batch) throws InterruptedException {
		this.relaying.lockInterruptibly();
		try {
			boolean toKafka = !this.backlog.get() && !kafkaFailing();
			List<Long> sent = transmit(batch, toKafka);
			if (!sent.isEmpty() && this.sentRows.isEmpty()) {
				this.deleteDue = System.nanoTime() + DELETE_DELAY.toNanos();
			}
			this.sentRows.addAll(sent);
			if (sent.size() < recorded(batch)) {
				this.backlog.set(true);
			}
		}
		finally {
			this.relaying.unlock();
		}
	}

	private void sendQuietly(List<Routed> batch) {
		if (batch.isEmpty()) {
			return;
		}
		try {
			sendBatch(batch);
		}
		catch (InterruptedException | RuntimeException ex) {
			// what is stored stays in the outbox: sent again by a restart or the sweep
			log.warn("Could not send {} deliveries while stopping ({})", batch.size(), ex.toString());
		}
	}

	/**
	 * How long the relay may wait for deliveries before sent rows are due for deletion.
	 */
	private long untilDeleteDue() {
		this.relaying.lock();
		try {
			long idle = TimeUnit.SECONDS.toNanos(1);
			return this.sentRows.isEmpty() ? idle : Math.clamp(this.deleteDue - System.nanoTime(), 0, idle);
		}
		finally {
			this.relaying.unlock();
		}
	}

	/**
	 * Deletes the rows sent so far, when due (or {@code now}); on failure they are kept
	 * for the next attempt rather than sent again.
	 */
	private void deleteSent(boolean now) {
		this.relaying.lock();
		try {
			// a full batch goes at once, unless the last attempt failed: then it waits
			// for
			// the back-off like the rest
			boolean full = this.sentRows.size() >= BATCH && !this.deleteFailing;
			if (this.sentRows.isEmpty() || !(now || full || System.nanoTime() - this.deleteDue >= 0)) {
				return;
			}
			this.outbox.delete(List.copyOf(this.sentRows));
			this.sentRows.clear();
		}
		finally {
			this.relaying.unlock();
		}
	}

	private void deleteSentWhenDue() {
		try {
			deleteSent(false);
			this.deleteFailing = false;
		}
		catch (RuntimeException ex) {
			this.relaying.lock();
			try {
				this.deleteDue = System.nanoTime() + BACKOFF.toNanos();
			}
			finally {
				this.relaying.unlock();
			}
			if (!this.deleteFailing) {
				this.deleteFailing = true;
				log.warn("Could not delete {} sent deliveries from the outbox; trying again in {} ({})",
						this.sentRows.size(), BACKOFF, ex.toString());
			}
		}
	}

	private void deleteSentQuietly() {
		try {
			deleteSent(true);
		}
		catch (RuntimeException ex) {
			log.warn("Could not delete {} sent deliveries from the outbox; they may be sent again ({})",
					this.sentRows.size(), ex.toString());
		}
	}

	/**
	 * Sends this instance's backlog, oldest first, once Kafka answers; the last rows with
	 * the relay held, so that nothing it sends next overtakes them.
	 */
	@Scheduled(fixedDelay = 1000, initialDelay = 1000)
	void drainBacklog() {
		if (!this.backlog.get() || kafkaFailing()) {
			return;
		}
		long total = 0;
		int found;
		// rows already sent are not backlog
		deleteSent(true);
		do {
			// the relay goes on serving this instance's sessions meanwhile
			found = sendOwn();
			total += found;
		}
		while (found == BATCH && !kafkaFailing());
		this.relaying.lock();
		try {
			deleteSent(true);
			do {
				found = sendOwn();
				total += found;
			}
			while (found == BATCH && !kafkaFailing());
			if (!kafkaFailing()) {
				this.backlog.set(false);
				if (total > 0) {
					log.info("Sent a backlog of {} deliveries; they go straight to Kafka again", total);
				}
			}
		}
		finally {
			this.relaying.unlock();
		}
	}

	/**
	 * Sends the deliveries of instances that recorded them and then died (or are stuck)
	 * before sending them: those older than the session TTL, by the time which any client
	 * of theirs has reconnected elsewhere.
	 */
	@Scheduled(fixedDelay = 5000, initialDelay = 5000)
	void sweep() {
		int swept;
		do {
			if (kafkaFailing()) {
				return;
			}
			Integer count = this.transactions.execute((status) -> {
				List<Push> stale = this.outbox.lockOthers(this.settings.sessionTtl(), BATCH);
				this.outbox.delete(transmit(route(Queued.untimed(stale), LocalSessions.THROUGH_KAFKA), true));
				return stale.size();
			});
			swept = (count != null) ? count : 0;
		}
		while (swept == BATCH);
	}

	/** Sends up to a batch of this instance's backlog; returns how many it found. */
	private int sendOwn() {
		Integer count = this.transactions.execute((status) -> {
			List<Push> own = this.outbox.lockOwn(BATCH);
			this.outbox.delete(transmit(route(Queued.untimed(own), LocalSessions.ALREADY_PUSHED), true));
			return own.size();
		});
		return (count != null) ? count : 0;
	}

	/** What to do for this instance's own sessions. */
	private enum LocalSessions {

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
	private List<Routed> route(List<Queued> batch, LocalSessions local) {
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
	 * Sends routed deliveries through Kafka when {@code toKafka}; returns the outbox ids
	 * of those that need no more sending. Stops at Kafka's first failure.
	 */
	private List<Long> transmit(List<Routed> batch, boolean toKafka) {
		List<Long> sent = new ArrayList<>();
		List<CompletableFuture<?>> pending = new ArrayList<>();
		List<Long> pendingIds = new ArrayList<>();
		for (Routed routed : batch) {
			Long id = routed.outboxId();
			if (routed.records().isEmpty()) {
				if (id != null) {
					sent.add(id);
				}
			}
			else if (toKafka && !kafkaFailing()) {
				try {
					List<CompletableFuture<?>> sending = new ArrayList<>(routed.records().size());
					for (ProducerRecord<String, byte[]> record : routed.records()) {
						sending.add(this.kafka.send(record));
					}
					pending.add(CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)));
					pendingIds.add(id);
				}
				catch (RuntimeException ex) {
					kafkaFailed(ex);
				}
			}
		}
		if (!pending.isEmpty()) {
			flush();
		}
		for (int i = 0; i < pending.size(); i++) {
			try {
				pending.get(i).get(SEND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
				if (pendingIds.get(i) != null) {
					sent.add(pendingIds.get(i));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (ExecutionException | TimeoutException ex) {
				kafkaFailed(ex);
			}
		}
		return sent;
	}

	/**
	 * Sends what the batch queued without the producer's linger: the relay waits for it
	 * anyway, and the linger only pays when records keep arriving meanwhile.
	 */
	private void flush() {
		try {
			this.kafka.flush();
		}
		catch (RuntimeException ex) {
			// the records' futures say what became of each
			log.debug("Flushing the Kafka producer failed", ex);
		}
	}

	private void kafkaFailed(Exception ex) {
		if (!kafkaFailing()) {
			log.warn("Kafka did not take a delivery ({}); other instances get it from the outbox once it is back",
					ex.toString());
		}
		this.kafkaDownUntil = System.nanoTime() + BACKOFF.toNanos();
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
			log.warn("Session registry unavailable ({}); delivering to every instance for {}", ex.toString(), BACKOFF);
			this.registryDownUntil = System.nanoTime() + BACKOFF.toNanos();
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
			targets.add(EVERY_INSTANCE);
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
		Headers headers = headers(KIND, "push", QUEUE, delivery.queue(), RECIPIENTS,
				delivery.recipients().stream().map(UserId::toString).collect(Collectors.joining(",")));
		return addressed(targets, pushedHere, delivery.key(), delivery.json(), headers);
	}

	/**
	 * One record for each partition that the targets read ({@link DeliveryPartitions}),
	 * naming the targets that read it: for {@link #EVERY_INSTANCE}, one on the partition
	 * every instance reads, which this one skips if it {@code pushedHere} already.
	 */
	private List<ProducerRecord<String, byte[]>> addressed(Set<String> targets, boolean pushedHere, String key,
			byte[] value, Headers headers) {
		if (targets.contains(EVERY_INSTANCE)) {
			Headers everyone = copy(headers, TARGETS, EVERY_INSTANCE);
			if (pushedHere) {
				everyone.add(EXCEPT, this.registry.localInstance().getBytes(StandardCharsets.UTF_8));
			}
			return List.of(new ProducerRecord<>(this.settings.topic(), DeliveryPartitions.EVERY_INSTANCE, key, value,
					everyone));
		}
		Map<Integer, List<String>> readers = new TreeMap<>();
		for (String target : targets) {
			readers.computeIfAbsent(DeliveryPartitions.of(target, this.settings.partitions()), (p) -> new ArrayList<>())
				.add(target);
		}
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>(readers.size());
		readers.forEach((partition, instances) -> records.add(new ProducerRecord<>(this.settings.topic(), partition,
				key, value, copy(headers, TARGETS, String.join(",", instances)))));
		return records;
	}

	private static int recorded(List<Routed> batch) {
		return (int) batch.stream().filter((routed) -> routed.outboxId() != null).count();
	}

	/**
	 * Keyed by the session, so that what is sent to one connection (an offer, then its
	 * candidates) reaches it in order.
	 */
	private List<ProducerRecord<String, byte[]>> sessionRecord(SessionPush delivery) {
		return addressed(Set.of(delivery.session().instanceId()), false, "s" + delivery.session().sessionId(),
				delivery.json(), headers(KIND, "session-push", SESSION, delivery.session().sessionId(), QUEUE,
						delivery.queue(), RECIPIENTS, delivery.user().toString()));
	}

	/**
	 * Pushes to the device's sessions here and returns the records for the other
	 * instances holding a session of the user: none if there are none.
	 */
	private List<ProducerRecord<String, byte[]>> deviceRecords(DevicePush delivery, Map<UserId, Set<String>> holders) {
		Set<String> targets = new HashSet<>();
		if (holders == null) {
			targets.add(EVERY_INSTANCE);
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
		return addressed(targets, pushedHere, "u" + delivery.user(), delivery.json(), headers(KIND, "device-push",
				QUEUE, delivery.queue(), RECIPIENTS, delivery.user().toString(), DEVICE, delivery.deviceId()));
	}

	/** Pushes to every session here and returns the record for every other instance. */
	private List<ProducerRecord<String, byte[]>> broadcastRecord(Broadcast delivery) {
		pushLocally(() -> this.push.pushToEveryone(delivery.queue(), delivery.json()));
		return addressed(Set.of(EVERY_INSTANCE), true, "broadcast", delivery.json(),
				headers(KIND, "broadcast", QUEUE, delivery.queue()));
	}

	/**
	 * Pushes to the room's audience here and returns the record for every other instance,
	 * keyed by the room so that what is said in it keeps its order.
	 */
	private List<ProducerRecord<String, byte[]>> roomRecord(RoomPush delivery) {
		pushLocally(() -> this.push.pushToRoom(delivery.roomId(), delivery.json()));
		return addressed(Set.of(EVERY_INSTANCE), true, "r" + delivery.roomId(), delivery.json(),
				headers(KIND, "room", ROOM, delivery.roomId()));
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
		return addressed(Set.of(disconnect.session().instanceId()), false, "s" + disconnect.session().sessionId(),
				disconnect.detail().getBytes(StandardCharsets.UTF_8),
				headers(KIND, "disconnect", SESSION, disconnect.session().sessionId(), CODE, disconnect.code().name()));
	}

	/** A delivery waiting for the relay, since {@code offeredAt} ({@code nanoTime}). */
	private record Queued(Outgoing outgoing, long offeredAt) {

		/** Rows read from the outbox: their wait is not timed. */
		static List<Queued> untimed(List<? extends Outgoing> outgoing) {
			return outgoing.stream().map((each) -> new Queued(each, 0)).toList();
		}

	}

	/**
	 * A delivery routed, with the records it needs for other instances (none when no
	 * other instance holds a recipient's session) and its outbox row, if stored.
	 */
	private record Routed(Long outboxId, List<ProducerRecord<String, byte[]>> records, long offeredAt) {
	}

	/** Headers from names and values, alternating. */
	private static Headers headers(String... namesAndValues) {
		Headers headers = new RecordHeaders();
		for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
			headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
		}
		return headers;
	}

	/** A record's own copy (the producer seals a record's headers when it sends it). */
	private static Headers copy(Headers headers, String name, String value) {
		Headers copy = new RecordHeaders(headers.toArray());
		copy.add(name, value.getBytes(StandardCharsets.UTF_8));
		return copy;
	}

}
