package im.core.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One refresh token, stored by its hash. Tokens issued by rotation share the family of
 * the sign-in that started them, so that a stolen, already-rotated token can end the
 * whole family.
 */
@Entity
@Table(name = "refresh_tokens")
class RefreshToken {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private long userId;

	@Column(nullable = false, updatable = false)
	private UUID familyId;

	@Column(nullable = false, updatable = false)
	private String tokenHash;

	@Column(nullable = false, updatable = false)
	private Instant issuedAt;

	@Column(nullable = false, updatable = false)
	private Instant expiresAt;

	private Instant rotatedAt;

	private Instant revokedAt;

	protected RefreshToken() {
	}

	RefreshToken(long userId, UUID familyId, String tokenHash, Instant issuedAt, Instant expiresAt) {
		this.userId = userId;
		this.familyId = familyId;
		this.tokenHash = tokenHash;
		this.issuedAt = issuedAt;
		this.expiresAt = expiresAt;
	}

	Long id() {
		return this.id;
	}

	long userId() {
		return this.userId;
	}

	UUID familyId() {
		return this.familyId;
	}

	boolean isRotated() {
		return this.rotatedAt != null;
	}

	boolean isRevoked() {
		return this.revokedAt != null;
	}

	boolean isExpiredAt(Instant now) {
		return !this.expiresAt.isAfter(now);
	}

}
