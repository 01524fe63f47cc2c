package im.signaling.call;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * WebRTC signals (offer, answer, candidate) between the connections of one call: a signal
 * goes only to another connection in the same call, named by its peer id, and carries the
 * sender as the connection it came on, so nobody speaks for someone else or reaches
 * someone outside their call. Sizes and rates are bounded ({@link CallSettings}).
 */
@Service
public class CallSignals {

	private final ParticipantRepository participants;

	private final DeliveryBus bus;

	private final SessionRegistry registry;

	private final WindowCounters counters;

	private final CallSettings settings;

	private final TransactionTemplate transactions;

	private final Clock clock;

	CallSignals(ParticipantRepository participants, DeliveryBus bus, SessionRegistry registry, WindowCounters counters,
			CallSettings settings, TransactionTemplate transactions, Clock clock) {
		this.participants = participants;
		this.bus = bus;
		this.registry = registry;
		this.counters = counters;
		this.settings = settings;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** Forwards the signal from the user's connection to the peer it names. */
	public void signal(UserId user, String sessionId, Signal signal) {
		checkSize(signal);
		Window window = this.counters.increment("signals:" + user, this.settings.signalWindow());
		if (window.count() > this.settings.maxSignals()) {
			throw new DomainException(ErrorCode.TOO_MANY_REQUESTS,
					"You may send at most " + this.settings.maxSignals() + " call signals per "
							+ this.settings.signalWindow().toSeconds() + " seconds.",
					Duration.between(this.clock.instant(), window.endsAt()));
		}
		List<CallParticipant> inCall = this.transactions.execute((status) -> this.participants.inCall(signal.callId()));
		SessionAddress from = new SessionAddress(this.registry.localInstance(), sessionId);
		CallParticipant sender = inCall.stream()
			.filter((p) -> p.session().equals(from))
			.findFirst()
			.orElseThrow(() -> CallService.notInCall(signal.callId()));
		CallParticipant target = inCall.stream()
			.filter((p) -> p.id() == signal.to() && p != sender)
			.findFirst()
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND,
					"Nobody with peerId " + signal.to() + " is in call " + signal.callId() + " besides you."));
		this.bus.publishToSession(target.session(), target.user(), CallService.QUEUE, new PeerEvent.Forwarded(
				signal.callId(), sender.toPeer(), signal.kind(), signal.sdp(), signal.candidate()));
	}

	private void checkSize(Signal signal) {
		long maxSdp = this.settings.maxSdpSize().toBytes();
		long maxCandidate = this.settings.maxCandidateSize().toBytes();
		switch (signal.kind()) {
			case OFFER, ANSWER -> {
				if (signal.sdp() == null || signal.sdp().isBlank()) {
					throw new InvalidField("sdp",
							"An " + signal.kind().name().toLowerCase() + " needs its session description in sdp.");
				}
				if (utf8Length(signal.sdp()) > maxSdp) {
					throw new DomainException(ErrorCode.PAYLOAD_TOO_LARGE,
							"The session description is larger than " + maxSdp + " bytes.");
				}
			}
			case CANDIDATE -> {
				if (signal.candidate() == null || signal.candidate().candidate() == null) {
					throw new InvalidField("candidate.candidate",
							"A candidate needs candidate.candidate (empty when gathering ended).");
				}
				IceCandidate candidate = signal.candidate();
				long size = utf8Length(candidate.candidate()) + utf8Length(candidate.sdpMid())
						+ utf8Length(candidate.usernameFragment());
				if (size > maxCandidate) {
					throw new DomainException(ErrorCode.PAYLOAD_TOO_LARGE,
							"The ICE candidate is larger than " + maxCandidate + " bytes.");
				}
			}
		}
	}

	private static long utf8Length(String value) {
		return (value != null) ? value.getBytes(StandardCharsets.UTF_8).length : 0;
	}

}
