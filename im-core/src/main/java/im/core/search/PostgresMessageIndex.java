package im.core.search;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import im.core.RunMode;
import im.core.search.IndexedMessages.Row;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The search index of a cluster: the table {@code message_search} in PostgreSQL, with a
 * GIN index on each message's terms ({@link MessageAnalysis}, stored as a tsvector as
 * they are). Every instance runs an indexer; the one that locks the progress row indexes
 * the next messages, the others skip their turn.
 */
@Component
@Profile(RunMode.CLUSTER)
class PostgresMessageIndex implements MessageIndex {

	/** PostgreSQL refuses lexemes of 2 KB and more; words that long are not searched. */
	private static final int MAX_TERM_LENGTH = 200;

	/** PostgreSQL keeps at most 256 positions of a lexeme, each below 16,384. */
	private static final int MAX_POSITIONS = 256;

	private static final int MAX_POSITION = 16383;

	private static final String INSERT = """
			INSERT INTO message_search (message_id, conversation_id, seq, sender_id, created_at, has_file, terms)
			VALUES (:id, :conversation, :seq, :sender, :created, :file, CAST(:terms AS tsvector))
			ON CONFLICT (message_id) DO""";

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final long graceMillis;

	PostgresMessageIndex(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
			SearchSettings settings) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.graceMillis = settings.gapGrace().toMillis();
	}

	@Override
	public int indexNext(IndexedMessages source, int limit) {
		Integer indexed = this.transactions.execute((status) -> {
			List<String> state = this.jdbc.queryForList(
					"SELECT state FROM message_search_progress WHERE id = 1 FOR UPDATE SKIP LOCKED",
					new MapSqlParameterSource(), String.class);
			if (state.isEmpty()) {
				// another instance is indexing
				return 0;
			}
			IndexProgress progress = IndexProgress.parse(state.get(0));
			List<Row> read = source.after(progress.highestSeen(), limit);
			List<Row> found = source.within(progress.gaps());
			List<Row> rows = new ArrayList<>(read);
			rows.addAll(found);
			// an insert leaves alone a row an edit already wrote: the edit's is newer
			List<SqlParameterSource> inserts = new ArrayList<>();
			List<Long> gone = new ArrayList<>();
			for (Row row : rows) {
				if (row.message() != null) {
					inserts.add(parameters(row.message()));
				}
				else {
					gone.add(row.id());
				}
			}
			if (!inserts.isEmpty()) {
				this.jdbc.batchUpdate(INSERT + " NOTHING", inserts.toArray(SqlParameterSource[]::new));
			}
			if (!gone.isEmpty()) {
				this.jdbc.update("DELETE FROM message_search WHERE message_id IN (:ids)",
						new MapSqlParameterSource("ids", gone));
			}
			IndexProgress next = progress.next(read.stream().map(Row::id).toList(),
					found.stream().map(Row::id).toList(), this.clock.millis(), this.graceMillis);
			if (!next.equals(progress)) {
				this.jdbc.update("UPDATE message_search_progress SET state = :state WHERE id = 1",
						new MapSqlParameterSource("state", next.format()));
			}
			return rows.size();
		});
		return (indexed != null) ? indexed : 0;
	}

	@Override
	public void update(IndexedMessage message) {
		this.jdbc.update(INSERT + " UPDATE SET terms = EXCLUDED.terms, has_file = EXCLUDED.has_file",
				parameters(message));
	}

	@Override
	public void remove(long messageId) {
		this.jdbc.update("DELETE FROM message_search WHERE message_id = :id",
				new MapSqlParameterSource("id", messageId));
	}

	@Override
	public List<Long> search(IndexQuery query) {
		if (query.readable().isEmpty()) {
			return List.of();
		}
		StringJoiner conversations = new StringJoiner(",", "{", "}");
		StringJoiner upTo = new StringJoiner(",", "{", "}");
		for (Map.Entry<Long, Long> readable : query.readable().entrySet()) {
			conversations.add(Long.toString(readable.getKey()));
			upTo.add(Long.toString(readable.getValue()));
		}
		MapSqlParameterSource parameters = new MapSqlParameterSource("query", tsquery(query.terms()))
			.addValue("conversations", conversations.toString())
			.addValue("upTo", upTo.toString())
			.addValue("limit", query.limit());
		StringBuilder sql = new StringBuilder("""
				SELECT s.message_id FROM message_search s
				JOIN unnest(CAST(:conversations AS bigint[]), CAST(:upTo AS bigint[])) AS r (conversation_id, up_to)
				  ON r.conversation_id = s.conversation_id AND s.seq <= r.up_to
				WHERE s.terms @@ CAST(:query AS tsquery)""");
		if (query.conversationId() != null) {
			sql.append(" AND s.conversation_id = :conversation");
			parameters.addValue("conversation", query.conversationId());
		}
		if (query.senderId() != null) {
			sql.append(" AND s.sender_id = :sender");
			parameters.addValue("sender", query.senderId());
		}
		if (query.from() != null) {
			sql.append(" AND s.created_at >= :from");
			parameters.addValue("from", Timestamp.from(query.from()));
		}
		if (query.to() != null) {
			sql.append(" AND s.created_at < :to");
			parameters.addValue("to", Timestamp.from(query.to()));
		}
		if (query.hasFile() != null) {
			sql.append(" AND s.has_file = :file");
			parameters.addValue("file", query.hasFile());
		}
		if (query.order() == SearchOrder.NEWEST) {
			if (query.beforeId() != Long.MAX_VALUE) {
				sql.append(" AND s.message_id < :before");
				parameters.addValue("before", query.beforeId());
			}
			sql.append(" ORDER BY s.message_id DESC LIMIT :limit");
		}
		else {
			// normalised by the length of the text (1 + its logarithm)
			sql.append(" ORDER BY ts_rank(s.terms, CAST(:query AS tsquery), 1) DESC, s.message_id DESC"
					+ " OFFSET :offset LIMIT :limit");
			parameters.addValue("offset", query.offset());
		}
		return this.jdbc.queryForList(sql.toString(), parameters, Long.class);
	}

	@Override
	public long indexedUpTo() {
		return IndexProgress
			.parse(this.jdbc.queryForObject("SELECT state FROM message_search_progress WHERE id = 1",
					new MapSqlParameterSource(), String.class))
			.safeUpTo();
	}

	@Override
	public long size() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM message_search", new MapSqlParameterSource(),
				Long.class);
		return (count != null) ? count : 0;
	}

	@Override
	public void clear() {
		this.transactions.executeWithoutResult((status) -> {
			// waits for an instance that is indexing, whose progress would follow the
			// reset
			this.jdbc.queryForList("SELECT state FROM message_search_progress WHERE id = 1 FOR UPDATE",
					new MapSqlParameterSource(), String.class);
			this.jdbc.update("TRUNCATE message_search", new MapSqlParameterSource());
			this.jdbc.update("UPDATE message_search_progress SET state = :state WHERE id = 1",
					new MapSqlParameterSource("state", IndexProgress.START.format()));
		});
	}

	private static MapSqlParameterSource parameters(IndexedMessage message) {
		return new MapSqlParameterSource("id", message.id()).addValue("conversation", message.conversationId())
			.addValue("seq", message.seq())
			.addValue("sender", message.senderId())
			.addValue("created", Timestamp.from(message.createdAt()))
			.addValue("file", message.hasFile())
			.addValue("terms", tsvector(message.text()));
	}

	/** The text's terms and their positions, in tsvector's literal form. */
	static String tsvector(String text) {
		StringJoiner vector = new StringJoiner(" ");
		MessageAnalysis.indexTermPositions(text).forEach((term, positions) -> {
			if (term.length() > MAX_TERM_LENGTH) {
				return;
			}
			StringJoiner at = new StringJoiner(",");
			positions.stream()
				.limit(MAX_POSITIONS)
				.forEach((position) -> at.add(Integer.toString(Math.min(position, MAX_POSITION))));
			vector.add(quoted(term) + ":" + at);
		});
		return vector.toString();
	}

	/** Every term, in tsquery's literal form. */
	static String tsquery(List<String> terms) {
		StringJoiner query = new StringJoiner(" & ");
		for (String term : terms) {
			query.add(quoted(term));
		}
		return query.toString();
	}

	private static String quoted(String term) {
		return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'";
	}

}
