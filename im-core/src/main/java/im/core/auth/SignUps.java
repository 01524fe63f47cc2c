package im.core.auth;

import java.time.Clock;
import java.time.Duration;

import im.core.account.AccountService;
import im.core.account.Registration;
import im.core.account.UserProfile;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.ratelimit.WindowCounters;
import im.core.ratelimit.WindowCounters.Window;

import org.springframework.stereotype.Service;

/**
 * Accounts people open for themselves: refused when registration is closed
 * ({@code IM_REGISTRATION}), and a few an hour from one client address, so that nobody
 * mass-produces accounts. Administrators create accounts past both.
 */
@Service
public class SignUps {

	private static final Duration WINDOW = Duration.ofHours(1);

	private final AccountService accounts;

	private final WindowCounters counters;

	private final AuthSettings settings;

	private final Clock clock;

	SignUps(AccountService accounts, WindowCounters counters, AuthSettings settings, Clock clock) {
		this.accounts = accounts;
		this.counters = counters;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * @throws DomainException {@link ErrorCode#FORBIDDEN} when registration is closed,
	 * {@link ErrorCode#TOO_MANY_REQUESTS} with a retry-after past the address's limit
	 */
	public UserProfile register(Registration registration, String clientAddress) {
		if (!this.settings.passwordSignIn()) {
			throw new DomainException(ErrorCode.FORBIDDEN, "Accounts are opened by signing in with the company's "
					+ "identity provider on this server (GET /api/v1/auth/oidc), not by registering.");
		}
		if (this.settings.registration() == AuthSettings.Registration.CLOSED) {
			throw new DomainException(ErrorCode.FORBIDDEN,
					"Registration is closed on this server: an administrator creates accounts.");
		}
		String key = "register:" + clientAddress;
		Window window = this.counters.current(key);
		if (window.count() >= this.settings.maxRegistrationsPerAddress()) {
			Duration retryAfter = Duration.between(this.clock.instant(), window.endsAt());
			throw new DomainException(ErrorCode.TOO_MANY_REQUESTS, "Too many accounts opened from this address; "
					+ "try again in " + DomainException.wholeSeconds(retryAfter) + " seconds.", retryAfter);
		}
		UserProfile user = this.accounts.register(registration);
		this.counters.increment(key, WINDOW);
		return user;
	}

}
