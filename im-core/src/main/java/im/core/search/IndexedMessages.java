package im.core.search;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import im.core.search.IndexProgress.Gap;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Messages as the index takes them, read from the messages table. A message that is not
 * searched (a system message, a recalled one) is read too, as {@link Row#message()} null:
 * it counts as read.
 */
@Component
class IndexedMessages {

	/** The most gaps one query looks in. */
	private static final int GAPS_PER_QUERY = 100;

	private static final String SELECT = """
			SELECT m.id, m.conversation_id, m.seq, m.sender_id, m.created_at, m.media_id, m.body, m.kind,
			       m.recalled_at, md.file_name
			FROM messages m LEFT JOIN media md ON md.id = m.media_id
			""";

	private final NamedParameterJdbcTemplate jdbc;

	IndexedMessages(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A message read: its id, and what is indexed of it (null: nothing). */
	record Row(long id, IndexedMessage message) {
	}

	/** The next messages after the id, in id order, at most {@code limit}. */
	List<Row> after(long id, int limit) {
		return this.jdbc.query(SELECT + " WHERE m.id > :after ORDER BY m.id LIMIT :limit",
				new MapSqlParameterSource("after", id).addValue("limit", limit), IndexedMessages::row);
	}

	/** The messages whose ids are in the gaps (the first {@value #GAPS_PER_QUERY}). */
	List<Row> within(List<Gap> gaps) {
		if (gaps.isEmpty()) {
			return List.of();
		}
		StringBuilder where = new StringBuilder();
		MapSqlParameterSource parameters = new MapSqlParameterSource();
		for (int i = 0; i < Math.min(gaps.size(), GAPS_PER_QUERY); i++) {
			where.append((i > 0) ? " OR " : "").append("m.id BETWEEN :from").append(i).append(" AND :to").append(i);
			parameters.addValue("from" + i, gaps.get(i).from()).addValue("to" + i, gaps.get(i).to());
		}
		return this.jdbc.query(SELECT + " WHERE " + where, parameters, IndexedMessages::row);
	}

	/** The message as it is now; empty if it is gone. */
	Optional<Row> byId(long id) {
		return this.jdbc.query(SELECT + " WHERE m.id = :id", new MapSqlParameterSource("id", id), IndexedMessages::row)
			.stream()
			.findFirst();
	}

	/** The highest message id there is, 0 for none. */
	long latestId() {
		Long latest = this.jdbc.queryForObject("SELECT MAX(id) FROM messages", new MapSqlParameterSource(), Long.class);
		return (latest != null) ? latest : 0;
	}

	private static Row row(ResultSet rs, int number) throws SQLException {
		long id = rs.getLong("id");
		if (rs.getTimestamp("recalled_at") != null || "SYSTEM".equals(rs.getString("kind"))) {
			return new Row(id, null);
		}
		long sender = rs.getLong("sender_id");
		Long senderId = rs.wasNull() ? null : sender;
		String text = IndexedMessage.searchable(rs.getString("body"), rs.getString("file_name"));
		return new Row(id, new IndexedMessage(id, rs.getLong("conversation_id"), rs.getLong("seq"), senderId,
				rs.getTimestamp("created_at").toInstant(), rs.getString("media_id") != null, text));
	}

}
