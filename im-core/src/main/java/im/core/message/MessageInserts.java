package im.core.message;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import im.core.account.UserId;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * Inserts a batch's messages with one statement, {@code INSERT ... VALUES (...), (...)}:
 * a batch of single-row inserts costs the database an execution of the statement per
 * message. Their mentions follow, when there are any. The generated ids are matched to
 * the messages by conversation and seq, which makes no assumption on the order the
 * database returns them in.
 */
final class MessageInserts {

	private static final String INSERT = "INSERT INTO messages "
			+ "(conversation_id, seq, sender_id, client_msg_id, kind, body, reply_to_seq, created_at, media_id, "
			+ "sender_bot, mentions_all) VALUES ";

	private static final String INSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final int INSERT_COLUMNS = 11;

	private static final String INSERT_MENTION = "INSERT INTO message_mentions "
			+ "(conversation_id, seq, user_id, via_all, position) VALUES (?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	/** {@link #insertOf}, by the number of rows; read and written by every writer. */
	private final String[] inserts;

	MessageInserts(JdbcTemplate jdbc, int batchMax) {
		this.jdbc = jdbc;
		this.inserts = new String[batchMax + 1];
	}

	/** Inserts the messages in the transaction under way and gives each its id. */
	void insert(List<AdmittedMessage> messages) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(insertOf(messages.size()),
					new String[] { "id", "conversation_id", "seq" });
			for (int i = 0; i < messages.size(); i++) {
				bind(statement, i * INSERT_COLUMNS, messages.get(i));
			}
			return statement;
		}, keys);
		Map<String, Long> ids = new HashMap<>();
		for (Map<String, Object> row : keys.getKeyList()) {
			ids.put(keyOf(value(row, "conversation_id"), value(row, "seq")), value(row, "id"));
		}
		for (AdmittedMessage message : messages) {
			long conversationId = message.send().command().conversationId();
			Long id = ids.get(keyOf(conversationId, message.seq()));
			if (id == null) {
				throw new IllegalStateException("The database returned no id for message " + message.seq()
						+ " of conversation " + conversationId);
			}
			message.stored(id);
		}
		insertMentions(messages);
	}

	/** The message's row parameters, after the {@code before} of the rows before it. */
	private static void bind(PreparedStatement statement, int before, AdmittedMessage message) throws SQLException {
		QueuedSend send = message.send();
		SendMessage command = send.command();
		statement.setLong(before + 1, command.conversationId());
		statement.setLong(before + 2, message.seq());
		statement.setLong(before + 3, send.sender().value());
		statement.setString(before + 4, command.clientMsgId());
		statement.setString(before + 5, command.type().name());
		statement.setString(before + 6, send.text());
		if (command.replyToSeq() != null) {
			statement.setLong(before + 7, command.replyToSeq());
		}
		else {
			statement.setNull(before + 7, Types.BIGINT);
		}
		statement.setObject(before + 8, message.createdAt().atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
		statement.setString(before + 9, (send.media() != null) ? send.media().id() : null);
		statement.setBoolean(before + 10, send.bot());
		statement.setBoolean(before + 11, message.mentions().all());
	}

	/**
	 * One row per member each message names, or reaches by {@code @all} (the sender left
	 * out): a batch of rows, and no statement at all for messages that name no one.
	 */
	private void insertMentions(List<AdmittedMessage> messages) {
		List<Object[]> rows = new ArrayList<>();
		for (AdmittedMessage message : messages) {
			Mentions mentions = message.mentions();
			if (!mentions.any()) {
				continue;
			}
			long conversationId = message.send().command().conversationId();
			int position = 0;
			for (Long userId : mentions.userIds()) {
				rows.add(new Object[] { conversationId, message.seq(), userId, false, position++ });
			}
			if (mentions.all()) {
				for (UserId member : message.posting().members()) {
					if (!member.equals(message.send().sender()) && !mentions.userIds().contains(member.value())) {
						rows.add(new Object[] { conversationId, message.seq(), member.value(), true, position++ });
					}
				}
			}
		}
		if (!rows.isEmpty()) {
			this.jdbc.batchUpdate(INSERT_MENTION, rows);
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

}
