package im.core.webhook;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Signatures as the Standard Webhooks specification computes them. */
class WebhookSignaturesTests {

	@Test
	void signsAsTheSpecificationsExample() {
		// the specification's example, checked with openssl:
		// printf '%s' "$id.$ts.$body" | openssl dgst -sha256 -mac HMAC -macopt
		// hexkey:<key> -binary | base64
		assertThat(WebhookSignatures.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
				1614265330, "{\"test\": 2432232314}"))
			.isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void everyPartIsSigned() {
		String secret = WebhookSignatures.newSecret();
		String signature = WebhookSignatures.sign(secret, "evt_1", 100, "{}");
		assertThat(WebhookSignatures.sign(secret, "evt_2", 100, "{}")).isNotEqualTo(signature);
		assertThat(WebhookSignatures.sign(secret, "evt_1", 101, "{}")).isNotEqualTo(signature);
		assertThat(WebhookSignatures.sign(secret, "evt_1", 100, "{ }")).isNotEqualTo(signature);
		assertThat(WebhookSignatures.sign(WebhookSignatures.newSecret(), "evt_1", 100, "{}")).isNotEqualTo(signature);
	}

	@Test
	void secretsAreRandomKeysOf32Bytes() {
		String secret = WebhookSignatures.newSecret();
		assertThat(secret).startsWith("whsec_");
		assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
		assertThat(WebhookSignatures.newSecret()).isNotEqualTo(secret);
	}

}
