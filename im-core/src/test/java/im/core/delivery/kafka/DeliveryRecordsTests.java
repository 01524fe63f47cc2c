package im.core.delivery.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import im.core.account.UserId;
import im.core.delivery.ClusterSettings;
import im.core.delivery.SessionAddress;
import im.core.delivery.kafka.Outgoing.Broadcast;
import im.core.delivery.kafka.Outgoing.DevicePush;
import im.core.delivery.kafka.Outgoing.Disconnect;
import im.core.delivery.kafka.Outgoing.Push;
import im.core.delivery.kafka.Outgoing.RoomPush;
import im.core.delivery.kafka.Outgoing.SessionPush;
import im.core.error.ErrorCode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The format of deliveries between instances: what the relay writes, the listener reads
 * back as it was, on the instances it is for and no others.
 */
class DeliveryRecordsTests {

	static final ClusterSettings SETTINGS = new ClusterSettings("a", Duration.ofSeconds(30), "im.deliveries", 12,
			(short) 1);

	static final byte[] JSON = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);

	@Test
	void everyKindIsReadBackAsItWasWrittenByTheInstanceItIsFor() {
		List<Outgoing> deliveries = List.of(
				new Push(null, "c42", List.of(UserId.of("1"), UserId.of("2")), "messages", JSON),
				new SessionPush(new SessionAddress("b", "s-1"), UserId.of("3"), "signals", JSON),
				new DevicePush(UserId.of("4"), "phone", "events", JSON), new RoomPush("lobby", JSON),
				new Broadcast("notices", JSON),
				new Disconnect(new SessionAddress("b", "s-2"), ErrorCode.TOKEN_EXPIRED, "Sign in again.", null),
				new Disconnect(new SessionAddress("b", "s-3"), ErrorCode.TOKEN_EXPIRED, "Signed out.", "sign-in-7"));
		for (Outgoing delivery : deliveries) {
			List<ProducerRecord<String, byte[]>> records = DeliveryRecords.addressed(delivery, Set.of("b"), null,
					SETTINGS);
			assertThat(records).hasSize(1);
			ConsumerRecord<String, byte[]> received = received(records.get(0));
			assertThat(received.partition()).isEqualTo(DeliveryPartitions.of("b", 12));
			assertThat(DeliveryRecords.isFor(received, "b")).as("for b: %s", delivery).isTrue();
			assertThat(DeliveryRecords.isFor(received, "c")).as("not for c: %s", delivery).isFalse();
			assertThat(DeliveryRecords.read(received, "b")).usingRecursiveComparison().isEqualTo(delivery);
		}
	}

	@Test
	void aDeliveryForEveryInstanceIsOneRecordThatTheInstanceWhichPushedAlreadySkips() {
		List<ProducerRecord<String, byte[]>> records = DeliveryRecords.addressed(new RoomPush("lobby", JSON),
				Set.of(DeliveryRecords.EVERY_INSTANCE), "a", SETTINGS);
		assertThat(records).hasSize(1);
		ConsumerRecord<String, byte[]> received = received(records.get(0));
		assertThat(received.partition()).isEqualTo(DeliveryPartitions.EVERY_INSTANCE);
		assertThat(DeliveryRecords.isFor(received, "a")).isFalse();
		assertThat(DeliveryRecords.isFor(received, "b")).isTrue();
		assertThat(DeliveryRecords.isFor(received, "z")).isTrue();
	}

	@Test
	void targetsOnDifferentPartitionsGetARecordEachNamingOnlyItsReaders() {
		String other = findOnAnotherPartitionThan("b");
		List<ProducerRecord<String, byte[]>> records = DeliveryRecords.addressed(
				new Push(null, "c42", List.of(UserId.of("1")), "messages", JSON), Set.of("b", other), null, SETTINGS);
		assertThat(records).hasSize(2);
		for (ProducerRecord<String, byte[]> record : records) {
			ConsumerRecord<String, byte[]> received = received(record);
			assertThat(DeliveryRecords.isFor(received, "b"))
				.isEqualTo(received.partition() == DeliveryPartitions.of("b", 12));
			assertThat(DeliveryRecords.isFor(received, other))
				.isEqualTo(received.partition() == DeliveryPartitions.of(other, 12));
		}
	}

	/**
	 * The names and values on the wire stay those of earlier versions: instances of two
	 * versions run side by side while a deployment is upgraded.
	 */
	@Test
	void theWireFormatStaysWhatEarlierVersionsRead() {
		ProducerRecord<String, byte[]> record = DeliveryRecords
			.addressed(new Push(7L, "c42", List.of(UserId.of("1"), UserId.of("2")), "messages", JSON), Set.of("b"),
					null, SETTINGS)
			.get(0);
		assertThat(record.topic()).isEqualTo("im.deliveries");
		assertThat(record.key()).isEqualTo("c42");
		assertThat(record.value()).isEqualTo(JSON);
		assertThat(headers(record.headers().toArray())).containsExactlyInAnyOrderEntriesOf(
				Map.of("im-kind", "push", "im-queue", "messages", "im-recipients", "1,2", "im-targets", "b"));
		ProducerRecord<String, byte[]> disconnect = DeliveryRecords
			.addressed(new Disconnect(new SessionAddress("b", "s-3"), ErrorCode.TOKEN_EXPIRED, "Signed out.", "si-7"),
					Set.of("b"), null, SETTINGS)
			.get(0);
		assertThat(disconnect.key()).isEqualTo("ss-3");
		assertThat(new String(disconnect.value(), StandardCharsets.UTF_8)).isEqualTo("Signed out.");
		assertThat(headers(disconnect.headers().toArray()))
			.containsExactlyInAnyOrderEntriesOf(Map.of("im-kind", "disconnect", "im-session", "s-3", "im-code",
					"TOKEN_EXPIRED", "im-sign-in", "si-7", "im-targets", "b"));
	}

	@Test
	void aKindThisVersionDoesNotKnowIsRefused() {
		RecordHeaders headers = new RecordHeaders();
		headers.add("im-kind", "hologram".getBytes(StandardCharsets.UTF_8));
		headers.add("im-targets", "b".getBytes(StandardCharsets.UTF_8));
		ConsumerRecord<String, byte[]> received = new ConsumerRecord<>("im.deliveries", 1, 0, 0,
				TimestampType.CREATE_TIME, 0, JSON.length, "k", JSON, headers, Optional.empty());
		assertThat(DeliveryRecords.isFor(received, "b")).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryRecords.read(received, "b"))
			.withMessageContaining("hologram");
	}

	/** The record as the listener gets it from Kafka. */
	static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent) {
		return new ConsumerRecord<>(sent.topic(), sent.partition(), 0, 0, TimestampType.CREATE_TIME, 0,
				sent.value().length, sent.key(), sent.value(), new RecordHeaders(sent.headers().toArray()),
				Optional.empty());
	}

	private static Map<String, String> headers(Header[] headers) {
		Map<String, String> map = new LinkedHashMap<>();
		for (Header header : headers) {
			map.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
		}
		return map;
	}

	private static String findOnAnotherPartitionThan(String instance) {
		for (int i = 0;; i++) {
			if (DeliveryPartitions.of("node-" + i, 12) != DeliveryPartitions.of(instance, 12)) {
				return "node-" + i;
			}
		}
	}

}
