package im.api.stomp;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Takes out of a frame on its way to a client the task that releases the next message of
 * an ordered channel further up, which Spring's simple broker copies from the message it
 * publishes (user destinations are published through a per-connection ordered channel).
 * That channel runs the task itself once the broker has handled the message; Spring's
 * STOMP handler, finding the task in a frame, would instead hand it to a session
 * decorator our connections do not have ({@link StompBrokerConfiguration}) and refuse the
 * frame.
 */
final class InheritedOrderTasks implements ChannelInterceptor {

	/** {@code OrderedMessageChannelDecorator.NEXT_MESSAGE_TASK_HEADER}, private there. */
	static final String NEXT_MESSAGE_TASK = "simpNextMessageTask";

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		if (!message.getHeaders().containsKey(NEXT_MESSAGE_TASK)) {
			return message;
		}
		SimpMessageHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message,
				SimpMessageHeaderAccessor.class);
		if (accessor != null && accessor.isMutable()) {
			accessor.removeHeader(NEXT_MESSAGE_TASK);
			return message;
		}
		SimpMessageHeaderAccessor copy = SimpMessageHeaderAccessor.wrap(message);
		copy.removeHeader(NEXT_MESSAGE_TASK);
		return MessageBuilder.createMessage(message.getPayload(), copy.getMessageHeaders());
	}

}
