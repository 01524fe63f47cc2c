package im.core.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sessions and sign-in protection.
 *
 * @param refreshTokenTtl how long a refresh token stays usable; every rotation starts a
 * new period ({@code IM_REFRESH_TOKEN_TTL})
 * @param loginMaxFailuresPerUsername failed sign-ins for one username from one client
 * address within {@code loginFailureWindow} before that address is blocked for that
 * username ({@code IM_LOGIN_MAX_FAILURES_PER_USERNAME})
 * @param loginMaxFailuresPerAddress failed sign-ins from one client address, whatever the
 * usernames, within {@code loginFailureWindow} before that address is blocked
 * ({@code IM_LOGIN_MAX_FAILURES_PER_ADDRESS})
 * @param loginFailureWindow the window in which failures are counted
 * ({@code IM_LOGIN_FAILURE_WINDOW})
 * @param loginFirstBlock how long the first block lasts; each further one within a day
 * lasts twice as long as the one before, up to a day ({@code IM_LOGIN_FIRST_BLOCK})
 * @param registration whether anyone may open an account ({@code open}) or only
 * administrators create them ({@code closed}; {@code IM_REGISTRATION})
 * @param maxRegistrationsPerAddress accounts one client address may open in an hour
 * ({@code IM_MAX_REGISTRATIONS_PER_ADDRESS})
 * @param passwordSignIn whether people sign in and register with a password
 * ({@code IM_PASSWORD_SIGN_IN}); false where everyone signs in through the company's
 * identity provider ({@code IM_OIDC_*})
 */
@ConfigurationProperties("im.auth")
public record AuthSettings(@DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue("5") int loginMaxFailuresPerUsername, @DefaultValue("20") int loginMaxFailuresPerAddress,
		@DefaultValue("15m") Duration loginFailureWindow, @DefaultValue("1m") Duration loginFirstBlock,
		@DefaultValue("open") Registration registration, @DefaultValue("10") int maxRegistrationsPerAddress,
		@DefaultValue("true") boolean passwordSignIn) {

	/** Who opens accounts. */
	public enum Registration {

		/** Anyone, a few an hour from one address. */
		OPEN,

		/** Administrators only, from the console or the admin API. */
		CLOSED

	}

}
