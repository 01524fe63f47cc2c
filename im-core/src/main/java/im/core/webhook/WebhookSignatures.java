package im.core.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets and signatures as the Standard Webhooks specification has them
 * (standardwebhooks.com, the scheme of Svix and others): a secret is {@code whsec_} and a
 * random key in base64; a delivery is signed by HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<body>} with that key, sent as
 * {@code webhook-signature: v1,<signature in base64>}. Receivers can check it with the
 * specification's libraries or a few lines of their own (docs/integrations.md).
 */
final class WebhookSignatures {

	static final String SECRET_PREFIX = "whsec_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookSignatures() {
	}

	/** A new secret: 32 random bytes. */
	static String newSecret() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
	}

	/** The {@code webhook-signature} header's value for one delivery. */
	static String sign(String secret, String eventId, long timestampSeconds, String body) {
		byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] signature = mac
				.doFinal((eventId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
