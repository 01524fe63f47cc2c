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

	/** Messages edited or recalled here, to index again as they are now. */
	private final Queue<Long> changed = new ConcurrentLinkedQueue<>();

	private volatile Thread loop;

	SearchIndexer(MessageIndex index, IndexedMessages messages, SearchSettings settings) {
		this.index = index;
		this.messages = messages;
		this.settings = settings;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(MessageEdited edited) {
		this.changed.add(edited.messageId());
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(MessageRecalled recalled) {
		this.changed.add(recalled.messageId());
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
			this.loop = Thread.ofPlatform().daemon().name("im-search-indexer").start(this::run);
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
		while (this.loop == Thread.currentThread() && !Thread.currentThread().isInterrupted()) {
			boolean full;
			try {
				indexChanged();
				full = this.index.indexNext(this.messages, this.settings.batch()) >= this.settings.batch();
				if (failing) {
					log.info("Search indexing works again");
					failing = false;
				}
			}
			catch (RuntimeException ex) {
				if (!failing) {
					log.warn("Search indexing failed, trying again every {} s: {}",
							this.settings.pollInterval().toSeconds(), ex.toString());
					failing = true;
				}
				full = false;
			}
			if (!full) {
				// far behind (a full batch): the next one at once
				LockSupport.parkNanos(this.settings.pollInterval().toNanos());
			}
		}
	}

	private void indexChanged() {
		Long id;
		while ((id = this.changed.peek()) != null) {
			Optional<Row> row = this.messages.byId(id);
			if (row.isPresent() && row.get().message() != null) {
				this.index.update(row.get().message());
			}
			else {
				this.index.remove(id);
			}
			this.changed.poll();
		}
	}

}
