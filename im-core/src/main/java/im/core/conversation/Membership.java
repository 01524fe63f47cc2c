package im.core.conversation;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "conversation_members")
@IdClass(Membership.Key.class)
class Membership {

	@Id
	private long conversationId;

	@Id
	private long userId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private MemberRole role;

	@Column(nullable = false)
	private long readSeq;

	@Column(nullable = false, updatable = false)
	private Instant joinedAt;

	private Instant mutedUntil;

	protected Membership() {
	}

	Membership(long conversationId, long userId, MemberRole role, long readSeq, Instant joinedAt) {
		this.conversationId = conversationId;
		this.userId = userId;
		this.role = role;
		this.readSeq = readSeq;
		this.joinedAt = joinedAt;
	}

	long userId() {
		return this.userId;
	}

	MemberRole role() {
		return this.role;
	}

	long readSeq() {
		return this.readSeq;
	}

	Instant joinedAt() {
		return this.joinedAt;
	}

	void promote(MemberRole role) {
		this.role = role;
	}

	void muteUntil(Instant until) {
		this.mutedUntil = until;
	}

	Instant mutedUntil() {
		return this.mutedUntil;
	}

	/**
	 * Moves the read mark forward only: a stale mark from another device never moves it
	 * back.
	 */
	boolean readUpTo(long seq) {
		if (seq <= this.readSeq) {
			return false;
		}
		this.readSeq = seq;
		return true;
	}

	Member toMember() {
		return new Member(this.userId, this.role, this.readSeq, this.joinedAt, this.mutedUntil);
	}

	record Key(long conversationId, long userId) implements Serializable {

		Key() {
			this(0, 0);
		}

	}

}
