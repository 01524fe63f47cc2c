package im.signaling.call;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import im.core.account.UserId;
import im.core.conversation.ConversationId;
import im.core.conversation.ConversationKind;
import im.core.conversation.ConversationMembers;
import im.core.conversation.ConversationService;
import im.core.conversation.ConversationSummary;
import im.core.delivery.Delivery;
import im.core.delivery.DeliveryBus;
import im.core.delivery.SessionAddress;
import im.core.delivery.SessionRegistry;
import im.core.error.DomainException;
import im.core.error.ErrorCode;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Calls in conversations. A call starts ringing every other member's devices; the first
 * to join answers it; a direct call ends when either side leaves, a group call when the
 * last one does; a call nobody answers ends after the ring timeout. Each call leaves a
 * system message in its conversation.
 * <p>
 * Every change locks the call's row, so that the instances of a cluster take turns on it;
 * what clients hear goes out through the delivery bus once the change is committed. The
 * signals between a call's connections are {@link CallSignals}'; the timeout and the
 * connections that vanished are {@link CallSweeps}'.
 */
@Service
public class CallService {

	static final String QUEUE = "calls";

	private final CallRepository calls;

	private final ParticipantRepository participants;

	private final ConversationService conversations;

	private final ConversationMembers members;

	private final DeliveryBus bus;

	private final SessionRegistry registry;

	private final CallSettings settings;

	private final TransactionTemplate transactions;

	private final CallRecords records;

	private final Clock clock;

	/**
	 * This instance's connections that entered a call (and may still be in it): only
	 * their close needs the database. Every connection closes, few were in a call.
	 */
	private final Set<String> sessionsThatCalled = ConcurrentHashMap.newKeySet();

	CallService(CallRepository calls, ParticipantRepository participants, ConversationService conversations,
			ConversationMembers members, DeliveryBus bus, SessionRegistry registry, CallSettings settings,
			TransactionTemplate transactions, CallRecords records, Clock clock) {
		this.calls = calls;
		this.participants = participants;
		this.conversations = conversations;
		this.members = members;
		this.bus = bus;
		this.registry = registry;
		this.settings = settings;
		this.transactions = transactions;
		this.records = records;
		this.clock = clock;
	}

	/**
	 * Starts a call in the conversation from the user's connection, or joins the one
	 * running there. The connection gets {@code call-room}; a direct call whose callee is
	 * in another call ends at once as busy.
	 */
	public void start(UserId user, String sessionId, ConversationId conversationId, CallKind kind) {
		try {
			inTransaction(() -> startOrJoin(user, sessionId, conversationId, kind));
		}
		catch (DataIntegrityViolationException ex) {
			// another member started a call in the conversation at the same moment: join
			// it (or the user joined another call meanwhile, which the retry says)
			try {
				inTransaction(() -> startOrJoin(user, sessionId, conversationId, kind));
			}
			catch (DataIntegrityViolationException again) {
				throw new DomainException(ErrorCode.ALREADY_IN_CALL, "You joined another call at the same time.");
			}
		}
	}

