package im.core.message;

import im.core.delivery.Delivery;
import im.core.delivery.DeliveryBus;
import im.core.message.MessageEvent.Typing;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands each stored message, and each change to one, to the delivery bus: recorded with
 * the transaction that stores it (before its commit), delivered once committed.
 */
@Component
class MessageDelivery {

	private final DeliveryBus bus;

	MessageDelivery(DeliveryBus bus) {
		this.bus = bus;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
	void on(MessagesPosted posted) {
		this.bus.publishAllOnCommit(posted.messages()
			.stream()
			.map((message) -> Delivery.aboutConversation(message.message().conversationId(), message.recipients(),
					"messages", message.message()))
			.toList());
	}

	/** Recalls and edits with their transaction; typing, which has none, at once. */
	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(MessageEvent event) {
		Delivery delivery = Delivery.aboutConversation(event.conversationId(), event.audience(), "events", event);
		if (event instanceof Typing) {
			this.bus.publish(delivery);
		}
		else {
			this.bus.publishOnCommit(delivery);
		}
	}

}
