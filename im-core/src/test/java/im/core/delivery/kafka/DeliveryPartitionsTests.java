package im.core.delivery.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import im.core.delivery.ClusterSettings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeliveryPartitionsTests {

	@Test
	void anInstanceHasOnePartitionOfItsOwnNeverTheOneEveryInstanceReads() {
		Set<Integer> used = new HashSet<>();
		IntStream.range(0, 1000).mapToObj((i) -> "node-" + i).forEach((id) -> {
			int partition = DeliveryPartitions.of(id, 12);
			assertThat(partition).isBetween(1, 11).isEqualTo(DeliveryPartitions.of(id, 12));
			used.add(partition);
		});
		assertThat(used).as("ids spread over every partition but the shared one").hasSize(11);
		assertThat(DeliveryPartitions.of("any", 2)).isEqualTo(1);
	}

	@Test
	void fewerThanTwoPartitionsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ClusterSettings("node-1", Duration.ofSeconds(30), "im.deliveries", 1, (short) 1))
			.withMessageContaining("IM_KAFKA_PARTITIONS must be at least 2");
	}

}