	/**
	 * Joins a running call from the user's connection: answers it if it rings. The
	 * connection gets {@code call-room}, those inside {@code peer-joined}.
	 */
	public void join(UserId user, String sessionId, long callId) {
		try {
			inTransaction(() -> {
				Call call = lock(callId);
				List<UserId> members = this.members.memberIdsFor(user, new ConversationId(call.conversationId()));
				requireRunning(call);
				enter(call, user, sessionId, members);
				return null;
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw new DomainException(ErrorCode.ALREADY_IN_CALL, "You joined another call at the same time.");
		}
	}

	/**
	 * Declines a ringing call: a direct one ends; in a group the others hear of it and
	 * the call goes on.
	 */
	public void reject(UserId user, long callId) {
		inTransaction(() -> {
			Call call = lock(callId);
			List<UserId> members = this.members.memberIdsFor(user, new ConversationId(call.conversationId()));
			requireRunning(call);
			if (this.participants.inCall(callId).stream().anyMatch((p) -> p.user().equals(user))) {
				throw new DomainException(ErrorCode.ALREADY_IN_CALL,
						"You are in call " + callId + "; leave it instead of declining it.");
			}
			if (call.state() != CallState.RINGING) {
				throw new DomainException(ErrorCode.CALL_NOT_RINGING,
						"Call " + callId + " was already answered; there is nothing to decline.");
			}
			if (call.direct()) {
				end(call, CallEndReason.REJECTED, members);
			}
			else {
				afterCommit(() -> toMembers(call, members,
						new CallEvent.Declined(callId, call.conversationId(), user.value())));
			}
			return null;
		});
	}

	/**
	 * The connection leaves the call (hangs up; cancels, if the call still rings for the
	 * caller).
	 */
	public void leave(UserId user, String sessionId, long callId) {
		inTransaction(() -> {
			// no membership check: whoever is in the call may leave it, even if they left
			// the group meanwhile
			Call call = lock(callId);
			CallParticipant participant = participantOn(call, sessionId);
			depart(call, participant);
			return null;
		});
	}

	/**
	 * The calls running now in the user's conversations: what a device that connects
	 * while a call rings (or runs) shows, since it missed {@code call-ringing}.
	 */
	public List<RunningCall> running(UserId user) {
		return inTransaction(() -> {
			List<Long> conversationIds = this.members.conversationIdsOf(user)
				.stream()
				.map(ConversationId::value)
				.toList();
			if (conversationIds.isEmpty()) {
				return List.of();
			}
			return this.calls.runningIn(conversationIds)
				.stream()
				.map((call) -> new RunningCall(call.id(), call.conversationId(), call.kind(), call.state(),
						call.callerId(), call.startedAt(), call.ringUntil(),
						this.participants.inCall(call.id()).stream().map(CallParticipant::toPeer).toList()))
				.toList();
		});
	}

	/** How many calls ring or run now, on every instance. */
	public long runningCount() {
		return inTransaction(this.calls::countRunning);
	}

	/** A connection closed: it leaves the call it was in, if any. */
	public void sessionClosed(UserId user, String sessionId) {
		if (!this.sessionsThatCalled.remove(sessionId)) {
			return;
		}
		inTransaction(() -> {
			this.participants.onSession(this.registry.localInstance(), sessionId).ifPresent((participant) -> {
				Call call = lock(participant.callId());
				// re-read under the call's lock: a leave may have come first
				participantOn(call, sessionId);
				depart(call, participant);
			});
			return null;
		});
	}

	/**
	 * Ends the call if it still rings past its timeout: a sweep's, in its transaction.
	 */
	void endIfUnanswered(long callId) {
		Call call = lock(callId);
		if (call.state() == CallState.RINGING && call.ringUntil().isBefore(this.clock.instant())) {
			end(call, CallEndReason.NO_ANSWER, conversationMembers(call));
		}
	}

	/**
	 * The participant's connection is gone (its instance died): it leaves the call, if it
	 * is still in it. A sweep's, in its transaction.
	 */
	void drop(CallParticipant participant) {
		Call call = lock(participant.callId());
		this.participants.findById(participant.id())
			.filter((p) -> p.leftAt() == null)
			.ifPresent((p) -> depart(call, p));
	}

	private Void startOrJoin(UserId user, String sessionId, ConversationId conversationId, CallKind kind) {
		ConversationSummary conversation = this.conversations.conversation(user, conversationId);
		if (conversation.dissolved()) {
			throw new DomainException(ErrorCode.GROUP_DISSOLVED,
					"Group " + conversationId.value() + " was dissolved; nobody can call in it.");
		}
		List<UserId> members = this.members.memberIdsFor(user, conversationId);
		Optional<Call> running = this.calls.lockRunningIn(conversationId.value());
		if (running.isPresent()) {
			enter(running.get(), user, sessionId, members);
			return null;
		}
		requireNotInCall(user, null);
		Call call = this.calls.saveAndFlush(new Call(conversationId.value(), conversation.kind(), kind, user.value(),
				this.clock.instant(), this.settings.ringTimeout()));
		CallParticipant caller = this.participants
			.saveAndFlush(new CallParticipant(call.id(), user, here(sessionId), this.clock.instant()));
		if (conversation.kind() == ConversationKind.DIRECT
				&& this.participants.findByActiveUserId(conversation.peerId()).isPresent()) {
			end(call, CallEndReason.BUSY, members);
			return null;
		}
		afterCommit(() -> {
			this.bus.publishToSession(caller.session(), user, QUEUE, new PeerEvent.Joined(call.id(),
					call.conversationId(), call.kind(), call.state(), caller.id(), List.of()));
			toMembers(call, members, new CallEvent.Ringing(call.id(), call.conversationId(), call.kind(),
					call.callerId(), conversation.kind() == ConversationKind.GROUP, call.ringUntil()));
		});
		return null;
	}

	/** The user's connection joins the running call, answering it if it rings. */
	private void enter(Call call, UserId user, String sessionId, List<UserId> members) {
		this.sessionsThatCalled.add(sessionId);
		requireNotInCall(user, call.id());
		List<CallParticipant> present = this.participants.inCall(call.id());
		if (present.size() >= this.settings.maxParticipants()) {
			throw new DomainException(ErrorCode.CALL_FULL,
					"Call " + call.id() + " already has " + this.settings.maxParticipants() + " participants.");
		}
		CallParticipant joined = this.participants
			.saveAndFlush(new CallParticipant(call.id(), user, here(sessionId), this.clock.instant()));
		call.answer(this.clock.instant());
		List<Peer> peers = present.stream().map(CallParticipant::toPeer).toList();
		afterCommit(() -> {
			this.bus.publishToSession(joined.session(), user, QUEUE, new PeerEvent.Joined(call.id(),
					call.conversationId(), call.kind(), call.state(), joined.id(), peers));
			present.forEach((peer) -> this.bus.publishToSession(peer.session(), peer.user(), QUEUE,
					new PeerEvent.PeerJoined(call.id(), joined.toPeer())));
			toMembers(call, members, new CallEvent.Accepted(call.id(), call.conversationId(), user.value()));
		});
	}

	/**
	 * The participant leaves: a direct call ends (cancelled if it still rang), a group
	 * call when nobody is left.
	 */
	private void depart(Call call, CallParticipant participant) {
		participant.leave(this.clock.instant());
		this.participants.flush();
		List<CallParticipant> rest = this.participants.inCall(call.id());
		List<UserId> members = conversationMembers(call);
		CallEndReason reason = call.answered() ? CallEndReason.HUNG_UP : CallEndReason.CANCELLED;
		if (rest.isEmpty() || call.direct()) {
			end(call, reason, members);
			return;
		}
		afterCommit(() -> rest.forEach((peer) -> this.bus.publishToSession(peer.session(), peer.user(), QUEUE,
				new PeerEvent.PeerLeft(call.id(), participant.toPeer()))));
	}

	/** Ends the call: everyone still in it leaves, and its history records it. */
	private void end(Call call, CallEndReason reason, List<UserId> members) {
		Instant now = this.clock.instant();
		this.participants.inCall(call.id()).forEach((participant) -> participant.leave(now));
		call.end(reason, now);
		this.participants.flush();
		this.calls.flush();
		List<Long> took = this.participants.usersIn(call.id()).stream().distinct().toList();
		CallEvent.Ended ended = new CallEvent.Ended(call.id(), call.conversationId(), call.kind(), call.callerId(),
				reason, call.answered(), call.durationSeconds(), took);
		this.records.ended(ended);
		afterCommit(() -> toMembers(call, members, ended));
	}

	private void toMembers(Call call, List<UserId> members, CallEvent event) {
		this.bus.publish(Delivery.aboutConversation(call.conversationId(), members, QUEUE, event));
	}

	private List<UserId> conversationMembers(Call call) {
		return this.members.memberIds(new ConversationId(call.conversationId()));
	}

	private void requireNotInCall(UserId user, Long callId) {
		this.participants.findByActiveUserId(user.value()).ifPresent((participant) -> {
			throw new DomainException(ErrorCode.ALREADY_IN_CALL,
					(callId != null && participant.callId() == callId) ? "You are already in call " + callId + "."
							: "You are in call " + participant.callId() + "; leave it first.");
		});
	}

	private static void requireRunning(Call call) {
		if (call.state() == CallState.ENDED) {
			throw new DomainException(ErrorCode.CALL_ENDED, "Call " + call.id() + " has ended.");
		}
	}

	private CallParticipant participantOn(Call call, String sessionId) {
		SessionAddress session = here(sessionId);
		return this.participants.inCall(call.id())
			.stream()
			.filter((p) -> p.session().equals(session))
			.findFirst()
			.orElseThrow(() -> notInCall(call.id()));
	}

	private Call lock(long callId) {
		return this.calls.lockById(callId)
			.orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "There is no call " + callId + "."));
	}

	private SessionAddress here(String sessionId) {
		return new SessionAddress(this.registry.localInstance(), sessionId);
	}

	static DomainException notInCall(long callId) {
		return new DomainException(ErrorCode.NOT_IN_CALL, "This connection is not in call " + callId + ".");
	}

	private <T> T inTransaction(Supplier<T> work) {
		return this.transactions.execute((status) -> work.get());
	}

	private static void afterCommit(Runnable action) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}

}
