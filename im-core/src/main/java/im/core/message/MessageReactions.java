package im.core.message;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import im.core.account.UserId;
import im.core.conversation.ConversationId;
import im.core.conversation.ConversationMembers;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.message.MessageEvent.ReactionAdded;
import im.core.message.MessageEvent.ReactionRemoved;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Emoji reactions to messages: any member adds or removes their own, on any message that
 * stands (not recalled) in a conversation that is not dissolved. History carries each
 * message's reactions; the members' devices hear each change as a {@code reaction-added}
 * or {@code reaction-removed} event, which applied twice changes nothing.
 */
@Service
@Transactional
public class MessageReactions {

	/**
	 * Different emoji one message may carry, as Slack's limit keeps a message readable.
	 */
	static final int MAX_EMOJI_PER_MESSAGE = 20;

	private final MessageRepository messages;

	private final ConversationMembers members;

	private final NamedParameterJdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	MessageReactions(MessageRepository messages, ConversationMembers members, NamedParameterJdbcTemplate jdbc,
			ApplicationEventPublisher events, Clock clock) {
		this.messages = messages;
		this.members = members;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** Adds the member's reaction; answers false if it was there already. */
	public boolean add(UserId actor, ConversationId id, long seq, String emoji) {
		String valid = ReactionEmoji.valid(emoji);
		this.members.roleToChange(id, actor);
		Message message = lockStanding(id, seq);
		MapSqlParameterSource row = row(id, seq, valid, actor);
		if (exists(row)) {
			return false;
		}
		Integer kinds = this.jdbc.queryForObject(
				"SELECT COUNT(DISTINCT emoji) FROM message_reactions WHERE conversation_id = :conversation AND seq = :seq",
				row, Integer.class);
		if (kinds != null && kinds >= MAX_EMOJI_PER_MESSAGE && !emojiUsed(row)) {
			throw new DomainException(ErrorCode.LIMIT_REACHED, "A message takes at most " + MAX_EMOJI_PER_MESSAGE
					+ " different reactions; add one of those it has.");
		}
		this.jdbc.update(
				"INSERT INTO message_reactions (conversation_id, seq, emoji, user_id, reacted_at) "
						+ "VALUES (:conversation, :seq, :emoji, :user, :at)",
				row.addValue("at", Timestamp.from(this.clock.instant())));
		this.events.publishEvent(
				new ReactionAdded(id.value(), seq, message.id(), valid, actor.value(), this.members.memberIds(id)));
		return true;
	}

	/** Removes the member's reaction; answers false if there was none. */
	public boolean remove(UserId actor, ConversationId id, long seq, String emoji) {
		String valid = ReactionEmoji.valid(emoji);
		this.members.roleToChange(id, actor);
		Message message = lockStanding(id, seq);
		int removed = this.jdbc.update("DELETE FROM message_reactions WHERE conversation_id = :conversation "
				+ "AND seq = :seq AND emoji = :emoji AND user_id = :user", row(id, seq, valid, actor));
		if (removed == 0) {
			return false;
		}
		this.events.publishEvent(
				new ReactionRemoved(id.value(), seq, message.id(), valid, actor.value(), this.members.memberIds(id)));
		return true;
	}

	/** The reactions of a conversation's messages, by seq: one query for a page. */
	Map<Long, List<Reaction>> of(long conversationId, Collection<Long> seqs) {
		if (seqs.isEmpty()) {
			return Map.of();
		}
		Map<Long, Map<String, List<Long>>> found = new HashMap<>();
		this.jdbc.query(
				"SELECT seq, emoji, user_id FROM message_reactions WHERE conversation_id = :conversation "
						+ "AND seq IN (:seqs) ORDER BY reacted_at, user_id",
				new MapSqlParameterSource("conversation", conversationId).addValue("seqs", seqs), (rs) -> {
					found.computeIfAbsent(rs.getLong(1), (seq) -> new LinkedHashMap<>())
						.computeIfAbsent(rs.getString(2), (emoji) -> new ArrayList<>())
						.add(rs.getLong(3));
				});
		Map<Long, List<Reaction>> reactions = new HashMap<>();
		found.forEach((seq, byEmoji) -> reactions.put(seq, byEmoji.entrySet()
			.stream()
			.map((entry) -> new Reaction(entry.getKey(), entry.getValue().size(), List.copyOf(entry.getValue())))
			.toList()));
		return reactions;
	}

	/** A recalled message keeps no reactions. */
	void forget(ConversationId id, long seq) {
		this.jdbc.update("DELETE FROM message_reactions WHERE conversation_id = :conversation AND seq = :seq",
				new MapSqlParameterSource("conversation", id.value()).addValue("seq", seq));
	}

	private Message lockStanding(ConversationId id, long seq) {
		Message message = this.messages.lock(id.value(), seq)
			.orElseThrow(() -> MessageRepository.noSuchMessage(id, seq));
		if (message.isRecalled()) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Message " + seq + " was recalled; it takes no reactions.");
		}
		return message;
	}

	private boolean exists(MapSqlParameterSource row) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT COUNT(*) > 0 FROM message_reactions "
						+ "WHERE conversation_id = :conversation AND seq = :seq AND emoji = :emoji AND user_id = :user",
				row, Boolean.class));
	}

	private boolean emojiUsed(MapSqlParameterSource row) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT COUNT(*) > 0 FROM message_reactions "
						+ "WHERE conversation_id = :conversation AND seq = :seq AND emoji = :emoji",
				row, Boolean.class));
	}

	private static MapSqlParameterSource row(ConversationId id, long seq, String emoji, UserId user) {
		return new MapSqlParameterSource("conversation", id.value()).addValue("seq", seq)
			.addValue("emoji", emoji)
			.addValue("user", user.value());
	}

}
