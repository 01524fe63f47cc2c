package im.core.message;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import im.core.account.UserId;
import im.core.conversation.ChatSettings;
import im.core.conversation.ConversationId;
import im.core.conversation.Posting;
import im.core.conversation.PostingBatch;
import im.core.conversation.PostingLocks;
import im.core.delivery.ClientPush;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;
import im.core.error.Outage;
import im.core.media.MediaInfo;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores sent messages in batches: what arrives while a writer stores one batch is the
 * next, stored in one transaction with a handful of statements however many messages it
 * holds (lock the conversations, read their members, insert the messages, write the
 * conversations and the senders' read marks). Under load this is what lets the database
 * keep up: a transaction per message costs each message every round trip and a commit.
 * <p>
 * Each writer serves a share of the conversations (by id), so one conversation's messages
 * are stored in the order they arrived. A message the domain refuses (not a member,
 * muted) is answered alone and the others stored; a batch the database refuses as a whole
 * (a retried {@code clientMsgId} meets the unique key) is stored again one message per
 * transaction, so that each message gets its own answer.
 * <p>
 * While the database is not answering, a batch fails once the pool's wait for a
 * connection runs out, and every message of it and every one queued behind it is answered
 * {@code service-unavailable} at once, none acknowledged: the client sends it again with
 * the same {@code clientMsgId}, stored once when the database is back. At most
 * {@code writeQueue} messages wait for a writer; a send beyond that is refused at once.
 */
@Component
class SendBatches implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SendBatches.class);

	/**
	 * What {@link #store} answers when the database did not answer: empty, and not the
	 * empty list it answers otherwise.
	 */
	private static final List<QueuedSend> OUTAGE = Collections.unmodifiableList(new ArrayList<>());

	private final PostingLocks locks;

	private final MessageRepository messages;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final int batchMax;

	private final long gatherNanos;

	private final List<BlockingQueue<QueuedSend>> queues = new ArrayList<>();

	private final MessageInserts inserts;

	private final ClientPush push;

	private final List<Thread> writers = new ArrayList<>();

	/**
	 * Messages per transaction: what {@code writeGather} and the load make of batches.
	 */
	private final DistributionSummary batchSizes;

	private volatile boolean running;

	SendBatches(PostingLocks locks, MessageRepository messages, JdbcTemplate jdbc, TransactionTemplate transactions,
			ApplicationEventPublisher events, Clock clock, ChatSettings settings, MeterRegistry meters,
			ClientPush push) {
		this.locks = locks;
		this.messages = messages;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
		this.batchMax = settings.writeBatch();
		this.gatherNanos = settings.writeGather().toNanos();
		this.inserts = new MessageInserts(jdbc);
		this.push = push;
		this.batchSizes = DistributionSummary.builder("im.chat.write.batch")
			.description("Messages a chat writer stored in one transaction")
			.baseUnit("messages")
			.register(meters);
		for (int i = 0; i < settings.writers(); i++) {
			this.queues.add(new LinkedBlockingQueue<>(settings.writeQueue()));
		}
	}

	/** Queues a checked message for its conversation's writer. */
	CompletableFuture<SendReceipt> submit(UserId sender, boolean bot, SendMessage command, String text, MediaInfo media,
			Mentions mentions) {
		if (!this.running) {
			throw new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
					"The server is shutting down; send again shortly.");
		}
		QueuedSend send = new QueuedSend(sender, bot, command, text, media, mentions, new CompletableFuture<>(),
				System.nanoTime());
		if (!this.queues.get((int) Math.floorMod(command.conversationId(), (long) this.queues.size())).offer(send)) {
			throw new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
					"More messages are waiting to be stored than this server holds; send again in a few seconds.",
					Outage.RETRY_AFTER);
		}
		return send.receipt();
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.queues.size(); i++) {
			BlockingQueue<QueuedSend> queue = this.queues.get(i);
			Thread writer = Thread.ofPlatform().name("message-writer-" + i).daemon().start(() -> write(queue));
			this.writers.add(writer);
		}
	}

	/** Stores what is queued before stopping, while the database is still there. */
	@Override
	public void stop() {
		this.running = false;
		for (Thread writer : this.writers) {
			try {
				writer.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.writers.clear();
		// sent while the writers were finishing: answered, so that no caller waits
		// forever
		for (BlockingQueue<QueuedSend> queue : this.queues) {
			for (QueuedSend send = queue.poll(); send != null; send = queue.poll()) {
				send.receipt().completeExceptionally(shuttingDown());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Before the database goes, after the connections that send have stopped. */
	@Override
	public int getPhase() {
		return 0;
	}

	private void write(BlockingQueue<QueuedSend> queue) {
		List<QueuedSend> batch = new ArrayList<>();
		// skipped by the last batch (another instance held their conversations): first in
		// the next, which waits for their conversations
		List<QueuedSend> skipped = List.of();
		int lastBatch = 0;
		while (this.running || !queue.isEmpty() || !skipped.isEmpty()) {
			try {
				if (skipped.isEmpty()) {
					QueuedSend first = queue.poll(100, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
				}
				else {
					batch.addAll(skipped);
				}
				queue.drainTo(batch, Math.max(0, this.batchMax - batch.size()));
				if (skipped.isEmpty() && (batch.size() > 1 || lastBatch > 1)) {
					gather(queue, batch);
				}
				lastBatch = batch.size();
				this.batchSizes.record(batch.size());
				Set<ConversationId> waitFor = conversationsOf(skipped);
				// the batch's deliveries and answers: each connection's in one write
				skipped = this.push.together(() -> store(batch, waitFor));
				if (skipped == OUTAGE) {
					// what queued meanwhile would wait for the same outage
					skipped = List.of();
					for (QueuedSend send = queue.poll(); send != null; send = queue.poll()) {
						send.receipt().completeExceptionally(notStored());
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// never leave the writer: every message of the batch has its answer
				// already
				skipped = List.of();
				log.error("Storing a batch of {} messages failed", batch.size(), ex);
			}
			finally {
				batch.clear();
			}
		}
	}

	/**
	 * Lets the batch take in what arrives until its first message has waited
	 * {@code writeGather}: under a steady load a batch of one would pay alone for the
	 * round trips and the commit that several share (docs/benchmarks.md). A message that
	 * already waited that long, behind the batch before, goes at once. Only a writer with
	 * more than one message in hand, now or in its last batch, gathers (Nagle's rule for
	 * a socket): a message that comes alone is stored at once, so the window costs
	 * latency only where messages come faster than one a transaction and it saves the
	 * database work. Interrupted, it stops gathering: what the batch holds is still
	 * stored and answered.
	 */
	private void gather(BlockingQueue<QueuedSend> queue, List<QueuedSend> batch) {
		long deadline = batch.get(0).queuedAt() + this.gatherNanos;
		try {
			while (batch.size() < this.batchMax) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return;
				}
				QueuedSend next = queue.poll(left, TimeUnit.NANOSECONDS);
				if (next == null) {
					return;
				}
				batch.add(next);
				queue.drainTo(batch, this.batchMax - batch.size());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stores what it can of the batch and answers it; returns the messages it skipped
	 * because another transaction held their conversation (never one of
	 * {@code waitFor}'s), or {@link #OUTAGE} when the database did not answer.
	 */
	private List<QueuedSend> store(List<QueuedSend> batch, Set<ConversationId> waitFor) {
		List<StoreOutcome> outcomes;
		// a connection lost mid-transaction fails the rollback too, whose failure is then
		// the one thrown: the outage is seen inside
		boolean[] unavailable = new boolean[1];
		try {
			outcomes = this.transactions.execute((status) -> {
				try {
					return storeInOneTransaction(batch, waitFor);
				}
				catch (RuntimeException ex) {
					unavailable[0] = Outage.explains(ex);
					throw ex;
				}
			});
		}
		catch (RuntimeException ex) {
			if (unavailable[0] || Outage.explains(ex)) {
				log.warn("The database did not answer; {} messages not stored, their senders told to send again: {}",
						batch.size(), ex.toString());
				for (QueuedSend send : batch) {
					send.receipt().completeExceptionally(notStored());
				}
				return OUTAGE;
			}
			if (batch.size() > 1) {
				for (QueuedSend send : batch) {
					store(List.of(send), conversationsOf(List.of(send)));
				}
			}
			else {
				answerFailure(batch.get(0), ex);
			}
			return List.of();
		}
		List<QueuedSend> skipped = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			if (outcomes.get(i) == null) {
				skipped.add(batch.get(i));
			}
			else {
				outcomes.get(i).answer(batch.get(i).receipt());
			}
		}
		return skipped;
	}

	private static Set<ConversationId> conversationsOf(List<QueuedSend> sends) {
		return sends.stream().map(QueuedSend::conversation).collect(Collectors.toSet());
	}

	/** One outcome per message, null for one skipped. */
	private List<StoreOutcome> storeInOneTransaction(List<QueuedSend> batch, Set<ConversationId> waitFor) {
		PostingBatch postings = this.locks.lockForBatch(batch.stream().map(QueuedSend::conversation).toList(),
				batch.stream().map(QueuedSend::sender).toList(), waitFor);
		List<StoreOutcome> outcomes = new ArrayList<>(batch.size());
		List<AdmittedMessage> stored = new ArrayList<>(batch.size());
		for (QueuedSend send : batch) {
			ConversationId conversation = send.conversation();
			if (!waitFor.contains(conversation) && !postings.holds(conversation)) {
				// held elsewhere, or missing: the next batch waits for it and knows which
				outcomes.add(null);
				continue;
			}
			try {
				AdmittedMessage message = admit(postings, send);
				stored.add(message);
				outcomes.add(new StoreOutcome(message, null));
			}
			catch (DomainException ex) {
				outcomes.add(new StoreOutcome(null, ex));
			}
		}
		if (!stored.isEmpty()) {
			this.inserts.insert(stored);
			postings.write();
			this.events.publishEvent(new MessagesPosted(stored.stream()
				.map((message) -> new MessagePosted(message.toChatMessage(), message.posting().members()))
				.toList()));
		}
		return outcomes;
	}

	private AdmittedMessage admit(PostingBatch postings, QueuedSend send) {
		SendMessage command = send.command();
		Posting posting = postings.admit(send.conversation(), send.sender());
		if (command.replyToSeq() != null && command.replyToSeq() > posting.lastSeq()) {
			throw new InvalidField("replyToSeq",
					"replyToSeq " + command.replyToSeq() + " is not a message of this conversation.");
		}
		// as the database keeps it, so that the acknowledgement, the push and history
		// agree
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		long seq = posting.assignSeq(command.type().name(), send.text(), now);
		return new AdmittedMessage(send, posting, seq, now, send.mentions().among(posting.members(), send.sender()));
	}

	/**
	 * A message alone in its transaction that the database refused: a retry of a stored
	 * {@code clientMsgId} (its first acknowledgement again), the same id used in another
	 * conversation, or a real failure.
	 */
	private void answerFailure(QueuedSend send, RuntimeException failure) {
		CompletableFuture<SendReceipt> receipt = send.receipt();
		if (failure instanceof DataIntegrityViolationException) {
			Message earlier = this.messages
				.findBySenderIdAndClientMsgId(send.sender().value(), send.command().clientMsgId())
				.orElse(null);
			if (earlier != null && earlier.conversationId() == send.command().conversationId()) {
				receipt.complete(earlier.receipt(true));
				return;
			}
			if (earlier != null) {
				receipt.completeExceptionally(new DomainException(ErrorCode.CLIENT_MSG_ID_CONFLICT,
						"clientMsgId '" + send.command().clientMsgId()
								+ "' was already used for a message in another conversation; choose a new one."));
				return;
			}
		}
		receipt.completeExceptionally(failure);
	}

	private static DomainException notStored() {
		return Outage.ofDatabase("the message was not stored. QueuedSend it again with the same clientMsgId");
	}

	private static DomainException shuttingDown() {
		return new DomainException(ErrorCode.SERVICE_UNAVAILABLE, "The server is shutting down; send again shortly.");
	}

}
