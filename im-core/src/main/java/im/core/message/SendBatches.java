package im.core.message;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
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

	private static final String INSERT = "INSERT INTO messages "
			+ "(conversation_id, seq, sender_id, client_msg_id, kind, body, reply_to_seq, created_at, media_id, "
			+ "sender_bot) VALUES ";

	private static final String INSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final int INSERT_COLUMNS = 10;

	/**
	 * What {@link #store} answers when the database did not answer: empty, and not the
	 * empty list it answers otherwise.
	 */
	private static final List<Send> OUTAGE = Collections.unmodifiableList(new ArrayList<>());

	private final PostingLocks locks;

	private final MessageRepository messages;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final int batchMax;

	private final long gatherNanos;

	private final List<BlockingQueue<Send>> queues = new ArrayList<>();

	/** {@link #insertOf}, by the number of rows; read and written by every writer. */
	private final String[] inserts;

	private final List<Thread> writers = new ArrayList<>();

	/**
	 * Messages per transaction: what {@code writeGather} and the load make of batches.
	 */
	private final DistributionSummary batchSizes;

	private volatile boolean running;

	SendBatches(PostingLocks locks, MessageRepository messages, JdbcTemplate jdbc, TransactionTemplate transactions,
			ApplicationEventPublisher events, Clock clock, ChatSettings settings, MeterRegistry meters) {
		this.locks = locks;
		this.messages = messages;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
		this.batchMax = settings.writeBatch();
		this.gatherNanos = settings.writeGather().toNanos();
		this.inserts = new String[this.batchMax + 1];
		this.batchSizes = DistributionSummary.builder("im.chat.write.batch")
			.description("Messages a chat writer stored in one transaction")
			.baseUnit("messages")
			.register(meters);
		for (int i = 0; i < settings.writers(); i++) {
			this.queues.add(new LinkedBlockingQueue<>(settings.writeQueue()));
		}
	}

	/** Queues a checked message for its conversation's writer. */
	CompletableFuture<SendReceipt> submit(UserId sender, boolean bot, SendMessage command, String text,
			MediaInfo media) {
		if (!this.running) {
			throw new DomainException(ErrorCode.SERVICE_UNAVAILABLE,
					"The server is shutting down; send again shortly.");
		}
		Send send = new Send(sender, bot, command, text, media, new CompletableFuture<>(), System.nanoTime());
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
			BlockingQueue<Send> queue = this.queues.get(i);
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
		for (BlockingQueue<Send> queue : this.queues) {
			for (Send send = queue.poll(); send != null; send = queue.poll()) {
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

	private void write(BlockingQueue<Send> queue) {
		List<Send> batch = new ArrayList<>();
		// skipped by the last batch (another instance held their conversations): first in
		// the next, which waits for their conversations
		List<Send> skipped = List.of();
		while (this.running || !queue.isEmpty() || !skipped.isEmpty()) {
			try {
				if (skipped.isEmpty()) {
					Send first = queue.poll(100, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
				}
				else {
					batch.addAll(skipped);
				}
				queue.drainTo(batch, Math.max(0, this.batchMax - batch.size()));
				if (skipped.isEmpty()) {
					gather(queue, batch);
				}
				this.batchSizes.record(batch.size());
				skipped = store(batch, conversationsOf(skipped));
				if (skipped == OUTAGE) {
					// what queued meanwhile would wait for the same outage
					skipped = List.of();
					for (Send send = queue.poll(); send != null; send = queue.poll()) {
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
	 * already waited that long, behind the batch before, goes at once. Interrupted, it
	 * stops gathering: what the batch holds is still stored and answered.
	 */
	private void gather(BlockingQueue<Send> queue, List<Send> batch) {
		long deadline = batch.get(0).queuedAt() + this.gatherNanos;
		try {
			while (batch.size() < this.batchMax) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return;
				}
				Send next = queue.poll(left, TimeUnit.NANOSECONDS);
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
	private List<Send> store(List<Send> batch, Set<ConversationId> waitFor) {
		List<Outcome> outcomes;
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
				for (Send send : batch) {
					send.receipt().completeExceptionally(notStored());
				}
				return OUTAGE;
			}
			if (batch.size() > 1) {
				for (Send send : batch) {
					store(List.of(send), conversationsOf(List.of(send)));
				}
			}
			else {
				answerFailure(batch.get(0), ex);
			}
			return List.of();
		}
		List<Send> skipped = new ArrayList<>();
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

	private static Set<ConversationId> conversationsOf(List<Send> sends) {
		return sends.stream()
			.map((send) -> new ConversationId(send.command().conversationId()))
			.collect(Collectors.toSet());
	}

	/** One outcome per message, null for one skipped. */
	private List<Outcome> storeInOneTransaction(List<Send> batch, Set<ConversationId> waitFor) {
		PostingBatch postings = this.locks.lockForBatch(
				batch.stream().map((send) -> new ConversationId(send.command().conversationId())).toList(),
				batch.stream().map(Send::sender).toList(), waitFor);
		List<Outcome> outcomes = new ArrayList<>(batch.size());
		List<Stored> stored = new ArrayList<>(batch.size());
		for (Send send : batch) {
			ConversationId conversation = new ConversationId(send.command().conversationId());
			if (!waitFor.contains(conversation) && !postings.holds(conversation)) {
				// held elsewhere, or missing: the next batch waits for it and knows which
				outcomes.add(null);
				continue;
			}
			try {
				Stored message = admit(postings, send);
				stored.add(message);
				outcomes.add(new Outcome(message, null));
			}
			catch (DomainException ex) {
				outcomes.add(new Outcome(null, ex));
			}
		}
		if (!stored.isEmpty()) {
			insert(stored);
			postings.write();
			this.events.publishEvent(new MessagesPosted(stored.stream()
				.map((message) -> new MessagePosted(message.toChatMessage(), message.posting().members()))
				.toList()));
		}
		return outcomes;
	}

	private Stored admit(PostingBatch postings, Send send) {
		SendMessage command = send.command();
		Posting posting = postings.admit(new ConversationId(command.conversationId()), send.sender());
		if (command.replyToSeq() != null && command.replyToSeq() > posting.lastSeq()) {
			throw new InvalidField("replyToSeq",
					"replyToSeq " + command.replyToSeq() + " is not a message of this conversation.");
		}
		// as the database keeps it, so that the acknowledgement, the push and history
		// agree
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		long seq = posting.assignSeq(command.type().name(), send.text(), now);
		return new Stored(send, posting, seq, now);
	}

	/**
	 * One statement for the whole batch, {@code INSERT ... VALUES (...), (...)}: a batch
	 * of single-row inserts costs the database an execution of the statement per message.
	 * The generated ids are matched to the messages by conversation and seq, which makes
	 * no assumption on the order the database returns them in.
	 */
	private void insert(List<Stored> stored) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(insertOf(stored.size()),
					new String[] { "id", "conversation_id", "seq" });
			for (int i = 0; i < stored.size(); i++) {
				stored.get(i).bind(statement, i * INSERT_COLUMNS);
			}
			return statement;
		}, keys);
		Map<String, Long> ids = new HashMap<>();
		for (Map<String, Object> row : keys.getKeyList()) {
			ids.put(keyOf(value(row, "conversation_id"), value(row, "seq")), value(row, "id"));
		}
		for (Stored message : stored) {
			Long id = ids.get(keyOf(message.send.command().conversationId(), message.seq));
			if (id == null) {
				throw new IllegalStateException("The database returned no id for message " + message.seq
						+ " of conversation " + message.send.command().conversationId());
			}
			message.id = id;
		}
	}

	/** The statement inserting that many messages, made once per size. */
	private String insertOf(int rows) {
		String sql = this.inserts[rows];
		if (sql == null) {
			sql = INSERT + String.join(", ", Collections.nCopies(rows, INSERT_ROW));
			this.inserts[rows] = sql;
		}
		return sql;
	}

	/** A generated key's column, whatever case the driver names it in. */
	private static long value(Map<String, Object> row, String column) {
		for (Map.Entry<String, Object> entry : row.entrySet()) {
			if (entry.getKey().equalsIgnoreCase(column)) {
				return ((Number) entry.getValue()).longValue();
			}
		}
		throw new IllegalStateException("The database returned no " + column + " for an inserted message: " + row);
	}

	private static String keyOf(long conversationId, long seq) {
		return conversationId + "/" + seq;
	}

	/**
	 * A message alone in its transaction that the database refused: a retry of a stored
	 * {@code clientMsgId} (its first acknowledgement again), the same id used in another
	 * conversation, or a real failure.
	 */
	private void answerFailure(Send send, RuntimeException failure) {
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
		return Outage.ofDatabase("the message was not stored. Send it again with the same clientMsgId");
	}

	private static DomainException shuttingDown() {
		return new DomainException(ErrorCode.SERVICE_UNAVAILABLE, "The server is shutting down; send again shortly.");
	}

	/**
	 * A message checked and waiting for its writer.
	 *
	 * @param bot whether the sender is a bot
	 * @param queuedAt when it was queued ({@link System#nanoTime})
	 */
	private record Send(UserId sender, boolean bot, SendMessage command, String text, MediaInfo media,
			CompletableFuture<SendReceipt> receipt, long queuedAt) {

	}

	/** A message admitted to its conversation in the current batch. */
	private static final class Stored {

		private final Send send;

		private final Posting posting;

		private final long seq;

		private final Instant createdAt;

		private long id;

		Stored(Send send, Posting posting, long seq, Instant createdAt) {
			this.send = send;
			this.posting = posting;
			this.seq = seq;
			this.createdAt = createdAt;
		}

		Posting posting() {
			return this.posting;
		}

		/** Its row's parameters, after the {@code before} of the rows before it. */
		void bind(PreparedStatement statement, int before) throws SQLException {
			SendMessage command = this.send.command();
			statement.setLong(before + 1, command.conversationId());
			statement.setLong(before + 2, this.seq);
			statement.setLong(before + 3, this.send.sender().value());
			statement.setString(before + 4, command.clientMsgId());
			statement.setString(before + 5, command.type().name());
			statement.setString(before + 6, this.send.text());
			if (command.replyToSeq() != null) {
				statement.setLong(before + 7, command.replyToSeq());
			}
			else {
				statement.setNull(before + 7, Types.BIGINT);
			}
			statement.setObject(before + 8, this.createdAt.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
			statement.setString(before + 9, (this.send.media() != null) ? this.send.media().id() : null);
			statement.setBoolean(before + 10, this.send.bot());
		}

		ChatMessage toChatMessage() {
			SendMessage command = this.send.command();
			return new ChatMessage(this.id, command.conversationId(), this.seq, this.send.sender().value(),
					command.clientMsgId(), command.type(), this.send.text(), command.replyToSeq(), this.createdAt, null,
					false, this.send.media(), this.send.bot());
		}

		SendReceipt receipt() {
			return new SendReceipt(this.send.command().clientMsgId(), this.id, this.send.command().conversationId(),
					this.seq, this.createdAt, false);
		}

	}

	/** What became of one message of a batch: stored, or refused by the domain. */
	private record Outcome(Stored stored, DomainException refusal) {

		void answer(CompletableFuture<SendReceipt> receipt) {
			if (this.refusal != null) {
				receipt.completeExceptionally(this.refusal);
			}
			else {
				receipt.complete(this.stored.receipt());
			}
		}

	}

}
