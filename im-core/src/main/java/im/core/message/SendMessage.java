package im.core.message;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A message a client sends.
 *
 * @param clientMsgId chosen by the client, unique per sender; a retry with the same id is
 * stored once and acknowledged the same way
 * @param replyToSeq the {@code seq} of an earlier message of the same conversation this
 * one quotes, or null
 */
public record SendMessage(@NotNull Long conversationId, @NotBlank @Size(max = 64) String clientMsgId,
		@NotNull MessageKind type, String text, @Positive Long replyToSeq, @Size(max = 36) String mediaId) {

}
