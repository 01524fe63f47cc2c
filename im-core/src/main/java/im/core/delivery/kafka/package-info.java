/**
 * The delivery bus of a cluster, GoIM's job: deliveries stored in an outbox with the
 * change that made them, relayed through Kafka to the instances that hold a recipient's
 * session ({@link im.core.delivery.kafka.DeliveryRelay}), and taken from Kafka by each
 * instance for its own sessions ({@link im.core.delivery.kafka.DeliveryListener}). The
 * record format both sides share is {@link im.core.delivery.kafka.DeliveryRecords}.
 */
package im.core.delivery.kafka;
