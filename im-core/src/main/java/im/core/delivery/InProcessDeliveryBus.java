package im.core.delivery;

import im.core.account.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Delivers within this instance: right for standalone mode, where this instance holds
 * every connection. (Cluster delivery between instances over Kafka is issue "Cluster".)
 */
@Component
class InProcessDeliveryBus implements DeliveryBus {

	private static final Logger log = LoggerFactory.getLogger(InProcessDeliveryBus.class);

	private final ClientPush push;

	private final JsonMapper json;

	InProcessDeliveryBus(ClientPush push, JsonMapper json) {
		this.push = push;
		this.json = json;
	}

	@Override
	public void publish(Delivery delivery) {
		byte[] payload = this.json.writeValueAsBytes(delivery.payload());
		for (UserId recipient : delivery.recipients()) {
			try {
				this.push.push(recipient, delivery.queue(), payload);
			}
			catch (RuntimeException ex) {
				// one recipient's failure must not cost the others their copy; the
				// recipient syncs on reconnect
				log.warn("Could not push to user {} on queue {}: {}", recipient, delivery.queue(), ex.toString());
			}
		}
	}

}
