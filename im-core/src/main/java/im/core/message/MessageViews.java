package im.core.message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import im.core.media.MediaInfo;
import im.core.media.MediaService;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Stored messages as clients see them: with their media, reactions and mentions, each
 * looked up once for a whole page.
 */
@Component
class MessageViews {

	private final MediaService media;

	private final MessageReactions reactions;

	private final NamedParameterJdbcTemplate jdbc;

	MessageViews(MediaService media, MessageReactions reactions, NamedParameterJdbcTemplate jdbc) {
		this.media = media;
		this.reactions = reactions;
		this.jdbc = jdbc;
	}

	ChatMessage view(Message message) {
		return views(List.of(message)).get(0);
	}

	/** Messages of one conversation. */
	List<ChatMessage> views(List<Message> page) {
		if (page.isEmpty()) {
			return List.of();
		}
		List<String> ids = page.stream().map(Message::mediaId).filter(Objects::nonNull).toList();
		Map<String, MediaInfo> media = ids.isEmpty() ? Map.of()
				: this.media.findAll(ids).stream().collect(Collectors.toMap(MediaInfo::id, Function.identity()));
		long conversationId = page.get(0).conversationId();
		List<Long> seqs = page.stream().map(Message::seq).toList();
		Map<Long, List<Reaction>> reactions = this.reactions.of(conversationId, seqs);
		Map<Long, List<Long>> mentions = mentions(conversationId, seqs);
		return page.stream()
			.map((message) -> message.toChatMessage((message.mediaId() != null) ? media.get(message.mediaId()) : null,
					reactions.getOrDefault(message.seq(), List.of()), mentions.getOrDefault(message.seq(), List.of())))
			.toList();
	}

	/** The members each message names (not those it reaches by {@code @all}), by seq. */
	private Map<Long, List<Long>> mentions(long conversationId, List<Long> seqs) {
		Map<Long, List<Long>> mentions = new HashMap<>();
		this.jdbc.query(
				"SELECT seq, user_id FROM message_mentions WHERE conversation_id = :conversation AND seq IN (:seqs) "
						+ "AND NOT via_all ORDER BY seq, position",
				new MapSqlParameterSource("conversation", conversationId).addValue("seqs", seqs), (rs) -> {
					mentions.computeIfAbsent(rs.getLong(1), (seq) -> new ArrayList<>()).add(rs.getLong(2));
				});
		return mentions;
	}

}
