package im.core.conversation;

import im.core.delivery.Delivery;
import im.core.delivery.DeliveryBus;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells the audience of a conversation event: recorded with the transaction that makes
 * the change, delivered once it commits.
 */
@Component
class ConversationEventsDelivery {

	private final DeliveryBus bus;

	ConversationEventsDelivery(DeliveryBus bus) {
		this.bus = bus;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
	void on(ConversationEvent event) {
		this.bus.publishOnCommit(Delivery.aboutConversation(event.conversationId(), event.audience(), "events", event));
	}

}
