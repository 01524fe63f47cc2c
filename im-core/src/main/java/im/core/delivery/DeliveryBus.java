package im.core.delivery;

/**
 * Carries deliveries to the instances that hold the recipients' connections. Everything
 * that reaches a client goes through here, never through an instance-local shortcut, so
 * that a cluster bus can replace the in-process one without touching the features.
 */
public interface DeliveryBus {

	/** Hands the delivery on; never throws for an offline or failing recipient. */
	void publish(Delivery delivery);

}
