package im.api.runmode;

import im.support.Api;
import im.support.ClusterModeTest;
import im.support.RawStompClient;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health, readiness and metrics as an operator or orchestrator sees them, per run mode.
 */
class HealthTests {

	@Nested
	@StandaloneModeTest
	class Standalone {

		@LocalServerPort
		int port;

		@Test
		void readinessCoversTheDatabaseOnly() {
			JsonNode readiness = new Api(this.port).get("/actuator/health/readiness", null).json();
			assertThat(readiness.get("status").asString()).isEqualTo("UP");
			assertThat(readiness.get("components").propertyNames()).contains("db", "readinessState")
				.doesNotContain("redis", "kafka");
			assertThat(new Api(this.port).get("/actuator/health/liveness", null).json().get("status").asString())
				.isEqualTo("UP");
		}

		@Test
		void prometheusMetricsAreServedToAdministratorsOnly() {
			Api api = new Api(this.port);
			assertThat(api.get("/actuator/prometheus", null).status()).as("anyone").isEqualTo(401);
			assertThat(api.get("/actuator/info", null).status()).as("anyone").isEqualTo(401);
			assertThat(api.get("/actuator/prometheus", api.newUser("curious").accessToken()).status()).as("a user")
				.isEqualTo(403);
			Api.Response metrics = api.get("/actuator/prometheus", admin(api));
			assertThat(metrics.status()).isEqualTo(200);
			assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("http_server_requests");
			assertThat(api.get("/readyz", null).status()).as("load balancers' probe").isEqualTo(200);
		}

		/**
		 * What an idle connection costs is mostly buffers: once a connection is a
		 * WebSocket one, its HTTP-sized socket buffers (4 KB each) are replaced with
		 * small ones. A Tomcat upgrade that stops this shows here, not only in the idle
		 * benchmark.
		 */
		@Test
		void aWebSocketConnectionGivesBackItsHttpSizedSocketBuffers() {
			Api api = new Api(this.port);
			double before = released(api);
			try (RawStompClient client = RawStompClient.open(this.port, null)) {
				client.connect(api.newUser("buffers").accessToken());
				assertThat(released(api) - before).as("the read buffer down to 512 bytes, the write buffer to 256")
					.isGreaterThanOrEqualTo((4096 - 512) + (4096 - 256));
			}
		}

		private static double released(Api api) {
			return api.get("/actuator/prometheus", admin(api))
				.body()
				.lines()
				.filter((line) -> line.startsWith("im_websocket_buffers_released_bytes_total"))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}

	}

	@Nested
	@ClusterModeTest
	class Cluster {

		@LocalServerPort
		int port;

		@Test
		void readinessCoversTheDatabaseAndHealthRedisAndKafkaToo() {
			JsonNode readiness = new Api(this.port).get("/actuator/health/readiness", null).json();
			assertThat(readiness.get("status").asString()).isEqualTo("UP");
			assertThat(readiness.get("components").propertyNames()).contains("db", "readinessState")
				.as("without Kafka or Redis an instance still takes messages: it stays ready")
				.doesNotContain("kafka", "redis");
			JsonNode health = new Api(this.port).get("/actuator/health", null).json();
			assertThat(health.get("components").propertyNames()).contains("db", "redis", "kafka");
			assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
			String admin = new Api(this.port).login("admin", "admin-test-password").accessToken();
			JsonNode kafka = new Api(this.port).get("/actuator/health", admin).json().get("components").get("kafka");
			assertThat(kafka.get("details").get("outboxBacklog").isNumber()).as("what waits for Kafka, for operators")
				.isTrue();
		}

	}

	private static String admin(Api api) {
		return api.login("admin", "admin-test-password").accessToken();
	}

	/**
	 * With a management port, metrics answer there without credentials (a scraper has
	 * none that live), and not at all on the application's port; probes stay on both.
	 */
	@Nested
	@StandaloneModeTest
	@TestPropertySource(properties = "management.server.port=0")
	class WithAManagementPort {

		@LocalServerPort
		int port;

		@LocalManagementPort
		int managementPort;

		@Test
		void metricsAnswerOnTheManagementPortOnly() {
			assertThat(this.managementPort).isNotEqualTo(this.port);
			Api.Response metrics = new Api(this.managementPort).get("/actuator/prometheus", null);
			assertThat(metrics.status()).isEqualTo(200);
			assertThat(metrics.body()).contains("jvm_memory_used_bytes");
			assertThat(new Api(this.managementPort).get("/actuator/health/readiness", null).status()).isEqualTo(200);
			Api app = new Api(this.port);
			assertThat(app.get("/actuator/prometheus", admin(app)).status()).isEqualTo(404);
			assertThat(app.get("/readyz", null).status()).isEqualTo(200);
			assertThat(app.get("/livez", null).status()).isEqualTo(200);
		}

	}

}
