package im.signaling.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import im.core.account.UserId;
import im.core.delivery.DeliveryBus;
import im.core.delivery.SessionAddress;
import im.core.delivery.SessionRegistry;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.error.InvalidField;
import im.core.ratelimit.WindowCounters;
import im.core.ratelimit.WindowCounters.Window;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The rules of signal forwarding without an application: a signal reaches only the peer
 * it names in the sender's call, carries the sender as the connection it came on, and is
 * bounded in size and rate. The participants' table and the bus are mocks.
 */
class CallSignalsTests {

	private static final long CALL = 7;

	private final ParticipantRepository participants = mock(ParticipantRepository.class);

	private final DeliveryBus bus = mock(DeliveryBus.class);

	private final SessionRegistry registry = mock(SessionRegistry.class);

	private final WindowCounters counters = mock(WindowCounters.class);

	private final TransactionTemplate transactions = mock(TransactionTemplate.class);

	private final CallSettings settings = new CallSettings(6, Duration.ofSeconds(30), DataSize.ofBytes(64),
			DataSize.ofBytes(32), 3, Duration.ofSeconds(10));

	private final CallSignals signals = new CallSignals(this.participants, this.bus, this.registry, this.counters,
			this.settings, this.transactions, Clock.systemUTC());

	private final CallParticipant alice = participant(1, 11, "alice-phone");

	private final CallParticipant bob = participant(2, 12, "bob-laptop");

	@BeforeEach
	void oneCallOfTwo() {
		when(this.registry.localInstance()).thenReturn("node-a");
		when(this.transactions.execute(any()))
			.thenAnswer((invocation) -> invocation.<TransactionCallback<?>>getArgument(0).doInTransaction(null));
		when(this.participants.inCall(CALL)).thenReturn(List.of(this.alice, this.bob));
		when(this.counters.increment(anyString(), any())).thenReturn(new Window(1, Instant.now().plusSeconds(10)));
	}

	@Test
	void aSignalReachesThePeerItNamesFromTheConnectionItCameOn() {
		this.signals.signal(new UserId(11), "alice-phone", new Signal(CALL, 2, SignalKind.OFFER, "v=0", null));
		verify(this.bus).publishToSession(new SessionAddress("node-a", "bob-laptop"), new UserId(12), CallService.QUEUE,
				new PeerEvent.Forwarded(CALL, new Peer(1, 11), SignalKind.OFFER, "v=0", null));
	}

	@Test
	void aConnectionOutsideTheCallReachesNobody() {
		assertRefused(() -> this.signals.signal(new UserId(11), "alice-tablet",
				new Signal(CALL, 2, SignalKind.OFFER, "v=0", null)), ErrorCode.NOT_IN_CALL);
		assertRefused(() -> this.signals.signal(new UserId(11), "alice-phone",
				new Signal(CALL, 99, SignalKind.OFFER, "v=0", null)), ErrorCode.NOT_FOUND);
		assertRefused(() -> this.signals.signal(new UserId(11), "alice-phone",
				new Signal(CALL, 1, SignalKind.OFFER, "v=0", null)), ErrorCode.NOT_FOUND);
		verifyNoInteractions(this.bus);
	}

	@Test
	void signalsAreBoundedInSizeAndRate() {
		assertThatExceptionOfType(InvalidField.class)
			.isThrownBy(() -> this.signals.signal(new UserId(11), "alice-phone",
					new Signal(CALL, 2, SignalKind.ANSWER, " ", null)))
			.satisfies((invalid) -> org.assertj.core.api.Assertions.assertThat(invalid.field()).isEqualTo("sdp"));
		assertRefused(() -> this.signals.signal(new UserId(11), "alice-phone",
				new Signal(CALL, 2, SignalKind.OFFER, "x".repeat(65), null)), ErrorCode.PAYLOAD_TOO_LARGE);
		assertThatExceptionOfType(InvalidField.class).isThrownBy(() -> this.signals.signal(new UserId(11),
				"alice-phone", new Signal(CALL, 2, SignalKind.CANDIDATE, null, null)));
		assertRefused(
				() -> this.signals.signal(new UserId(11), "alice-phone",
						new Signal(CALL, 2, SignalKind.CANDIDATE, null,
								new IceCandidate("candidate:" + "1".repeat(30), "0", 0, null))),
				ErrorCode.PAYLOAD_TOO_LARGE);

		when(this.counters.increment(anyString(), any())).thenReturn(new Window(4, Instant.now().plusSeconds(10)));
		assertRefused(() -> this.signals.signal(new UserId(11), "alice-phone",
				new Signal(CALL, 2, SignalKind.OFFER, "v=0", null)), ErrorCode.TOO_MANY_REQUESTS);
		verifyNoInteractions(this.bus);
	}

	private static CallParticipant participant(long id, long user, String session) {
		CallParticipant participant = new CallParticipant(CALL, new UserId(user), new SessionAddress("node-a", session),
				Instant.now());
		ReflectionTestUtils.setField(participant, "id", id);
		return participant;
	}

	private static void assertRefused(Runnable action, ErrorCode code) {
		assertThatExceptionOfType(DomainException.class).isThrownBy(action::run)
			.satisfies((refusal) -> org.assertj.core.api.Assertions.assertThat(refusal.errorCode()).isEqualTo(code));
	}

}
