package im.core.auth;

import java.time.Clock;
import java.time.Duration;

import im.core.account.AccountService;
import im.core.account.UserProfile;
import im.core.account.Usernames;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.core.ratelimit.WindowCounters;
import im.core.ratelimit.WindowCounters.Window;

import org.springframework.stereotype.Service;

/**
 * Sign-in with a password, guarded against guessing: failures are counted per username
 * and per client address, and past the limit attempts are refused before the password is
 * even checked.
 */
@Service
public class LoginService {

	private final AccountService accounts;

	private final WindowCounters counters;

	private final AuthSettings settings;

	private final Clock clock;

	LoginService(AccountService accounts, WindowCounters counters, AuthSettings settings, Clock clock) {
		this.accounts = accounts;
		this.counters = counters;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * @param clientAddress where the attempt comes from, for per-address limits
	 * @throws DomainException {@link ErrorCode#TOO_MANY_REQUESTS} with a retry-after
	 * while throttled, {@link ErrorCode#BAD_CREDENTIALS} when the credentials are wrong
	 */
	public UserProfile login(String username, String password, String clientAddress) {
		String userKey = "login-user:" + Usernames.normalize(username);
		String addressKey = "login-address:" + clientAddress;
		refuseIfOver(this.counters.current(userKey), this.settings.loginMaxFailuresPerUsername());
		refuseIfOver(this.counters.current(addressKey), this.settings.loginMaxFailuresPerAddress());
		try {
			UserProfile user = this.accounts.authenticate(username, password);
			this.counters.reset(userKey);
			return user;
		}
		catch (DomainException ex) {
			this.counters.increment(userKey, this.settings.loginFailureWindow());
			this.counters.increment(addressKey, this.settings.loginFailureWindow());
			throw ex;
		}
	}

	private void refuseIfOver(Window window, int max) {
		if (window.count() >= max) {
			Duration retryAfter = Duration.between(this.clock.instant(), window.endsAt());
			throw new DomainException(ErrorCode.TOO_MANY_REQUESTS,
					"Too many failed sign-ins; try again in " + Math.max(1, retryAfter.toSeconds()) + " seconds.",
					retryAfter);
		}
	}

}
