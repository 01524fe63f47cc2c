package im.core.message;

import im.core.delivery.Delivery;
import im.core.delivery.DeliveryBus;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Hands each stored message to the delivery bus once its transaction committed. */
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

}
