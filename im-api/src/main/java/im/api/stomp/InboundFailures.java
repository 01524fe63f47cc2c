package im.api.stomp;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Answers a frame refused on the inbound channel (a CONNECT without a valid token, a
 * SUBSCRIBE to a destination that is not the client's) with an ERROR frame, queued to the
 * connection's {@link SendQueue} behind what it already has to send, and closes it.
 * <p>
 * Spring's WebSocket handler would answer the refusal too, but past the send queue; it
 * comes after this interceptor, finds the connection closing and adds nothing
 * ({@link StompErrors}). This interceptor is first in the chain, so it sees every
 * refusal.
 */
@Component
class InboundFailures implements ChannelInterceptor {

	private final StompErrors errors;

	private final OpenConnections connections;

	InboundFailures(StompErrors errors, OpenConnections connections) {
		this.errors = errors;
		this.connections = connections;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, Exception ex) {
		String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		if (ex == null || sessionId == null) {
			return;
		}
		this.connections.closeWithError(sessionId, this.errors.refusal((Message<byte[]>) message, ex));
	}

}
