package im.api.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who made a request, as the audit trail names them. */
public final class Actors {

	private Actors() {
	}

	/**
	 * {@code user:<id> (<username>)} for an access token, {@code api-key:<id>} for an
	 * integrator, {@code anonymous} for nobody.
	 */
	public static String of(Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()
				|| "anonymousUser".equals(authentication.getPrincipal())) {
			return "anonymous";
		}
		if (authentication.getPrincipal() instanceof Jwt jwt) {
			return "user:" + jwt.getSubject() + " (" + jwt.getClaimAsString("preferred_username") + ")";
		}
		return authentication.getName();
	}

}
