package im.core.delivery.kafka;

/**
 * How many deliveries wait in the outbox of a cluster: near zero while Kafka takes them,
 * growing while it does not. For operators, in the Kafka health details.
 */
public interface DeliveryBacklog {

	/** The deliveries recorded and not yet sent through Kafka, on every instance. */
	long pending();

}
