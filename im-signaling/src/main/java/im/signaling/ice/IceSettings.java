package im.signaling.ice;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * ICE servers for clients.
 *
 * @param stunUrls STUN servers, e.g. {@code stun:turn.example.com:3478}
 * ({@code IM_STUN_URLS}, comma-separated); none by default: on one network the host
 * candidates connect
 * @param turnUrls TURN servers, e.g. {@code turn:turn.example.com:3478?transport=udp}
 * ({@code IM_TURN_URLS}); none by default
 * @param turnSecret the secret shared with coturn ({@code static-auth-secret}) that signs
 * TURN credentials ({@code IM_TURN_SECRET}); required with TURN servers
 * @param credentialTtl how long TURN credentials are valid: longer than a call, far
 * shorter than a password ({@code IM_TURN_CREDENTIAL_TTL})
 */
@ConfigurationProperties("im.calls.ice")
public record IceSettings(@DefaultValue List<String> stunUrls, @DefaultValue List<String> turnUrls, String turnSecret,
		@DefaultValue("4h") Duration credentialTtl) {

	public IceSettings {
		stunUrls = stunUrls.stream().map(String::strip).filter((url) -> !url.isEmpty()).toList();
		turnUrls = turnUrls.stream().map(String::strip).filter((url) -> !url.isEmpty()).toList();
		if (!turnUrls.isEmpty() && (turnSecret == null || turnSecret.isBlank())) {
			throw new IllegalArgumentException(
					"IM_TURN_URLS is set but IM_TURN_SECRET is not: TURN credentials are signed with the secret "
							+ "shared with coturn (its static-auth-secret).");
		}
		if (credentialTtl.isNegative() || credentialTtl.isZero()) {
			throw new IllegalArgumentException("IM_TURN_CREDENTIAL_TTL must be positive.");
		}
	}

}
