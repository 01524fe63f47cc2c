package im.core.delivery.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox rows whose deliveries Kafka has (or that needed no sending), deleted many to
 * a statement: one statement, and one commit, per relayed batch would cost the database
 * more than the batch itself. Should the instance die before they are deleted, the sweep
 * sends them again: at least once, and clients keep one copy by seq.
 */
final class SentRows {

	private static final Logger log = LoggerFactory.getLogger(SentRows.class);

	/** Outbox ids, added by the relay and by the producer's callbacks. */
	private final Queue<Long> sent = new ConcurrentLinkedQueue<>();

	/** Held while rows are deleted. */
	private final ReentrantLock deleting = new ReentrantLock();

	private final DeliveryOutbox outbox;

	private final Duration backoff;

	/**
	 * Until when {@link #deleteUnlessFailing} waits after a failure (nanoTime; 0 after a
	 * success): a failure is logged once, and tried again after the back-off.
	 */
	private volatile long failingUntil;

	SentRows(DeliveryOutbox outbox, Duration backoff) {
		this.outbox = outbox;
		this.backoff = backoff;
	}

	/** The row's delivery needs no more sending. */
	void add(long outboxId) {
		this.sent.add(outboxId);
	}

	/** How many wait to be deleted. */
	int waiting() {
		return this.sent.size();
	}

	/** Deletes what waits, unless a failure's back-off runs; a failure is logged once. */
	void deleteUnlessFailing() {
		if (System.nanoTime() < this.failingUntil) {
			return;
		}
		try {
			delete();
			this.failingUntil = 0;
		}
		catch (RuntimeException ex) {
			if (this.failingUntil == 0) {
				log.warn("Could not delete {} sent deliveries from the outbox; trying again in {} ({})", waiting(),
						this.backoff, ex.toString());
			}
			this.failingUntil = System.nanoTime() + this.backoff.toNanos();
		}
	}

	/**
	 * Deletes what waits; on failure the rows are kept for the next attempt rather than
	 * sent again.
	 */
	void delete() {
		this.deleting.lock();
		try {
			List<Long> ids = new ArrayList<>();
			for (Long id = this.sent.poll(); id != null; id = this.sent.poll()) {
				ids.add(id);
			}
			try {
				this.outbox.delete(ids);
			}
			catch (RuntimeException ex) {
				this.sent.addAll(ids);
				throw ex;
			}
		}
		finally {
			this.deleting.unlock();
		}
	}

}
