package im.core.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import im.core.RunMode;
import im.core.account.UserId;
import im.core.delivery.Outgoing.Disconnect;
import im.core.delivery.Outgoing.Push;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * says which) through Kafka. Nothing a client does ever waits on Kafka.
 * <p>
 * A delivery recorded in the outbox is deleted once Kafka has it. If Kafka does not
 * answer, the relay stops trying for a few seconds (its own sessions are still served)
 * and the sweep sends the rows left behind, also those of an instance that died between
 * commit and send, once Kafka is back: at least once, in order of recording. If Redis
 * does not answer, a delivery goes to every instance ({@code *}) rather than to none.
 */
@Component
@Profile(RunMode.CLUSTER)
class DeliveryRelay implements SmartLifecycle {

	static final String KIND = "im-kind";

	static final String TARGETS = "im-targets";

	static final String QUEUE = "im-queue";

	static final String RECIPIENTS = "im-recipients";

	static final String SESSION = "im-session";

	static final String CODE = "im-code";

	static final String EVERY_INSTANCE = "*";

	private static final Logger log = LoggerFactory.getLogger(DeliveryRelay.class);

	private static final int BATCH = 500;

	private static final Duration KAFKA_BACKOFF = Duration.ofSeconds(5);

	private static final long SEND_TIMEOUT_MILLIS = 10_000;

	private static final Duration REGISTRY_WARNING_INTERVAL = Duration.ofSeconds(10);

	private final BlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>(100_000);

	private final KafkaTemplate<String, byte[]> kafka;

	private final SessionRegistry registry;

	private final ClientPush push;

	private final DeliveryOutbox outbox;

	private final TransactionTemplate transactions;

	private final ClusterSettings settings;

	private volatile Thread thread;

	private volatile long kafkaDownUntil;

	private long registryWarnedAt = System.nanoTime() - REGISTRY_WARNING_INTERVAL.toNanos();

	DeliveryRelay(KafkaTemplate<String, byte[]> kafka, SessionRegistry registry, ClientPush push, DeliveryOutbox outbox,
			TransactionTemplate transactions, ClusterSettings settings) {
		this.kafka = kafka;
		this.registry = registry;
		this.push = push;
		this.outbox = outbox;
		this.transactions = transactions;
		this.settings = settings;
	}

	/** Queues for sending; what is stored survives a full queue in the outbox. */
	void offer(Outgoing outgoing) {
		if (!this.queue.offer(outgoing)) {
			log.warn("Delivery queue full; dropped a {} (stored ones are sent again by the sweep)",
					outgoing.getClass().getSimpleName());
		}
	}

	/** Whether Kafka failed to take a delivery in the last few seconds. */
	boolean kafkaFailing() {
		return System.nanoTime() < this.kafkaDownUntil;
	}

	@Override
	public void start() {
		this.thread = Thread.ofPlatform().name("delivery-relay").daemon().start(this::run);
	}

	@Override
	public void stop() {
		Thread running = this.thread;
		this.thread = null;
		if (running != null) {
			running.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	private void run() {
		List<Outgoing> batch = new ArrayList<>(BATCH);
		while (this.thread != null) {
			try {
				Outgoing first = this.queue.poll(1, TimeUnit.SECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, BATCH - 1);
				this.outbox.delete(send(batch, true));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.error("Delivery relay failed a batch of {}", batch.size(), ex);
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * Sends the deliveries recorded more than {@code IM_..._SWEEP_AFTER} ago that are
	 * still in the outbox, on whichever instance gets to them first.
	 */
	@Scheduled(fixedDelay = 5000, initialDelay = 5000)
	void sweep() {
		int swept;
		do {
			Integer count = this.transactions.execute((status) -> {
				List<Push> stale = this.outbox.lockStale(this.settings.outboxSweepAfter(), BATCH);
				if (!stale.isEmpty()) {
					this.outbox.delete(send(new ArrayList<>(stale), false));
				}
				return stale.size();
			});
			swept = (count != null) ? count : 0;
		}
		while (swept == BATCH && !kafkaFailing());
	}

	/**
	 * Sends a batch; returns the outbox ids of the deliveries that were sent.
	 * @param local whether to push to this instance's sessions directly (else through
	 * Kafka like any other instance: the sweep cannot know whether the relay did)
	 */
	private List<Long> send(List<? extends Outgoing> batch, boolean local) {
		boolean kafkaUsable = !local || !kafkaFailing();
		List<Long> sent = new ArrayList<>();
		List<CompletableFuture<?>> pending = new ArrayList<>();
		List<Long> pendingIds = new ArrayList<>();
		for (Outgoing outgoing : batch) {
			ProducerRecord<String, byte[]> record = switch (outgoing) {
				case Push delivery -> route(delivery, local);
				case Disconnect disconnect -> disconnectRecord(disconnect);
			};
			Long id = (outgoing instanceof Push delivery) ? delivery.outboxId() : null;
			if (record == null) {
				if (id != null) {
					sent.add(id);
				}
			}
			else if (kafkaUsable) {
				pending.add(this.kafka.send(record));
				pendingIds.add(id);
			}
		}
		for (int i = 0; i < pending.size(); i++) {
			try {
				pending.get(i).get(SEND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
				if (pendingIds.get(i) != null) {
					sent.add(pendingIds.get(i));
				}
			}
			catch (Exception ex) {
				if (!kafkaFailing()) {
					log.warn("Kafka did not take a delivery ({}); other instances get it once it is back",
							ex.toString());
				}
				this.kafkaDownUntil = System.nanoTime() + KAFKA_BACKOFF.toNanos();
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		return sent;
	}

	/**
	 * Pushes to this instance's sessions and returns the record for the other instances
	 * that hold a recipient's session, or null if there are none.
	 */
	private ProducerRecord<String, byte[]> route(Push delivery, boolean local) {
		Set<String> targets;
		try {
			targets = new HashSet<>(this.registry.instancesHolding(delivery.recipients()));
		}
		catch (RuntimeException ex) {
			if (System.nanoTime() - this.registryWarnedAt > REGISTRY_WARNING_INTERVAL.toNanos()) {
				this.registryWarnedAt = System.nanoTime();
				log.warn("Session registry unavailable ({}); delivering to every instance", ex.toString());
			}
			targets = new HashSet<>(Set.of(EVERY_INSTANCE));
		}
		if (local && targets.remove(this.registry.localInstance())) {
			LocalPush.toEach(this.push, delivery.recipients(), delivery.queue(), delivery.json());
		}
		if (targets.isEmpty()) {
			return null;
		}
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.settings.topic(), delivery.key(),
				delivery.json());
		header(record, KIND, "push");
		header(record, TARGETS, String.join(",", targets));
		header(record, QUEUE, delivery.queue());
		header(record, RECIPIENTS,
				delivery.recipients().stream().map(UserId::toString).collect(Collectors.joining(",")));
		return record;
	}

	private ProducerRecord<String, byte[]> disconnectRecord(Disconnect disconnect) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.settings.topic(),
				"s" + disconnect.session().sessionId(), disconnect.detail().getBytes(StandardCharsets.UTF_8));
		header(record, KIND, "disconnect");
		header(record, TARGETS, disconnect.session().instanceId());
		header(record, SESSION, disconnect.session().sessionId());
		header(record, CODE, disconnect.code().name());
		return record;
	}

	private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
		record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
