package im.core.conversation;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The statements of posting a batch of messages, in plain JDBC: the hottest path of the
 * platform, where each statement serves every message of the batch. Run inside the
 * batch's transaction.
 * <p>
 * Each takes its rows as arrays ({@code = ANY(?)}, {@code UNNEST}), so that its text is
 * the same whatever the batch holds: the driver prepares it once per connection and
 * PostgreSQL reuses its plan, where a list of {@code ?} as long as the batch was a
 * statement of its own for every size, parsed and planned at each execution.
 */
@Component
class PostingStatements {

	private static final String LOCK = "SELECT id, last_seq, all_muted, dissolved_at FROM conversations WHERE id = ANY(?) ";

	/** {@link #lock}: the conversations waited for. */
	private static final String LOCK_WAITING = LOCK + "ORDER BY id FOR UPDATE";

	/** {@link #lock}: the conversations taken if free. */
	private static final String LOCK_FREE = LOCK + "FOR UPDATE SKIP LOCKED";

	/** {@link #rosters}: the senders, then the conversations. */
	private static final String ROSTERS = """
			SELECT m.conversation_id, m.user_id, m.role, m.muted_until,
			       CASE WHEN m.user_id = ANY(?)
			            THEN (SELECT u.muted_until FROM users u WHERE u.id = m.user_id) END AS account_muted_until
			FROM conversation_members m WHERE m.conversation_id = ANY(?)
			""";

	/**
	 * The heads of the conversations a batch advanced, from arrays of their new values
	 * (the same statement in PostgreSQL and H2).
	 */
	private static final String MOVE_HEADS = """
			MERGE INTO conversations c
			USING (SELECT * FROM UNNEST(?, ?, ?, ?, ?, ?)
			       AS h(id, last_seq, last_activity_at, last_sender_id, last_message_kind, last_message_text)) h
			ON c.id = h.id
			WHEN MATCHED THEN UPDATE SET last_seq = h.last_seq, last_activity_at = h.last_activity_at,
			     last_sender_id = h.last_sender_id, last_message_kind = h.last_message_kind,
			     last_message_text = h.last_message_text
			""";

	/** The senders' read marks, moved forward only. */
	private static final String MOVE_READ_MARKS = """
			MERGE INTO conversation_members m
			USING (SELECT * FROM UNNEST(?, ?, ?) AS r(conversation_id, user_id, read_seq)) r
			ON m.conversation_id = r.conversation_id AND m.user_id = r.user_id
			WHEN MATCHED AND m.read_seq < r.read_seq THEN UPDATE SET read_seq = r.read_seq
			""";

	private final JdbcTemplate jdbc;

