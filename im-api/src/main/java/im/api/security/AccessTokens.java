package im.api.security;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import im.core.account.Role;
import im.core.account.UserProfile;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Mints short-lived access tokens: HS256 JWTs whose subject is the user id. */
@Component
public class AccessTokens {

	static final String ROLES_CLAIM = "roles";

	/**
	 * The sign-in the token was issued for (its refresh-token family; the claim OpenID
	 * Connect names a session with): signing out ends it.
	 */
	static final String SIGN_IN_CLAIM = "sid";

	private final JwtEncoder encoder;

	private final TokenSettings settings;

	private final Clock clock;

	AccessTokens(JwtEncoder encoder, TokenSettings settings, Clock clock) {
		this.encoder = encoder;
		this.settings = settings;
		this.clock = clock;
	}

	/** A token for the user's sign-in given (the refresh token's family). */
	public AccessToken issue(UserProfile user, UUID signIn) {
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.settings.accessTokenTtl());
		List<String> roles = (user.role() == Role.ADMIN) ? List.of(Role.USER.name(), Role.ADMIN.name())
				: List.of(Role.USER.name());
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.settings.issuer())
			.subject(user.id().toString())
			.id(UUID.randomUUID().toString())
			.issuedAt(now)
			.expiresAt(expiresAt)
			.claim("preferred_username", user.username())
			.claim(ROLES_CLAIM, roles)
			.claim(SIGN_IN_CLAIM, signIn.toString())
			.build();
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
		String value = this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		return new AccessToken(value, expiresAt);
	}

	/** The sign-in a token was issued for; null for a token that names none. */
	public static String signInOf(Jwt token) {
		return token.getClaimAsString(SIGN_IN_CLAIM);
	}

	/** A signed access token and when it stops being accepted. */
	public record AccessToken(String value, Instant expiresAt) {

		@Override
		public String toString() {
			return "AccessToken[expiresAt=" + this.expiresAt + "]";
		}

	}

}
