package im.core.conversation;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The groups users left or were removed from, and the last message each could read then
 * (table {@code conversation_departures}).
 */
@Component
class ConversationDepartures {

	private final NamedParameterJdbcTemplate jdbc;

	ConversationDepartures(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The user left the conversation, whose last message then was {@code lastSeq}. */
	void left(long conversationId, long userId, long lastSeq, Instant at) {
		MapSqlParameterSource row = new MapSqlParameterSource("conversation", conversationId).addValue("user", userId)
			.addValue("lastSeq", lastSeq)
			.addValue("at", java.sql.Timestamp.from(at));
		this.jdbc.update(
				"DELETE FROM conversation_departures WHERE conversation_id = :conversation AND user_id = :user", row);
		this.jdbc.update("INSERT INTO conversation_departures (conversation_id, user_id, last_seq, left_at) "
				+ "VALUES (:conversation, :user, :lastSeq, :at)", row);
	}

	/** Conversation id to the last seq the user could read when they left it. */
	Map<Long, Long> of(long userId) {
		Map<Long, Long> left = new HashMap<>();
		this.jdbc.query("SELECT conversation_id, last_seq FROM conversation_departures WHERE user_id = :user",
				new MapSqlParameterSource("user", userId), (rs) -> {
					left.put(rs.getLong(1), rs.getLong(2));
				});
		return left;
	}

}
