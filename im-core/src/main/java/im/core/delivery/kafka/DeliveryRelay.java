package im.core.delivery.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import im.core.RunMode;
import im.core.delivery.ClientPush;
import im.core.delivery.ClusterSettings;
import im.core.delivery.Delivery;
import im.core.delivery.SessionRegistry;
import im.core.delivery.kafka.DeliveryRoutes.LocalSessions;
import im.core.delivery.kafka.DeliveryRoutes.Queued;
import im.core.delivery.kafka.DeliveryRoutes.Routed;
import im.core.delivery.kafka.Outgoing.Push;
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
 * directly, to the other instances holding a recipient's session through Kafka
 * ({@link DeliveryRoutes} says which, one registry look-up per batch). Nothing a client
 * does ever waits on Kafka, and neither do this instance's own sessions: the relay's one
 * thread routes each batch, pushes to them and hands the records for the others to the
 * Kafka producer, which sends them on its own thread and reports each acknowledgement or
 * failure to a callback. The relay does not wait for one batch's acknowledgement before
 * it hands over the next: the producer is idempotent, so each partition's records are
 * written in order across its retries. (The producer blocks a send only while it knows no
 * partitions of the topic, before it first reached Kafka, or while its buffer is full; up
 * to {@code max.block.ms}.)
 * <p>
 * A delivery recorded in the outbox is deleted once Kafka has it: within
 * {@link #DELETE_EVERY_MILLIS}, many rows to a statement. If Kafka does not take one,
 * this instance has a backlog: its own sessions are still served at once, but what is
 * recorded stays in the outbox, and the drain sends the backlog oldest first once Kafka
 * answers again, before the relay sends anything new, so that other instances get one
 * conversation's deliveries in order. The sweep sends the rows of an instance that died
 * between commit and send. At least once. If Redis does not answer, a delivery goes to
 * every instance ({@code *}) rather than to none.
 */
@Component
@Profile(RunMode.CLUSTER)
class DeliveryRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryRelay.class);

	private static final int BATCH = 500;

	private static final Duration BACKOFF = Duration.ofSeconds(5);

	/**
	 * How often sent rows are deleted, many to a statement. Should the instance die
	 * meanwhile, the sweep sends them again (at least once: clients keep one copy by
	 * seq).
	 */
	static final long DELETE_EVERY_MILLIS = 200;

	private static final long SEND_TIMEOUT_MILLIS = 10_000;

	/** How often the relay looks whether the drain let go of it. */
	private static final long DRAIN_CHECK_MILLIS = 10;

	private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>(100_000);

	private final KafkaSends kafka;

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
	 * Held while the relay hands a batch to the producer, so the drain can end the
	 * backlog between two.
	 */
	private final ReentrantLock relaying = new ReentrantLock();

	/** Rows Kafka acknowledged (or that needed no sending), until they are deleted. */
	private final SentRows sent;

	private final DeliveryRoutes routes;

	private volatile Thread relay;

	private volatile long kafkaDownUntil;

	DeliveryRelay(KafkaTemplate<String, byte[]> kafka, SessionRegistry registry, ClientPush push, DeliveryOutbox outbox,
			TransactionTemplate transactions, ClusterSettings settings, DeliveryTimings timings) {
		this.kafka = new KafkaSends(kafka, BACKOFF);
		this.outbox = outbox;
		this.transactions = transactions;
		this.settings = settings;
		this.timings = timings;
		this.sent = new SentRows(outbox, BACKOFF);
		this.routes = new DeliveryRoutes(registry, push, settings, BACKOFF);
	}

	/** Queues for sending; what is stored survives a full queue in the outbox. */
	void offer(Outgoing outgoing) {
		if (!this.queue.offer(new Queued(outgoing, System.nanoTime()))) {
			if (outgoing instanceof Push delivery && delivery.outboxId() != null) {
				this.backlog.set(true);
			}
			log.warn("Delivery queue full; dropped a {} (stored ones are sent from the outbox)",
					outgoing.getClass().getSimpleName());
		}
	}

	/** Whether Kafka failed to take a delivery in the last few seconds. */
	boolean kafkaFailing() {
		return this.kafka.failing();
	}

	@Override
	public void start() {
		Thread thread = Thread.ofPlatform().name("delivery-relay").daemon().unstarted(this::relay);
		this.relay = thread;
		thread.start();
	}

	@Override
	public void stop() {
		Thread thread = this.relay;
		this.relay = null;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// while the database is still there: what the relay sent is acknowledged and its
		// rows deleted (a restart under the same IM_INSTANCE_ID would send them again)
		this.kafka.flush();
		try {
			this.sent.delete();
		}
		catch (RuntimeException ex) {
			log.warn("Could not delete {} sent deliveries from the outbox; they may be sent again ({})",
					this.sent.waiting(), ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return this.relay != null;
	}

	/**
	 * Takes what was published, in batches; pushes to this instance's sessions and hands
	 * the records for the others to the Kafka producer. While the drain holds the relay
	 * (it may wait for Kafka), it goes on pushing to this instance's sessions and keeps
	 * the records, in order, for when the drain is done.
	 */
	private void relay() {
		List<Queued> taken = new ArrayList<>(BATCH);
		List<Routed> routed = new ArrayList<>();
		// a relay stopped and started again must not leave its old thread running too
		while (this.relay == Thread.currentThread()) {
			try {
				Queued first = routed.isEmpty() ? this.queue.take()
						: this.queue.poll(DRAIN_CHECK_MILLIS, TimeUnit.MILLISECONDS);
				if (first != null) {
					taken.add(first);
					this.queue.drainTo(taken, BATCH - 1);
					routed.addAll(this.routes.route(taken, LocalSessions.PUSH));
				}
				if (this.relaying.tryLock()) {
					try {
						boolean toKafka = !this.backlog.get() && !kafkaFailing();
						for (Routed each : routed) {
							dispatch(each, toKafka);
						}
					}
					finally {
						routed.clear();
						this.relaying.unlock();
					}
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				this.backlog.set(true);
				log.error("Delivery relay failed to relay a batch of {}", taken.size(), ex);
			}
			finally {
				taken.clear();
			}
		}
	}

	/**
	 * Hands a delivery's records to the producer when {@code toKafka}; its row counts as
	 * sent once Kafka has all of them. What is not sent stays in the outbox, for the
	 * drain.
	 */
	private void dispatch(Routed routed, boolean toKafka) {
		Long id = routed.outboxId();
		if (routed.records().isEmpty()) {
			if (id != null) {
				this.sent.add(id);
			}
			return;
		}
		if (toKafka && !kafkaFailing()) {
			this.timings.relayWaited(routed.offeredAt(), System.nanoTime());
			try {
				// the callback runs on the producer's thread: no lock there (the drain
				// flushes with one held, and the flush waits for the callback)
				this.kafka.send(routed.records()).whenComplete((done, failure) -> {
					if (failure == null) {
						if (id != null) {
							this.sent.add(id);
						}
					}
					else {
						this.kafka.failed(failure);
						notSent(id);
					}
				});
				return;
			}
			catch (RuntimeException ex) {
				this.kafka.failed(ex);
			}
		}
		notSent(id);
	}

	/** A stored delivery that Kafka did not take waits in the outbox for the drain. */
	private void notSent(Long outboxId) {
		if (outboxId != null) {
			this.backlog.set(true);
		}
	}

	/** Deletes the rows sent so far ({@link SentRows}). */
	@Scheduled(fixedDelay = DELETE_EVERY_MILLIS, initialDelay = DELETE_EVERY_MILLIS)
	void deleteSentRows() {
		this.sent.deleteUnlessFailing();
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
		// rows already sent are not backlog; those still in flight are acknowledged (or
		// fail) first, rather than sent twice
		this.kafka.flush();
		this.sent.delete();
		do {
			// the relay goes on serving this instance's sessions meanwhile
			found = sendOwn();
			total += found;
		}
		while (found == BATCH && !kafkaFailing());
		this.relaying.lock();
		try {
			this.kafka.flush();
			this.sent.delete();
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
				this.outbox
					.delete(this.kafka.transmit(this.routes.route(Queued.untimed(stale), LocalSessions.THROUGH_KAFKA)));
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
			this.outbox
				.delete(this.kafka.transmit(this.routes.route(Queued.untimed(own), LocalSessions.ALREADY_PUSHED)));
			return own.size();
		});
		return (count != null) ? count : 0;
	}

}
