package im.signaling.call;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import im.core.account.UserId;
import im.core.delivery.SessionAddress;
import im.core.delivery.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What ends calls when nobody asks: the ring timeout, and connections that vanished
 * without their instance telling (it died). Each change goes through
 * {@link CallService}'s state machine, under the call's lock, as a request would.
 */
@Component
class CallSweeps {

	private static final Logger log = LoggerFactory.getLogger(CallSweeps.class);

	private final CallService calls;

	private final CallRepository callRows;

	private final ParticipantRepository participants;

	private final SessionRegistry registry;

	private final TransactionTemplate transactions;

	private final Clock clock;

	/**
	 * Participants whose connection the last sweep did not find: dropped if the next one
	 * does not find it either (an instance may be registering its sessions again).
	 */
	private final Set<Long> missing = new HashSet<>();

	CallSweeps(CallService calls, CallRepository callRows, ParticipantRepository participants, SessionRegistry registry,
			TransactionTemplate transactions, Clock clock) {
		this.calls = calls;
		this.callRows = callRows;
		this.participants = participants;
		this.registry = registry;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** Ends the calls that rang past their timeout without an answer. */
	@Scheduled(fixedDelay = 1000, initialDelay = 1000)
	void endUnanswered() {
		for (long id : this.callRows.ringingUntil(this.clock.instant())) {
			try {
				this.transactions.executeWithoutResult((status) -> this.calls.endIfUnanswered(id));
			}
			catch (RuntimeException ex) {
				log.warn("Could not end unanswered call {}: {}", id, ex.toString());
			}
		}
	}

	/**
	 * Drops participants whose connection is gone without this instance hearing of it:
	 * their instance died, or this one restarted. Only once two sweeps in a row miss the
	 * connection, and not while the session registry is unsure.
	 */
	@Scheduled(fixedDelay = 5000, initialDelay = 5000)
	void dropLostParticipants() {
		List<CallParticipant> active = this.participants.findByActiveUserIdIsNotNull();
		if (active.isEmpty() || !this.registry.complete()) {
			this.missing.clear();
			return;
		}
		Map<UserId, Set<SessionAddress>> sessions;
		try {
			sessions = this.registry.sessionsOf(active.stream().map(CallParticipant::user).distinct().toList());
		}
		catch (RuntimeException ex) {
			return;
		}
		Set<Long> missingNow = new HashSet<>();
		for (CallParticipant participant : active) {
			if (sessions.getOrDefault(participant.user(), Set.of()).contains(participant.session())) {
				continue;
			}
			if (!this.missing.contains(participant.id())) {
				missingNow.add(participant.id());
				continue;
			}
			try {
				this.transactions.executeWithoutResult((status) -> this.calls.drop(participant));
				log.info("Dropped participant {} of call {}: its connection is gone", participant.id(),
						participant.callId());
			}
			catch (RuntimeException ex) {
				log.warn("Could not drop participant {} of call {}: {}", participant.id(), participant.callId(),
						ex.toString());
			}
		}
		this.missing.clear();
		this.missing.addAll(missingNow);
	}

}
