package im.core.message;

import java.time.Instant;

/**
 * A stored message as clients see it, in history and on {@code /user/queue/messages}.
 *
 * @param senderId null for system messages
 * @param clientMsgId the sender's id for it, so the sender's devices can match it to what
 * they sent
 */
public record ChatMessage(long id, long conversationId, long seq, Long senderId, String clientMsgId, MessageKind type,
		String text, Long replyToSeq, Instant createdAt) {

}
