package im.api.room;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a connection has waiting leaves in one socket write, several WebSocket frames back
 * to back, and a live room's messages within its batching window leave together: the
 * unmodified {@code @stomp/stompjs} (from npm, in Node) and the platform's web client
 * ({@code /js/stomp-client.js}, as served) each receive every frame of such writes, in
 * order. Needs Node and npm (the package comes from the npm registry): skipped without
 * them, unless {@code IM_REQUIRE_BROWSER} is set, as CI sets it.
 */
@StandaloneModeTest
class StompJsClientTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Pushes per destination: within one batch request, the test profile's limit. */
	static final int COUNT = 5;

	@LocalServerPort
	int port;

	@Test
	void unmodifiedStompJsAndTheWebClientReceiveEveryFrameOfCoalescedWritesInOrder() throws Exception {
		Path client = installedClient();
		Api api = new Api(this.port);
		Session admin = api.login("admin", "admin-test-password");
		String room = "coalesced-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(
				api.post("/api/v1/admin/rooms", Map.of("id", room, "title", "Coalesced"), admin.accessToken()).status())
			.isEqualTo(201);
		String key = api
			.post("/api/v1/admin/api-keys", Map.of("name", "coalesced", "scopes", List.of("push")), admin.accessToken())
			.json()
			.get("key")
			.asString();
		Session viewer = api.newUser("stompjs");

		Process node = new ProcessBuilder("node", "--experimental-websocket", "coalesced-client.mjs", api.base(),
				viewer.accessToken(), room, Integer.toString(COUNT * 2))
			.directory(client.toFile())
			// Node's warnings (the experimental WebSocket) stay out of the lines read
			// here
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
			assertThat(awaitLine(out, "READY")).as("both clients subscribed").isTrue();
			double framesBefore = meter(api, "im_websocket_frames_total");
			double writesBefore = meter(api, "im_websocket_writes_total");

			// two batches of pushes, room and user interleaved: the room's first message
			// leaves at once, the rest within its window in one write per connection
			for (int batch = 0; batch < 2; batch++) {
				List<Map<String, Object>> pushes = new ArrayList<>();
				for (int i = batch * COUNT; i < (batch + 1) * COUNT; i++) {
					Map<String, Object> payload = Map.of("seq", i);
					pushes.add((i % 2 == 0) ? Map.of("roomId", room, "type", "tick", "payload", payload)
							: Map.of("userIds", List.of(viewer.userId()), "type", "tick", "payload", payload));
					pushes.add((i % 2 == 0)
							? Map.of("userIds", List.of(viewer.userId()), "type", "tick", "payload", payload)
							: Map.of("roomId", room, "type", "tick", "payload", payload));
				}
				Response response = api.send(api.request("/api/v1/push/batch", null)
					.header("Content-Type", "application/json")
					.header("X-Api-Key", key)
					.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("pushes", pushes))))
					.build());
				assertThat(response.status()).as(response.toString()).isEqualTo(200);
			}

			Map<String, List<Integer>> received = new LinkedHashMap<>();
			String line;
			while ((line = out.readLine()) != null && !line.equals("DONE")) {
				JsonNode message = JSON.readTree(line);
				assertThat(message.has("timeout")).as("every message within 30 s: " + line).isFalse();
				received
					.computeIfAbsent(message.get("client").asString() + " " + message.get("destination").asString(),
							(k) -> new ArrayList<>())
					.add(message.get("seq").asInt());
			}
			List<Integer> all = IntStream.range(0, COUNT * 2).boxed().toList();
			assertThat(received).as("each client, each destination: every message once, in order")
				.containsOnlyKeys("stompjs room", "stompjs user", "web room", "web user")
				.allSatisfy((destination, seqs) -> assertThat(seqs).as(destination).isEqualTo(all));
			double frames = meter(api, "im_websocket_frames_total") - framesBefore;
			double writes = meter(api, "im_websocket_writes_total") - writesBefore;
			assertThat(frames - writes).as("frames that shared a write (%s frames in %s writes)", frames, writes)
				.isGreaterThanOrEqualTo(2 * (COUNT - 1));
		}
		finally {
			node.destroyForcibly();
		}
	}

	/** The counter's value in the server's Prometheus page. */
	private static double meter(Api api, String name) {
		return api.get("/actuator/prometheus", api.login("admin", "admin-test-password").accessToken())
			.body()
			.lines()
			.filter((line) -> line.startsWith(name + " ") || line.startsWith(name + "{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static boolean awaitLine(BufferedReader out, String expected) throws IOException {
		String line;
		while ((line = out.readLine()) != null) {
			if (line.equals(expected)) {
				return true;
			}
			System.out.println("node: " + line);
		}
		return false;
	}

	/**
	 * The client's folder with its package installed from the lock file (once per build):
	 * skips the test where Node or the npm registry is missing, unless required.
	 */
	private static Path installedClient() throws IOException, InterruptedException, URISyntaxException {
		// the client ends itself after 30 s, so reading its output never hangs the build
		Path folder = Path.of(StompJsClientTests.class.getResource("/stompjs/package.json").toURI()).getParent();
		if (Files.isDirectory(folder.resolve("node_modules/@stomp/stompjs"))) {
			return folder;
		}
		String failure;
		try {
			Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(folder.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			boolean done = install.waitFor(120, TimeUnit.SECONDS);
			failure = (done && install.exitValue() == 0) ? null : "npm ci failed: " + output;
		}
		catch (IOException ex) {
			failure = "Node and npm are not installed: " + ex.getMessage();
		}
		if (failure != null && System.getenv("IM_REQUIRE_BROWSER") != null) {
			throw new IllegalStateException("IM_REQUIRE_BROWSER is set but " + failure);
		}
		Assumptions.assumeTrue(failure == null, failure);
		return folder;
	}

}
