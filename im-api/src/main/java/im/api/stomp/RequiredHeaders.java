package im.api.stomp;

import im.core.error.DomainException;
import im.core.error.ErrorCode;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Refuses a SUBSCRIBE without its {@code id} or {@code destination} header, and an
 * UNSUBSCRIBE without its {@code id} (STOMP 1.2 requires them), as
 * {@code malformed-request}: Spring's broker would log each such frame as an error of its
 * own and leave the client without an answer.
 */
@Component
class RequiredHeaders implements ChannelInterceptor {

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null) {
			return message;
		}
		StompCommand command = accessor.getCommand();
		if (command == StompCommand.SUBSCRIBE
				&& (blank(accessor.getSubscriptionId()) || blank(accessor.getDestination()))) {
			throw new DomainException(ErrorCode.MALFORMED_REQUEST,
					"SUBSCRIBE needs an 'id' and a 'destination' header.");
		}
		if (command == StompCommand.UNSUBSCRIBE && blank(accessor.getSubscriptionId())) {
			throw new DomainException(ErrorCode.MALFORMED_REQUEST, "UNSUBSCRIBE needs the subscription's 'id'.");
		}
		return message;
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
