package im.core.delivery;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the instances of a cluster find each other's connections.
 *
 * @param instanceId this instance's name in the session registry and on the bus
 * ({@code IM_INSTANCE_ID}); a fresh random one at each start when empty, so that a
 * restarted instance never inherits the sessions of its previous life
 * @param sessionTtl how long the sessions of an instance that stopped refreshing them (it
 * died) still count ({@code IM_SESSION_TTL})
 * @param topic the Kafka topic carrying deliveries between instances
 * ({@code IM_KAFKA_TOPIC}), created at start when missing
 * @param partitions its partitions ({@code IM_KAFKA_PARTITIONS}), at least 2: one read by
 * every instance, the others each read by the instances whose id hashes to it
 * ({@link im.core.delivery.kafka.DeliveryPartitions}); the same on every instance
 * @param replication its replication factor ({@code IM_KAFKA_REPLICATION})
 */
@ConfigurationProperties("im.cluster")
public record ClusterSettings(String instanceId, @DefaultValue("30s") Duration sessionTtl,
		@DefaultValue("im.deliveries") String topic, @DefaultValue("12") int partitions,
		@DefaultValue("1") short replication) {

	public ClusterSettings {
		if (instanceId == null || instanceId.isBlank()) {
			instanceId = UUID.randomUUID().toString().substring(0, 13);
		}
		if (instanceId.contains("/") || instanceId.contains(",")) {
			throw new IllegalArgumentException("IM_INSTANCE_ID may not contain '/' or ','");
		}
		if (partitions < 2) {
			throw new IllegalArgumentException("IM_KAFKA_PARTITIONS must be at least 2 (one partition for what "
					+ "goes to every instance, and at least one for what is addressed to one), not " + partitions);
		}
	}

}
