package im.signaling.ice;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import im.core.account.UserId;

import org.springframework.stereotype.Service;

/**
 * Hands each user the configured ICE servers, with TURN credentials of their own in the
 * TURN REST API form coturn checks ({@code use-auth-secret}): the username is the expiry
 * time (Unix seconds) and the user id, the credential the Base64 HMAC-SHA1 of the
 * username with the shared secret. Nothing is stored; coturn refuses the credentials once
 * expired.
 */
@Service
public class IceServers {

	private static final String HMAC = "HmacSHA1";

	private final IceSettings settings;

	private final Clock clock;

	IceServers(IceSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	public IceConfiguration forUser(UserId user) {
		Instant expiresAt = this.clock.instant().plus(this.settings.credentialTtl());
		List<IceServer> servers = new ArrayList<>();
		if (!this.settings.stunUrls().isEmpty()) {
			servers.add(new IceServer(this.settings.stunUrls(), null, null));
		}
		if (!this.settings.turnUrls().isEmpty()) {
			String username = expiresAt.getEpochSecond() + ":" + user;
			servers.add(new IceServer(this.settings.turnUrls(), username, sign(username)));
		}
		return new IceConfiguration(servers, this.settings.turnUrls().isEmpty() ? null : expiresAt);
	}

	private String sign(String username) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(this.settings.turnSecret().getBytes(StandardCharsets.UTF_8), HMAC));
			return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			// every JDK has HmacSHA1, and any key length suits it
			throw new IllegalStateException(ex);
		}
	}

}
