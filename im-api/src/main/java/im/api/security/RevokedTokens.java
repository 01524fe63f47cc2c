package im.api.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import im.core.account.AccountBanned;
import im.core.account.AccountRoleChanged;
import im.core.account.AccountService;
import im.core.account.AccountUnbanned;
import im.core.account.PasswordChanged;
import im.core.account.TokenStanding;
import im.core.account.UserId;
import im.core.auth.RefreshTokenService;
import im.core.auth.SignedOut;

import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Refuses access tokens of banned accounts, those issued before the account's role or
 * password changed, and those of a sign-in that ended (signed out, or its refresh token
 * was used twice): such changes take effect at once rather than when the token expires.
 * Each user's standing is read from the database at most every {@link #FRESHNESS}, and at
 * once after a change made on this instance; other instances see it within that time.
 */
@Component
public class RevokedTokens implements OAuth2TokenValidator<Jwt> {

	/** The words {@code ProblemHandler} and {@code ConnectAuthenticator} look for. */
	public static final String BANNED = "The account is banned.";

	private static final Duration FRESHNESS = Duration.ofSeconds(5);

	/** Past this many users, stale entries go before another is added. */
	private static final int MAX_CACHED = 10_000;

	private final AccountService accounts;

	private final RefreshTokenService refreshTokens;

	private final TokenSettings settings;

	private final Clock clock;

	private final Map<UserId, Cached> standings = new ConcurrentHashMap<>();

	/** Lazy: the accounts' services need the security configuration this serves. */
	RevokedTokens(@Lazy AccountService accounts, @Lazy RefreshTokenService refreshTokens, TokenSettings settings,
			Clock clock) {
		this.accounts = accounts;
		this.refreshTokens = refreshTokens;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		UserId user;
		try {
			user = UserId.of(token.getSubject());
		}
		catch (RuntimeException ex) {
			return OAuth2TokenValidatorResult.failure(invalid("The access token names no user."));
		}
		Cached cached = standing(user);
		if (cached.standing().banned()) {
			return OAuth2TokenValidatorResult.failure(invalid(BANNED));
		}
		if (!cached.standing().accepts(token.getIssuedAt())) {
			return OAuth2TokenValidatorResult
				.failure(invalid("The access token was revoked (a new role or password); sign in again."));
		}
		String signIn = AccessTokens.signInOf(token);
		if (signIn != null && cached.endedSignIns().contains(signIn)) {
			return OAuth2TokenValidatorResult
				.failure(invalid("The access token's sign-in ended (signed out); sign in again."));
		}
		return OAuth2TokenValidatorResult.success();
	}

	/**
	 * Whether the user is banned, as known here (read again at most every
	 * {@link #FRESHNESS}): what refuses a banned bot's key.
	 */
	public boolean banned(UserId user) {
		return standing(user).standing().banned();
	}

	@EventListener
	void on(AccountBanned event) {
		this.standings.remove(event.userId());
	}

	@EventListener
	void on(AccountUnbanned event) {
		this.standings.remove(event.userId());
	}

	@EventListener
	void on(AccountRoleChanged event) {
		this.standings.remove(event.userId());
	}

	@EventListener
	void on(PasswordChanged event) {
		this.standings.remove(event.userId());
	}

	@EventListener
	void on(SignedOut event) {
		this.standings.remove(event.userId());
	}

	private Cached standing(UserId user) {
		long now = System.nanoTime();
		Cached cached = this.standings.get(user);
		if (cached == null || now - cached.readAt() > FRESHNESS.toNanos()) {
			if (this.standings.size() > MAX_CACHED) {
				this.standings.values().removeIf((stale) -> now - stale.readAt() > FRESHNESS.toNanos());
			}
			// a sign-in that ended longer ago than a token lives has no token left to
			// refuse
			Instant oldestLiving = this.clock.instant()
				.minus(this.settings.accessTokenTtl())
				.minus(this.settings.clockSkew());
			Set<String> ended = new HashSet<>();
			this.refreshTokens.signInsEndedSince(user, oldestLiving).forEach((signIn) -> ended.add(signIn.toString()));
			cached = new Cached(this.accounts.tokenStanding(user), Set.copyOf(ended), now);
			this.standings.put(user, cached);
		}
		return cached;
	}

	private static OAuth2Error invalid(String description) {
		return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
	}

	/**
	 * A user's standing, and the sign-ins that ended while their tokens may still live.
	 */
	private record Cached(TokenStanding standing, Set<String> endedSignIns, long readAt) {

	}

}
