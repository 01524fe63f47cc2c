package im.core.message;

import java.time.Instant;

/**
 * The acknowledgement of a send: the message is stored and has its place in the
 * conversation.
 *
 * @param duplicate true when this {@code clientMsgId} had been stored before (a retry);
 * the other fields are those of the first time
 */
public record SendReceipt(String clientMsgId, long messageId, long conversationId, long seq, Instant serverTime,
		boolean duplicate) {

}
