package im.core.search;

import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import im.core.message.MessageEvent.MessageEdited;
import im.core.message.MessageEvent.MessageRecalled;
import im.core.search.IndexedMessages.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps the search index caught up with the messages table, on a thread of its own: every
 * {@code IM_SEARCH_POLL_INTERVAL} it indexes the messages stored since it last looked
 * (all of them, in batches, when it is far behind: after a start with an empty index, or
 * a {@link #rebuild}), and the edits and recalls committed on this instance. Sending
 * never waits for it; a message is found within about the poll interval of its commit.
 */
@Component
class SearchIndexer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);

	private final MessageIndex index;

	private final IndexedMessages messages;

	private final SearchSettings settings;

	/** How often indexing a changed message again is tried. */
	private static final int CHANGE_ATTEMPTS = 10;

	/** Messages edited or recalled here, to index again as they are now. */
	private final Queue<Changed> changed = new ConcurrentLinkedQueue<>();

	private volatile Thread loop;

	SearchIndexer(MessageIndex index, IndexedMessages messages, SearchSettings settings) {
		this.index = index;
		this.messages = messages;
		this.settings = settings;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(MessageEdited edited) {
		this.changed.add(new Changed(edited.messageId(), 0));
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(MessageRecalled recalled) {
		this.changed.add(new Changed(recalled.messageId(), 0));
	}

	/**
	 * Empties the index; it is built again from the messages table, in the background.
	 */
	void rebuild() {
		this.index.clear();
		log.info("Search index emptied: indexing every message again");
		Thread running = this.loop;
		if (running != null) {
			LockSupport.unpark(running);
		}
	}

	SearchStatus status() {
		long latest = this.messages.latestId();
		long upTo = this.index.indexedUpTo();
		return new SearchStatus(upTo, latest, Math.max(0, latest - upTo), this.index.size());
	}

	@Override
	public synchronized void start() {
		if (this.loop == null) {
			// named the loop's thread before it runs: it stops as soon as it is not
			Thread thread = Thread.ofPlatform().daemon().name("im-search-indexer").unstarted(this::run);
			this.loop = thread;
			thread.start();
		}
	}

	@Override
	public synchronized void stop() {
		Thread running = this.loop;
		this.loop = null;
		if (running != null) {
			running.interrupt();
			try {
				running.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

	private void run() {
		boolean failing = false;
		try {
			// only stop() ends the loop: it clears this.loop (an interrupt alone does
			// not)
			while (this.loop == Thread.currentThread()) {
				boolean full;
				try {
					indexChanged();
					long started = System.nanoTime();
					int indexed = this.index.indexNext(this.messages, this.settings.batch());
					full = indexed >= this.settings.batch();
					if (indexed > 0 && log.isDebugEnabled()) {
						log.debug("Indexed {} messages in {} ms", indexed, (System.nanoTime() - started) / 1_000_000);
					}
					if (failing) {
						log.info("Search indexing works again");
						failing = false;
					}
				}
				catch (RuntimeException ex) {
					if (!failing) {
						log.warn("Search indexing failed, trying again every {} ms",
								this.settings.pollInterval().toMillis(), ex);
						failing = true;
					}
					full = false;
				}
				if (!full) {
					// far behind (a full batch): the next one at once
					LockSupport.parkNanos(this.settings.pollInterval().toNanos());
				}
				Thread.interrupted();
			}
		}
		finally {
			if (this.loop == Thread.currentThread()) {
				log.error("The search indexer stopped unexpectedly; starting it again");
				synchronized (this) {
					this.loop = null;
					start();
				}
			}
		}
	}

	/**
	 * Indexes again the messages edited or recalled here. One that fails is tried again
	 * in the rounds that follow, and after {@value #CHANGE_ATTEMPTS} failures left out
	 * rather than held on to: searches check every hit against the message as it is now,
	 * and a rebuild takes it again. Either way the messages stored meanwhile are indexed.
	 */
	private void indexChanged() {
		Changed change;
		while ((change = this.changed.poll()) != null) {
			try {
				Optional<Row> row = this.messages.byId(change.messageId());
				if (row.isPresent() && row.get().message() != null) {
					this.index.update(row.get().message());
				}
				else {
					this.index.remove(change.messageId());
				}
			}
			catch (RuntimeException ex) {
				if (change.attempts() + 1 < CHANGE_ATTEMPTS) {
					this.changed.add(new Changed(change.messageId(), change.attempts() + 1));
				}
				else {
					log.warn("Could not index message {} again after its change, {} times; a rebuild takes it",
							change.messageId(), CHANGE_ATTEMPTS, ex);
				}
				return;
			}
		}
	}

	/** A message edited or recalled here, and how often indexing it again failed. */
	private record Changed(long messageId, int attempts) {
	}

}
