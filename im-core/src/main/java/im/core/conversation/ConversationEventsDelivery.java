package im.core.conversation;

import im.core.delivery.Delivery;
import im.core.delivery.DeliveryBus;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Tells the audience of a conversation event, once what it reports is committed. */
@Component
class ConversationEventsDelivery {

	private final DeliveryBus bus;

	ConversationEventsDelivery(DeliveryBus bus) {
		this.bus = bus;
	}

	@TransactionalEventListener
	void on(ConversationEvent event) {
		this.bus.publish(new Delivery(event.audience(), "events", event));
	}

}
