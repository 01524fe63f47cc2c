package im.core.message;

import im.core.delivery.Delivery;
import im.core.delivery.DeliveryBus;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands each stored message, and each change to one, to the delivery bus once committed.
 */
@Component
class MessageDelivery {

	private final DeliveryBus bus;

	MessageDelivery(DeliveryBus bus) {
		this.bus = bus;
	}

	@TransactionalEventListener
	void on(MessagePosted posted) {
		this.bus.publish(new Delivery(posted.recipients(), "messages", posted.message()));
	}

	/**
	 * Recalls and edits after their commit; typing, which has no transaction, at once.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void on(MessageEvent event) {
		this.bus.publish(new Delivery(event.audience(), "events", event));
	}

}
