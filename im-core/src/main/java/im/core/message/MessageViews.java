package im.core.message;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import im.core.media.MediaInfo;
import im.core.media.MediaService;

import org.springframework.stereotype.Component;

/**
 * Stored messages as clients see them: with their media and their reactions, each looked
 * up once for a whole page.
 */
@Component
class MessageViews {

	private final MediaService media;

	private final MessageReactions reactions;

	MessageViews(MediaService media, MessageReactions reactions) {
		this.media = media;
		this.reactions = reactions;
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
		Map<Long, List<Reaction>> reactions = this.reactions.of(page.get(0).conversationId(),
				page.stream().map(Message::seq).toList());
		return page.stream()
			.map((message) -> message.toChatMessage((message.mediaId() != null) ? media.get(message.mediaId()) : null,
					reactions.getOrDefault(message.seq(), List.of())))
			.toList();
	}

}
