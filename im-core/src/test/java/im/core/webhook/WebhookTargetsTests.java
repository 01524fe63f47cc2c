package im.core.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

import im.core.error.InvalidField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Which URLs an endpoint may have. */
class WebhookTargetsTests {

	@Test
	void takesHttpAndHttpsUrls() {
		assertThat(WebhookTargets.check("https://hooks.example.com/im?team=1", true))
			.hasToString("https://hooks.example.com/im?team=1");
		assertThat(WebhookTargets.check(" http://10.0.0.5:8080/hook ", true)).hasToString("http://10.0.0.5:8080/hook");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://example.com/hook", "example.com/hook", "mailto:ops@example.com", "http:///no-host",
			"https://user:password@example.com/hook", "https://example.com/hook#part", "http://exa mple.com/", "" })
	void refusesWhatIsNoHttpUrlToCall(String url) {
		assertThatExceptionOfType(InvalidField.class).isThrownBy(() -> WebhookTargets.check(url, true))
			.satisfies((invalid) -> assertThat(invalid.field()).isEqualTo("url"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1/hook", "http://localhost:8080/hook", "http://10.1.2.3/",
			"http://172.16.0.1/", "http://192.168.1.10/", "http://169.254.169.254/latest/meta-data", "http://[::1]/",
			"http://[fd00::1]/", "http://100.64.0.1/", "http://0.0.0.0/" })
	void refusesInternalAddressesWhenTheOperatorForbidsThem(String url) {
		assertThat(WebhookTargets.check(url, true)).isNotNull();
		assertThatExceptionOfType(InvalidField.class).isThrownBy(() -> WebhookTargets.check(url, false))
			.withMessageContaining("internal address");
	}

	@Test
	void takesPublicAddressesWhenTheOperatorForbidsInternalOnes() throws UnknownHostException {
		assertThat(WebhookTargets.check("https://93.184.215.14/hook", false)).isNotNull();
		assertThat(WebhookTargets.internal(InetAddress.getByName("2606:4700::1111"))).isFalse();
		assertThat(WebhookTargets.internal(InetAddress.getByName("100.128.0.1"))).isFalse();
	}

}
