package im.core.delivery.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import im.core.account.UserId;
import im.core.delivery.ClientPush;
import im.core.delivery.SessionAddress;
import im.core.delivery.SessionRegistry;
import im.core.delivery.kafka.DeliveryRoutes.LocalSessions;
import im.core.delivery.kafka.DeliveryRoutes.Queued;
import im.core.delivery.kafka.DeliveryRoutes.Routed;
import im.core.delivery.kafka.Outgoing.Push;
import im.core.delivery.kafka.Outgoing.SessionPush;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static im.core.delivery.kafka.DeliveryRecordsTests.JSON;
import static im.core.delivery.kafka.DeliveryRecordsTests.SETTINGS;
import static im.core.delivery.kafka.DeliveryRecordsTests.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Where the relay sends each delivery of a batch ({@link DeliveryRoutes}), with the
 * session registry and this instance's sessions as mocks: this instance is "a", and Kafka
 * records are read back as the instances would read them.
 */
class DeliveryRoutesTests {

	private static final UserId ALICE = UserId.of("1");

	private static final UserId BOB = UserId.of("2");

	private final SessionRegistry registry = mock(SessionRegistry.class);

	private final ClientPush push = mock(ClientPush.class);

	private final DeliveryRoutes routes = new DeliveryRoutes(this.registry, this.push, SETTINGS, Duration.ofSeconds(5));

	private final Push message = new Push(7L, "c42", List.of(ALICE, BOB), "messages", JSON);

	@BeforeEach
	void thisInstanceIsA() {
		when(this.registry.localInstance()).thenReturn("a");
		when(this.registry.complete()).thenReturn(true);
	}

	@Test
	void aPushReachesSessionsHereAtOnceAndOnlyTheInstancesHoldingARecipientThroughKafka() {
		when(this.registry.instancesHolding(anyCollection())).thenReturn(Map.of(ALICE, Set.of("a"), BOB, Set.of("b")));

		Routed routed = routeOne(this.message, LocalSessions.PUSH);

		verify(this.push).push(ALICE, "messages", JSON);
		verify(this.push).push(BOB, "messages", JSON);
		assertThat(routed.outboxId()).isEqualTo(7L);
		assertThat(routed.records()).hasSize(1);
		ConsumerRecord<String, byte[]> record = received(routed.records().get(0));
		assertThat(DeliveryRecords.isFor(record, "b")).isTrue();
		assertThat(DeliveryRecords.isFor(record, "a")).isFalse();
	}

	@Test
	void aPushForRecipientsHeldHereOnlyNeedsNoRecord() {
		when(this.registry.instancesHolding(anyCollection())).thenReturn(Map.of(ALICE, Set.of("a")));

		assertThat(routeOne(this.message, LocalSessions.PUSH).records()).isEmpty();
		verify(this.push).push(ALICE, "messages", JSON);
	}

	@Test
	void whileTheRegistryFailsEveryOtherInstanceGetsTheDeliveryAndTheRegistryRestsForTheBackOff() {
		when(this.registry.instancesHolding(anyCollection())).thenThrow(new IllegalStateException("Redis is down"));

		Routed first = routeOne(this.message, LocalSessions.PUSH);
		Routed second = routeOne(this.message, LocalSessions.PUSH);

		verify(this.registry, times(1)).instancesHolding(anyCollection());
		for (Routed routed : List.of(first, second)) {
			assertThat(routed.records()).hasSize(1);
			ConsumerRecord<String, byte[]> record = received(routed.records().get(0));
			assertThat(record.partition()).isEqualTo(DeliveryPartitions.EVERY_INSTANCE);
			assertThat(DeliveryRecords.isFor(record, "z")).isTrue();
			assertThat(DeliveryRecords.isFor(record, "a")).as("pushed here already").isFalse();
		}
		verify(this.push, times(2)).push(ALICE, "messages", JSON);
	}

	@Test
	void aRegistryStillFillingUpIsNotTrusted() {
		when(this.registry.complete()).thenReturn(false);

		Routed routed = routeOne(this.message, LocalSessions.PUSH);

		verify(this.registry, never()).instancesHolding(anyCollection());
		assertThat(received(routed.records().get(0)).partition()).isEqualTo(DeliveryPartitions.EVERY_INSTANCE);
	}

	@Test
	void aBacklogRowIsNotPushedHereAgain() {
		when(this.registry.instancesHolding(anyCollection())).thenReturn(Map.of(ALICE, Set.of("a"), BOB, Set.of("b")));

		Routed routed = routeOne(this.message, LocalSessions.ALREADY_PUSHED);

		verify(this.push, never()).push(any(), any(), any());
		assertThat(routed.records()).hasSize(1);
		assertThat(DeliveryRecords.isFor(received(routed.records().get(0)), "b")).isTrue();
	}

	@Test
	void aDeadInstancesRowGoesThroughKafkaToEveryHolderThisOneIncluded() {
		when(this.registry.instancesHolding(anyCollection())).thenReturn(Map.of(ALICE, Set.of("a")));

		Routed routed = routeOne(this.message, LocalSessions.THROUGH_KAFKA);

		verify(this.push, never()).push(any(), any(), any());
		assertThat(DeliveryRecords.isFor(received(routed.records().get(0)), "a")).isTrue();
	}

	@Test
	void aSignalGoesOnlyToTheInstanceHoldingItsSession() {
		Routed routed = routeOne(new SessionPush(new SessionAddress("b", "s-1"), BOB, "signals", JSON),
				LocalSessions.PUSH);

		verify(this.push, never()).pushToSession(any(), any(), any(), any());
		assertThat(routed.outboxId()).isNull();
		ConsumerRecord<String, byte[]> record = received(routed.records().get(0));
		assertThat(DeliveryRecords.isFor(record, "b")).isTrue();
		assertThat(DeliveryRecords.isFor(record, "a")).isFalse();
	}

	private Routed routeOne(Outgoing delivery, LocalSessions local) {
		List<Routed> routed = this.routes.route(List.of(new Queued(delivery, 0)), local);
		assertThat(routed).hasSize(1);
		return routed.get(0);
	}

}
