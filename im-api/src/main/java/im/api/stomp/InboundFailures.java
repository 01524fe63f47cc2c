package im.api.stomp;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Answers a frame refused on the inbound channel (a CONNECT without a valid token, a
 * SUBSCRIBE to a destination that is not the client's) with an ERROR frame.
 * <p>
 * Spring's WebSocket handler does this itself only when the inbound channel is called on
 * the connection's own thread (the default, {@code IM_STOMP_INBOUND_THREADS=0}; its
 * answer then finds the connection closing and adds nothing). With a pool of inbound
 * threads each connection's frames are kept in the order they were received
 * ({@code setPreserveReceiveOrder}), which hands frames on from whichever thread finished
 * the previous one; a refusal would then end in a log line and the client wait forever.
 * This interceptor is first in the chain, so it sees every refusal, whichever thread
 * raised it.
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
