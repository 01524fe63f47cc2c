package im.api.stomp;

import java.util.Set;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Answers a SUBSCRIBE or UNSUBSCRIBE that asks for a receipt (STOMP 1.2: "receipt"
 * header) once the broker has registered it, which Spring's simple broker does not do. A
 * client that waits for the RECEIPT knows nothing sent to the destination afterwards can
 * pass it by.
 */
@Component
class SubscriptionReceipts implements ExecutorChannelInterceptor {

	private static final Set<StompCommand> ACKNOWLEDGED = Set.of(StompCommand.SUBSCRIBE, StompCommand.UNSUBSCRIBE);

	private static final byte[] EMPTY = new byte[0];

	private final MessageChannel clientOutbound;

	SubscriptionReceipts(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound) {
		this.clientOutbound = clientOutbound;
	}

	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (ex != null || accessor == null || accessor.getReceipt() == null
				|| !ACKNOWLEDGED.contains(accessor.getCommand()) || !registeredBy(handler, accessor)) {
			return;
		}
		StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
		receipt.setReceiptId(accessor.getReceipt());
		receipt.setSessionId(accessor.getSessionId());
		this.clientOutbound.send(MessageBuilder.createMessage(EMPTY, receipt.getMessageHeaders()));
	}

	/**
	 * User destinations are registered by the user destination handler (it hands the
	 * translated subscription to the broker synchronously); all others by the broker
	 * itself.
	 */
	private static boolean registeredBy(MessageHandler handler, StompHeaderAccessor accessor) {
		boolean userDestination = accessor.getDestination() != null && accessor.getDestination().startsWith("/user/");
		return (accessor.getCommand() == StompCommand.UNSUBSCRIBE) ? handler instanceof SimpleBrokerMessageHandler
				: userDestination ? handler instanceof UserDestinationMessageHandler
						: handler instanceof SimpleBrokerMessageHandler;
	}

}
