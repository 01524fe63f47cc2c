package im.signaling.call;

import java.time.Instant;

import im.core.account.UserId;
import im.core.delivery.SessionAddress;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One connection's part in a call. Its id is the {@code peerId} clients address signals
 * to: they never learn each other's connection ids.
 */
@Entity
@Table(name = "call_participants")
class CallParticipant {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private long callId;

	@Column(nullable = false, updatable = false)
	private long userId;

	/** The user's id while they are in the call: a user is in one call at a time. */
	private Long activeUserId;

	@Column(nullable = false, updatable = false)
	private String instanceId;

	@Column(nullable = false, updatable = false)
	private String sessionId;

	@Column(nullable = false, updatable = false)
	private Instant joinedAt;

	private Instant leftAt;

	protected CallParticipant() {
	}

	CallParticipant(long callId, UserId user, SessionAddress session, Instant now) {
		this.callId = callId;
		this.userId = user.value();
		this.activeUserId = user.value();
		this.instanceId = session.instanceId();
		this.sessionId = session.sessionId();
		this.joinedAt = now;
	}

	long id() {
		return this.id;
	}

	long callId() {
		return this.callId;
	}

	UserId user() {
		return new UserId(this.userId);
	}

	SessionAddress session() {
		return new SessionAddress(this.instanceId, this.sessionId);
	}

	Instant leftAt() {
		return this.leftAt;
	}

	void leave(Instant now) {
		this.activeUserId = null;
		this.leftAt = now;
	}

	Peer toPeer() {
		return new Peer(this.id, this.userId);
	}

}