	PostingStatements(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Locks the conversations: those in {@code waitFor} in the order of their ids,
	 * waiting for them, then whichever of the others no other transaction holds, skipping
	 * the rest. A transaction thus only ever waits before it holds anything but locks
	 * taken in id order, so two batches (on two instances) cannot wait on each other; and
	 * a batch does not queue behind the other instance's for a conversation it can store
	 * next time.
	 */
	Map<Long, LockedConversation> lock(Collection<Long> waitFor, Collection<Long> others) {
		Map<Long, LockedConversation> locked = new HashMap<>();
		RowCallbackHandler put = (row) -> {
			long id = row.getLong("id");
			locked.put(id, new LockedConversation(new ConversationId(id), row.getLong("last_seq"),
					row.getBoolean("all_muted"), row.getObject("dissolved_at") != null));
		};
		if (!waitFor.isEmpty()) {
			this.jdbc.query(LOCK_WAITING, (statement) -> statement.setArray(1, bigints(statement, waitFor)), put);
		}
		if (!others.isEmpty()) {
			this.jdbc.query(LOCK_FREE, (statement) -> statement.setArray(1, bigints(statement, others)), put);
		}
		return locked;
	}

	/**
	 * Every member of the conversations, with what decides whether a sender may post: the
	 * account-wide mute an administrator set is read for the senders' rows only.
	 */
	Map<Long, List<PostingMember>> rosters(Collection<Long> ids, Collection<Long> senders) {
		Map<Long, List<PostingMember>> rosters = new HashMap<>();
		this.jdbc.query(ROSTERS, (statement) -> {
			statement.setArray(1, bigints(statement, senders));
			statement.setArray(2, bigints(statement, ids));
		}, (RowCallbackHandler) (row) -> rosters
			.computeIfAbsent(row.getLong("conversation_id"), (id) -> new ArrayList<>())
			.add(new PostingMember(row.getLong("user_id"), MemberRole.valueOf(row.getString("role")),
					instant(row.getObject("muted_until", OffsetDateTime.class)),
					instant(row.getObject("account_muted_until", OffsetDateTime.class)))));
		return rosters;
	}

	/**
	 * Writes each advanced conversation's head once, and moves each sender's read mark to
	 * their last message (never back: a mark set meanwhile to a later message stays). Two
	 * statements whatever the batch holds, each joining its rows from arrays: a batch of
	 * single-row updates cost the database an execution (executor start and end, a round
	 * of protocol messages) per conversation and per sender; with these it spends about a
	 * tenth less per message at 3,000 messages a second (docs/benchmarks.md).
	 */
	void write(Collection<LockedConversation> conversations, Map<ReadMark, Long> readMarks) {
		List<LockedConversation> advanced = conversations.stream().filter(LockedConversation::isAdvanced).toList();
		if (!advanced.isEmpty()) {
			int rows = advanced.size();
			Long[] ids = new Long[rows];
			Long[] lastSeqs = new Long[rows];
			OffsetDateTime[] activities = new OffsetDateTime[rows];
			Long[] senders = new Long[rows];
			String[] kinds = new String[rows];
			String[] texts = new String[rows];
			for (int i = 0; i < rows; i++) {
				LockedConversation conversation = advanced.get(i);
				ids[i] = conversation.id().value();
				lastSeqs[i] = conversation.lastSeq();
				activities[i] = conversation.lastActivityAt().atOffset(ZoneOffset.UTC);
				senders[i] = conversation.lastSenderId();
				kinds[i] = conversation.lastMessageKind();
				texts[i] = conversation.lastMessageText();
			}
			this.jdbc.update(MOVE_HEADS, (statement) -> {
				Connection connection = statement.getConnection();
				statement.setArray(1, connection.createArrayOf("bigint", ids));
				statement.setArray(2, connection.createArrayOf("bigint", lastSeqs));
				statement.setArray(3, connection.createArrayOf("timestamptz", activities));
				statement.setArray(4, connection.createArrayOf("bigint", senders));
				statement.setArray(5, connection.createArrayOf("varchar", kinds));
				statement.setArray(6, connection.createArrayOf("varchar", texts));
			});
		}
		if (!readMarks.isEmpty()) {
			int rows = readMarks.size();
			Long[] conversationIds = new Long[rows];
			Long[] userIds = new Long[rows];
			Long[] seqs = new Long[rows];
			int i = 0;
			for (Map.Entry<ReadMark, Long> mark : readMarks.entrySet()) {
				conversationIds[i] = mark.getKey().conversationId();
				userIds[i] = mark.getKey().userId();
				seqs[i++] = mark.getValue();
			}
			this.jdbc.update(MOVE_READ_MARKS, (statement) -> {
				Connection connection = statement.getConnection();
				statement.setArray(1, connection.createArrayOf("bigint", conversationIds));
				statement.setArray(2, connection.createArrayOf("bigint", userIds));
				statement.setArray(3, connection.createArrayOf("bigint", seqs));
			});
		}
	}

	private static Array bigints(PreparedStatement statement, Collection<Long> values) throws SQLException {
		return statement.getConnection().createArrayOf("bigint", values.toArray(Long[]::new));
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	/** One member's read mark in one conversation. */
	record ReadMark(long conversationId, long userId) {

	}

}
