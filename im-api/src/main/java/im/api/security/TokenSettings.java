package im.api.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access tokens.
 *
 * @param jwtSecret the HMAC key that signs access tokens, at least 32 bytes
 * ({@code IM_JWT_SECRET}); required in a cluster, where every instance must verify what
 * any other signed; when empty in standalone mode one is generated and kept in the data
 * directory
 * @param accessTokenTtl how long an access token is valid ({@code IM_ACCESS_TOKEN_TTL})
 * @param issuer the {@code iss} claim written and required
 * @param clockSkew how far instance clocks may disagree ({@code IM_CLOCK_SKEW}): an
 * access token is accepted up to this long after its expiry, as the instance checking it
 * sees the time
 */
@ConfigurationProperties("im.security")
public record TokenSettings(String jwtSecret, @DefaultValue("15m") Duration accessTokenTtl,
		@DefaultValue("im") String issuer, @DefaultValue("10s") Duration clockSkew) {

}
