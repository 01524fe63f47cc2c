package im.core.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import im.core.account.UserId;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * Inserts a batch's messages with one statement,
 * {@code INSERT ... SELECT * FROM UNNEST(...)} of an array per column: a batch of
 * single-row inserts costs the database an execution of the statement per message, and a
 * {@code VALUES} list as long as the batch was a statement of its own for each size,
 * parsed and planned at every execution. Their mentions follow, when there are any. The
 * generated ids are matched to the messages by conversation and seq, which makes no
 * assumption on the order the database returns them in.
 */
final class MessageInserts {

	private static final String INSERT = """
			INSERT INTO messages (conversation_id, seq, sender_id, client_msg_id, kind, body, reply_to_seq,
			                      created_at, media_id, sender_bot, mentions_all)
			SELECT * FROM UNNEST(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			""";

	private static final String INSERT_MENTION = "INSERT INTO message_mentions "
			+ "(conversation_id, seq, user_id, via_all, position) VALUES (?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	MessageInserts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts the messages in the transaction under way and gives each its id. */
	void insert(List<AdmittedMessage> messages) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(INSERT,
					new String[] { "id", "conversation_id", "seq" });
			bind(statement, messages);
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

	/** The messages' columns, an array each. */
	private static void bind(PreparedStatement statement, List<AdmittedMessage> messages) throws SQLException {
		int rows = messages.size();
		Long[] conversationIds = new Long[rows];
		Long[] seqs = new Long[rows];
		Long[] senders = new Long[rows];
		String[] clientMsgIds = new String[rows];
		String[] kinds = new String[rows];
		String[] bodies = new String[rows];
		Long[] replyToSeqs = new Long[rows];
		OffsetDateTime[] createdAts = new OffsetDateTime[rows];
		String[] mediaIds = new String[rows];
		Boolean[] bots = new Boolean[rows];
		Boolean[] mentionsAll = new Boolean[rows];
		for (int i = 0; i < rows; i++) {
			AdmittedMessage message = messages.get(i);
			QueuedSend send = message.send();
			SendMessage command = send.command();
			conversationIds[i] = command.conversationId();
			seqs[i] = message.seq();
			senders[i] = send.sender().value();
			clientMsgIds[i] = command.clientMsgId();
			kinds[i] = command.type().name();
			bodies[i] = send.text();
			replyToSeqs[i] = command.replyToSeq();
			createdAts[i] = message.createdAt().atOffset(ZoneOffset.UTC);
			mediaIds[i] = (send.media() != null) ? send.media().id() : null;
			bots[i] = send.bot();
			mentionsAll[i] = message.mentions().all();
		}
		Connection connection = statement.getConnection();
		statement.setArray(1, connection.createArrayOf("bigint", conversationIds));
		statement.setArray(2, connection.createArrayOf("bigint", seqs));
		statement.setArray(3, connection.createArrayOf("bigint", senders));
		statement.setArray(4, connection.createArrayOf("varchar", clientMsgIds));
		statement.setArray(5, connection.createArrayOf("varchar", kinds));
		statement.setArray(6, connection.createArrayOf("varchar", bodies));
		statement.setArray(7, connection.createArrayOf("bigint", replyToSeqs));
		statement.setArray(8, connection.createArrayOf("timestamptz", createdAts));
		statement.setArray(9, connection.createArrayOf("varchar", mediaIds));
		statement.setArray(10, connection.createArrayOf("boolean", bots));
		statement.setArray(11, connection.createArrayOf("boolean", mentionsAll));
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
