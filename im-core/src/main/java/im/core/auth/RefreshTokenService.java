package im.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

import im.core.account.AccountBanned;
import im.core.account.AccountRoleChanged;
import im.core.account.PasswordChanged;
import im.core.account.UserId;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refresh tokens: random, stored only as SHA-256 hashes, rotated on every use. Presenting
 * a token that was already rotated means two parties hold it, so the whole family (every
 * token descended from that sign-in) is revoked.
 */
@Service
@Transactional
public class RefreshTokenService {

	private static final Logger log = LoggerFactory.getLogger(RefreshTokenService.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final RefreshTokenRepository tokens;

	private final AuthSettings settings;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	RefreshTokenService(RefreshTokenRepository tokens, AuthSettings settings, Clock clock,
			ApplicationEventPublisher events) {
		this.tokens = tokens;
		this.settings = settings;
		this.clock = clock;
		this.events = events;
	}

	/** Starts a new family for a fresh sign-in. */
	public IssuedRefreshToken issue(UserId userId) {
		return issue(userId, UUID.randomUUID());
	}

	/**
	 * Exchanges a refresh token for a new one of the same family.
	 * @throws DomainException {@link ErrorCode#REFRESH_TOKEN_INVALID} for an unknown,
	 * expired, revoked or reused token; a reuse also revokes the family, and that
	 * revocation is kept
	 */
	@Transactional(noRollbackFor = DomainException.class)
	public IssuedRefreshToken rotate(String token) {
		Instant now = this.clock.instant();
		RefreshToken current = this.tokens.findByTokenHash(hash(token))
			.orElseThrow(() -> invalid("The refresh token is not known."));
		if (current.isRevoked()) {
			throw invalid("The refresh token was revoked; sign in again.");
		}
		if (current.isExpiredAt(now)) {
			throw invalid("The refresh token expired; sign in again.");
		}
		if (current.isRotated() || this.tokens.markRotated(current.id(), now) == 0) {
			this.tokens.revokeFamily(current.familyId(), now);
			this.events.publishEvent(new SignedOut(new UserId(current.userId()), current.familyId()));
			log.warn("Refresh token reuse for user {}: signed out family {}", current.userId(), current.familyId());
			throw invalid("The refresh token was already used; this session has been signed out, sign in again.");
		}
		return issue(new UserId(current.userId()), current.familyId());
	}

	/**
	 * Ends the sign-in the token belongs to ({@link SignedOut}). Unknown tokens are
	 * ignored: signing out twice is fine.
	 */
	public void revoke(String token) {
		this.tokens.findByTokenHash(hash(token)).ifPresent((found) -> {
			if (this.tokens.revokeFamily(found.familyId(), this.clock.instant()) > 0) {
				this.events.publishEvent(new SignedOut(new UserId(found.userId()), found.familyId()));
			}
		});
	}

	/**
	 * The user's sign-ins that ended at or after the time given: a sign-out, a detected
	 * reuse, or everything at once (a new password, a ban, a new role).
	 */
	@Transactional(readOnly = true)
	public Set<UUID> signInsEndedSince(UserId userId, Instant since) {
		return this.tokens.familiesRevokedSince(userId.value(), since);
	}

	/** A new password signs the user out everywhere. */
	@EventListener
	void on(PasswordChanged event) {
		this.tokens.revokeAllOfUser(event.userId().value(), this.clock.instant());
	}

	/** A banned user is signed out everywhere. */
	@EventListener
	void on(AccountBanned event) {
		this.tokens.revokeAllOfUser(event.userId().value(), this.clock.instant());
	}

	/** A user whose role changed signs in again, for tokens that carry the new one. */
	@EventListener
	void on(AccountRoleChanged event) {
		this.tokens.revokeAllOfUser(event.userId().value(), this.clock.instant());
	}

	@Scheduled(cron = "${im.auth.purge-cron:0 17 3 * * *}")
	void purgeExpired() {
		int purged = this.tokens.deleteExpiredBefore(this.clock.instant());
		log.debug("Purged {} expired refresh tokens", purged);
	}

	private IssuedRefreshToken issue(UserId userId, UUID familyId) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.settings.refreshTokenTtl());
		this.tokens.save(new RefreshToken(userId.value(), familyId, hash(value), now, expiresAt));
		return new IssuedRefreshToken(userId, familyId, value, expiresAt);
	}

	private static DomainException invalid(String detail) {
		return new DomainException(ErrorCode.REFRESH_TOKEN_INVALID, detail);
	}

	private static String hash(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
