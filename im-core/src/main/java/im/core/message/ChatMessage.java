package im.core.message;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import im.core.media.MediaInfo;

/**
 * A stored message as clients see it, in history and on {@code /user/queue/messages}.
 *
 * @param senderId null for system messages
 * @param clientMsgId the sender's id for it, so the sender's devices can match it to what
 * they sent
 * @param editedAt when the text was last edited, or null
 * @param recalled true when the message was recalled; its text and media are then null
 * @param media the upload an image, voice, video or file message carries
 * @param bot whether the sender is a bot (an integrator's program)
 * @param reactions its emoji reactions, in the order they were first chosen; left out of
 * the JSON when there are none (a new message has none)
 * @param mentions the members it names with {@code @username}; left out when none
 * @param mentionsAll whether it says {@code @all}, naming every member; left out when not
 */
public record ChatMessage(long id, long conversationId, long seq, Long senderId, String clientMsgId, MessageKind type,
		String text, Long replyToSeq, Instant createdAt, Instant editedAt, boolean recalled, MediaInfo media,
		boolean bot, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Reaction> reactions,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<Long> mentions,
		@JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean mentionsAll) {

}
