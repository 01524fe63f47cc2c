package im.core.delivery.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of the delivery topic carries what. Partition 0 carries what is for
 * every instance (broadcasts, live rooms, and deliveries while the session registry
 * cannot say who holds a recipient); every other partition belongs to the instances whose
 * id hashes to it. An instance reads partition 0 and its own, so it neither fetches nor
 * decodes what is addressed to the others: with each message crossing once, that halves
 * what two instances read, and a fetch covers two partitions rather than all of them.
 * <p>
 * Every instance must be configured with the same number of partitions (like the same
 * topic), since a sender computes the receiver's partition. Two instances whose ids hash
 * to the same partition both read it and skip each other's records by the target header.
 */
final class DeliveryPartitions {

	/** Read by every instance. */
	static final int EVERY_INSTANCE = 0;

	private DeliveryPartitions() {
	}

	/** The partition that carries what is addressed to {@code instanceId} alone. */
	static int of(String instanceId, int partitions) {
		return 1 + Utils.toPositive(Utils.murmur2(instanceId.getBytes(StandardCharsets.UTF_8))) % (partitions - 1);
	}

}
