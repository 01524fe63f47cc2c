package im.core.auth;

import java.time.Clock;
import java.time.Duration;

import im.core.account.AccountService;
import im.core.account.UserProfile;
import im.core.account.Usernames;
import im.core.audit.RefusedAttempts;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.ratelimit.WindowCounters;
import im.core.ratelimit.WindowCounters.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Sign-in with a password, guarded against guessing without handing anyone a way to lock
 * others out. Failures are counted per username <em>from one client address</em> and per
 * client address; an address that reaches either limit is blocked (for that username, or
 * for every one) before any password is checked, for a time that doubles each time it
 * reaches a limit again within a day. The right password from an address that has not
 * been guessing is always accepted.
 */
@Service
public class LoginService {

	private static final Logger log = LoggerFactory.getLogger(LoginService.class);

	/** How long an address's earlier blocks make its next one longer. */
	private static final Duration STRIKE_MEMORY = Duration.ofDays(1);

	/** The longest block. */
	private static final Duration MAX_BLOCK = Duration.ofDays(1);

	private final AccountService accounts;

	private final WindowCounters counters;

	private final AuthSettings settings;

	private final Clock clock;

	private final RefusedAttempts refused;

	LoginService(AccountService accounts, WindowCounters counters, AuthSettings settings, Clock clock,
			RefusedAttempts refused) {
		this.accounts = accounts;
		this.counters = counters;
		this.settings = settings;
		this.clock = clock;
		this.refused = refused;
	}

	/**
	 * @param clientAddress where the attempt comes from
	 * @throws DomainException {@link ErrorCode#TOO_MANY_REQUESTS} with a retry-after
	 * while the address is blocked, {@link ErrorCode#BAD_CREDENTIALS} when the
	 * credentials are wrong
	 */
	public UserProfile login(String username, String password, String clientAddress) {
		if (!this.settings.passwordSignIn()) {
			throw new DomainException(ErrorCode.FORBIDDEN,
					"Password sign-in is switched off on this server: sign in with the company's identity provider "
							+ "(GET /api/v1/auth/oidc).");
		}
		String normalized = Usernames.normalize(username);
		String pair = normalized + "@" + clientAddress;
		refuseIfBlocked(pair);
		refuseIfBlocked(clientAddress);
		try {
			UserProfile user = this.accounts.authenticate(username, password);
			this.counters.reset(failures(pair));
			return user;
		}
		catch (DomainException ex) {
			if (ex.errorCode() == ErrorCode.BAD_CREDENTIALS) {
				failed(pair, this.settings.loginMaxFailuresPerUsername(), normalized, clientAddress);
				failed(clientAddress, this.settings.loginMaxFailuresPerAddress(), "anonymous", clientAddress);
			}
			throw ex;
		}
	}

	private void refuseIfBlocked(String scope) {
		Window block = this.counters.current(block(scope));
		if (block.count() > 0) {
			Duration retryAfter = Duration.between(this.clock.instant(), block.endsAt());
			throw new DomainException(ErrorCode.TOO_MANY_REQUESTS,
					"Too many failed sign-ins; try again in " + DomainException.wholeSeconds(retryAfter) + " seconds.",
					retryAfter);
		}
	}

	/**
	 * Counts a failure; the one that reaches the limit blocks the scope, on the audit
	 * trail too.
	 */
	private void failed(String scope, int max, String actor, String clientAddress) {
		if (this.counters.increment(failures(scope), this.settings.loginFailureWindow()).count() < max) {
			return;
		}
		this.counters.reset(failures(scope));
		long strikes = this.counters.increment("login-strikes:" + scope, STRIKE_MEMORY).count();
		Duration length = this.settings.loginFirstBlock().multipliedBy(1L << Math.min(strikes - 1, 20));
		if (length.compareTo(MAX_BLOCK) > 0) {
			length = MAX_BLOCK;
		}
		this.counters.increment(block(scope), length);
		log.warn("Sign-in blocked for {} s after {} failures (block {} of the day): {}", length.toSeconds(), max,
				strikes, scope);
		this.refused.record(actor,
				"refused: sign-in blocked for " + length.toSeconds() + " s after " + max + " failures"
						+ (scope.equals(clientAddress) ? " from this address" : " for this username from this address"),
				null, clientAddress, 429);
	}

	private static String failures(String scope) {
		return "login-failures:" + scope;
	}

	private static String block(String scope) {
		return "login-block:" + scope;
	}

}
