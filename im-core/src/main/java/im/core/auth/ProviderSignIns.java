package im.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import im.core.account.UserId;
import im.core.apikey.ApiKeyHashes;
import im.core.error.DomainException;
import im.core.error.ErrorCode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Sign-ins through the company's identity provider while they are under way, in the
 * database so that any instance can take the provider's answer: the state, nonce and PKCE
 * verifier sent with the user to the provider, the state taken once when the user comes
 * back (a replayed answer finds it used), and then a one-time code the page exchanges for
 * tokens, so that no token ever travels in a URL.
 */
@Service
public class ProviderSignIns {

	/** How long the user may take at the provider. */
	static final Duration AT_PROVIDER = Duration.ofMinutes(10);

	/** How long the page has to exchange its code. */
	static final Duration TO_EXCHANGE = Duration.ofMinutes(2);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcTemplate jdbc;

	private final Clock clock;

	ProviderSignIns(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** What is sent with the user to the provider. */
	public record Started(String state, String nonce, String codeChallenge) {

	}

	/** What the provider's answer is checked against. */
	public record Returned(String nonce, String codeVerifier, String app) {

	}

	/** Starts a sign-in for the page {@code app} ({@code client} or {@code admin}). */
	public Started start(String app) {
		String state = random(32);
		String nonce = random(32);
		String verifier = random(48);
		this.jdbc.update(
				"INSERT INTO oidc_sign_ins (state, nonce, code_verifier, app, created_at) VALUES (?, ?, ?, ?, ?)",
				state, nonce, verifier, app, Timestamp.from(this.clock.instant()));
		return new Started(state, nonce, Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier)));
	}

	/**
	 * Takes the sign-in the provider's answer names, once.
	 * @throws DomainException {@code unauthenticated} for a state unknown, used or too
	 * old
	 */
	public Returned returned(String state) {
		Instant now = this.clock.instant();
		List<Returned> found = this.jdbc.query(
				"SELECT nonce, code_verifier, app FROM oidc_sign_ins WHERE state = ? AND returned_at IS NULL "
						+ "AND created_at > ?",
				(row, number) -> new Returned(row.getString("nonce"), row.getString("code_verifier"),
						row.getString("app")),
				(state != null) ? state : "", Timestamp.from(now.minus(AT_PROVIDER)));
		if (found.isEmpty()
				|| this.jdbc.update("UPDATE oidc_sign_ins SET returned_at = ? WHERE state = ? AND returned_at IS NULL",
						Timestamp.from(now), state) != 1) {
			throw new DomainException(ErrorCode.UNAUTHENTICATED,
					"This sign-in is unknown, was already used or took too long; sign in again.");
		}
		return found.get(0);
	}

	/** The provider vouched for the user: the code the page exchanges for tokens. */
	public String vouched(String state, UserId user) {
		String handoff = random(32);
		this.jdbc.update("UPDATE oidc_sign_ins SET user_id = ?, handoff_hash = ? WHERE state = ?", user.value(),
				ApiKeyHashes.of(handoff), state);
		return handoff;
	}

	/**
	 * The user a page's code stands for, once, within {@link #TO_EXCHANGE} of the
	 * provider's answer.
	 * @throws DomainException {@code unauthenticated} for a code unknown, used or too old
	 */
	public UserId exchange(String handoff) {
		Instant now = this.clock.instant();
		String hash = ApiKeyHashes.of((handoff != null) ? handoff : "");
		List<Long> users = this.jdbc.queryForList(
				"SELECT user_id FROM oidc_sign_ins WHERE handoff_hash = ? AND exchanged_at IS NULL AND returned_at > ?",
				Long.class, hash, Timestamp.from(now.minus(TO_EXCHANGE)));
		if (users.isEmpty() || this.jdbc.update(
				"UPDATE oidc_sign_ins SET exchanged_at = ? WHERE handoff_hash = ? AND exchanged_at IS NULL",
				Timestamp.from(now), hash) != 1) {
			throw new DomainException(ErrorCode.UNAUTHENTICATED,
					"This sign-in code is unknown, was already used or is too old; sign in again.");
		}
		return new UserId(users.get(0));
	}

	/** Forgets sign-ins older than an hour, finished or not. */
	@Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
	void forgetOld() {
		this.jdbc.update("DELETE FROM oidc_sign_ins WHERE created_at < ?",
				Timestamp.from(this.clock.instant().minus(Duration.ofHours(1))));
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
