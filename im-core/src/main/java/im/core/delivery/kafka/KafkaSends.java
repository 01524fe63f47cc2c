package im.core.delivery.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import im.core.delivery.kafka.DeliveryRoutes.Routed;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * The relay's side of the Kafka producer: hands records to it and remembers, for a
 * back-off, that Kafka refused one, so that the relay keeps what follows in the outbox
 * rather than piling it up in the producer's buffer.
 */
final class KafkaSends {

	private static final Logger log = LoggerFactory.getLogger(KafkaSends.class);

	private static final long SEND_TIMEOUT_MILLIS = 10_000;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Duration backoff;

	private volatile long downUntil;

	KafkaSends(KafkaTemplate<String, byte[]> kafka, Duration backoff) {
		this.kafka = kafka;
		this.backoff = backoff;
	}

	/** Whether Kafka failed to take a delivery within the back-off. */
	boolean failing() {
		return System.nanoTime() < this.downUntil;
	}

	void failed(Throwable ex) {
		if (!failing()) {
			log.warn("Kafka did not take a delivery ({}); other instances get it from the outbox once it is back",
					ex.toString());
		}
		this.downUntil = System.nanoTime() + this.backoff.toNanos();
	}

	/** Hands records to the producer; done when Kafka has all of them. */
	CompletableFuture<Void> send(List<ProducerRecord<String, byte[]>> records) {
		List<CompletableFuture<?>> sending = new ArrayList<>(records.size());
		for (ProducerRecord<String, byte[]> record : records) {
			sending.add(this.kafka.send(record));
		}
		return CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new));
	}

	/**
	 * Sends what the producer holds and waits until Kafka acknowledged or refused all of
	 * it, their callbacks included.
	 */
	void flush() {
		try {
			this.kafka.flush();
		}
		catch (RuntimeException ex) {
			// the records' futures say what became of each
			log.debug("Flushing the Kafka producer failed", ex);
		}
	}

	/**
	 * Sends routed deliveries and waits for them; returns the outbox ids of those that
	 * need no more sending. Stops at Kafka's first failure.
	 */
	List<Long> transmit(List<Routed> batch) {
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
			else if (!failing()) {
				try {
					pending.add(send(routed.records()));
					pendingIds.add(id);
				}
				catch (RuntimeException ex) {
					failed(ex);
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
				failed(ex);
			}
		}
		return sent;
	}

}
