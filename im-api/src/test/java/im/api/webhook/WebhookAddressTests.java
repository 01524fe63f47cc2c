package im.api.webhook;

import java.util.List;
import java.util.Map;

import im.support.Api;
import im.support.Api.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static im.support.ProblemAssertions.assertProblem;
import static im.support.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator who forbids webhook endpoints on internal addresses
 * ({@code IM_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=false}): administrators cannot point the
 * platform at its own network.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "im.webhooks.allow-private-addresses=false")
@ActiveProfiles("test")
class WebhookAddressTests {

	@LocalServerPort
	int port;

	@Test
	void endpointsOnInternalAddressesAreRefusedWithTheReason() {
		Api api = new Api(this.port);
		String admin = api.login("admin", "admin-test-password").accessToken();
		for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook",
				"http://192.168.0.10/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook")) {
			Response refused = api.post("/api/v1/admin/webhooks",
					Map.of("url", url, "events", List.of("message.created")), admin);
			assertProblem(refused, 400, "validation-failed");
			assertThat(fields(refused)).as(url).containsExactly("url");
			assertThat(refused.json().get("detail").asString()).as(url)
				.contains("internal address")
				.contains("IM_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES");
		}
		Response published = api.post("/api/v1/admin/webhooks",
				Map.of("url", "https://93.184.215.14/hook", "events", List.of("message.created")), admin);
		assertThat(published.status()).as(published.toString()).isEqualTo(201);
		long id = published.json().get("endpoint").get("id").asLong();
		assertProblem(api.patch("/api/v1/admin/webhooks/" + id, Map.of("url", "http://10.0.0.7/hook"), admin), 400,
				"validation-failed");
		assertThat(api.delete("/api/v1/admin/webhooks/" + id, admin).status()).isEqualTo(204);
	}

}
