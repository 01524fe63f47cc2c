package im.signaling.call;

import java.time.Duration;
import java.time.Instant;

import im.core.conversation.ConversationKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "calls")
class Call {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private long conversationId;

	/** The conversation's id while the call runs: at most one running call in each. */
	private Long activeConversationId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, updatable = false)
	private ConversationKind conversationKind;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, updatable = false)
	private CallKind kind;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private CallState state;

	@Column(nullable = false, updatable = false)
	private long callerId;

	@Column(nullable = false, updatable = false)
	private Instant startedAt;

	@Column(nullable = false, updatable = false)
	private Instant ringUntil;

	private Instant answeredAt;

	private Instant endedAt;

	@Enumerated(EnumType.STRING)
	private CallEndReason endReason;

	protected Call() {
	}

	Call(long conversationId, ConversationKind conversationKind, CallKind kind, long callerId, Instant now,
			Duration ringTimeout) {
		this.conversationId = conversationId;
		this.conversationKind = conversationKind;
		this.activeConversationId = conversationId;
		this.kind = kind;
		this.state = CallState.RINGING;
		this.callerId = callerId;
		this.startedAt = now;
		this.ringUntil = now.plus(ringTimeout);
	}

	long id() {
		return this.id;
	}

	long conversationId() {
		return this.conversationId;
	}

	/**
	 * A call between the two users of a direct conversation: it ends when either leaves.
	 */
	boolean direct() {
		return this.conversationKind == ConversationKind.DIRECT;
	}

	CallKind kind() {
		return this.kind;
	}

	CallState state() {
		return this.state;
	}

	long callerId() {
		return this.callerId;
	}

	Instant startedAt() {
		return this.startedAt;
	}

	Instant ringUntil() {
		return this.ringUntil;
	}

	boolean answered() {
		return this.answeredAt != null;
	}

	/** The first one to join besides the caller answers a ringing call. */
	void answer(Instant now) {
		if (this.state == CallState.RINGING) {
			this.state = CallState.ACTIVE;
			this.answeredAt = now;
		}
	}

	void end(CallEndReason reason, Instant now) {
		this.state = CallState.ENDED;
		this.activeConversationId = null;
		this.endReason = reason;
		this.endedAt = now;
	}

	/** Seconds from answer to end; zero for a call never answered. */
	long durationSeconds() {
		return (this.answeredAt != null && this.endedAt != null)
				? Duration.between(this.answeredAt, this.endedAt).toSeconds() : 0;
	}

	CallEndReason endReason() {
		return this.endReason;
	}

}
