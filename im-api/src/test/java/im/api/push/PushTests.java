package im.api.push;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push API as integrators and clients meet it: keys an admin creates, pushes over
 * REST with X-Api-Key, clients receiving them on /user/queue/push. Runs once per run
 * mode.
 */
abstract class PushTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	Api api;

	Session admin;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
		this.admin = this.api.login("admin", "admin-test-password");
	}

	@Test
	void anAdminCreatesListsAndRevokesKeysThatAreShownOnce() {
		Response created = this.api.post("/api/v1/admin/api-keys",
				Map.of("name", "CRM back-end", "scopes", List.of("push", "users:read")), this.admin.accessToken());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String key = created.json().get("key").asString();
		JsonNode info = created.json().get("info");
		assertThat(key).startsWith("imk_").hasSizeGreaterThan(40);
		assertThat(info.get("prefix").asString()).isEqualTo(key.substring(0, 12));
		assertThat(info.get("scopes").valueStream().map(JsonNode::asString).toList()).containsExactly("push",
				"users:read");
		assertThat(info.get("createdBy").asLong()).isEqualTo(this.admin.userId());
		assertThat(info.get("lastUsedAt").isNull()).isTrue();

		Session bob = this.api.newUser("pushed");
		assertThat(push(key, "/users", Map.of("userIds", List.of(bob.userId()), "type", "t", "payload", Map.of()))
			.status()).isEqualTo(202);
		String listed = this.api.get("/api/v1/admin/api-keys", this.admin.accessToken()).body();
		assertThat(listed).contains("CRM back-end").doesNotContain(key);
		JsonNode mine = find(listed, info.get("id").asLong());
		assertThat(mine.get("lastUsedAt").isNull()).as("the use is recorded").isFalse();

		Response revoked = this.api
			.send(this.api.request("/api/v1/admin/api-keys/" + info.get("id").asLong(), this.admin.accessToken())
				.DELETE()
				.build());
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
		assertProblem(push(key, "/users", Map.of("userIds", List.of(bob.userId()), "type", "t", "payload", Map.of())),
				401, "api-key-invalid");
		assertProblem(this.api
			.send(this.api.request("/api/v1/admin/api-keys/987654321", this.admin.accessToken()).DELETE().build()), 404,
				"not-found");
	}

	@Test
	void onlyAdminsManageKeys() {
		Session user = this.api.newUser("not-admin");
		assertProblem(this.api.get("/api/v1/admin/api-keys", user.accessToken()), 403, "forbidden");
		assertProblem(this.api.post("/api/v1/admin/api-keys", Map.of("name", "mine", "scopes", List.of("push")),
				user.accessToken()), 403, "forbidden");
		assertProblem(this.api.get("/api/v1/admin/api-keys", null), 401, "unauthenticated");
		assertProblem(this.api.post("/api/v1/admin/api-keys", Map.of("name", "", "scopes", List.of()),
				this.admin.accessToken()), 400, "validation-failed");
		assertProblem(this.api.post("/api/v1/admin/api-keys", Map.of("name", "x", "scopes", List.of("root")),
				this.admin.accessToken()), 400, "malformed-request");
	}

	@Test
	void aPushToUsersReachesEveryDeviceOfEachAndNobodyElse() {
		String key = key("push");
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		try (RawStompClient phone = device(alice, null);
				RawStompClient laptop = device(alice, null);
				RawStompClient bobs = device(bob, null)) {
			Response response = push(key, "/users", Map.of("userIds", List.of(alice.userId()), "type", "order-shipped",
					"payload", Map.of("orderId", 42, "items", List.of("book"))));
			assertThat(response.status()).as(response.toString()).isEqualTo(202);
			assertThat(response.json().get("sessions").asLong()).isEqualTo(2);
			for (RawStompClient device : List.of(phone, laptop)) {
				JsonNode pushed = json(device.nextOn("push", WAIT));
				assertThat(pushed.get("type").asString()).isEqualTo("order-shipped");
				assertThat(pushed.get("payload").get("orderId").asInt()).isEqualTo(42);
				assertThat(pushed.get("payload").get("items").get(0).asString()).isEqualTo("book");
				assertThat(pushed.get("serverTime").asString()).isNotBlank();
			}
			assertThat(bobs.nextOn("push", Duration.ofMillis(500))).isNull();
		}
	}

	@Test
	void aPushToADeviceReachesTheConnectionsThatNamedIt() {
		String key = key("push");
		Session alice = this.api.newUser("devices");
		try (RawStompClient phone = device(alice, "phone-1"); RawStompClient laptop = device(alice, "laptop-1")) {
			Response response = push(key, "/devices", Map.of("devices",
					List.of(Map.of("userId", alice.userId(), "deviceId", "phone-1")), "type", "ping", "payload", 1));
			assertThat(response.status()).as(response.toString()).isEqualTo(202);
			assertThat(response.json().get("sessions").asLong()).isEqualTo(1);
			assertThat(json(phone.nextOn("push", WAIT)).get("payload").asInt()).isEqualTo(1);
			assertThat(laptop.nextOn("push", Duration.ofMillis(500))).isNull();
		}
	}

	@Test
	void aBroadcastReachesEveryoneOnline() {
		String key = key("push");
		List<RawStompClient> devices = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				devices.add(device(this.api.newUser("everyone"), null));
			}
			Response response = push(key, "/broadcast",
					Map.of("type", "maintenance", "payload", Map.of("at", "22:00")));
			assertThat(response.status()).as(response.toString()).isEqualTo(202);
			assertThat(response.json().get("sessions").asLong()).isGreaterThanOrEqualTo(3);
			for (RawStompClient device : devices) {
				assertThat(json(device.nextOn("push", WAIT)).get("type").asString()).isEqualTo("maintenance");
			}
		}
		finally {
			devices.forEach(RawStompClient::close);
		}
	}

	@Test
	void requestsWithoutAValidKeyOrScopeAreRefused() {
		Session bob = this.api.newUser("target");
		Map<String, Object> body = Map.of("userIds", List.of(bob.userId()), "type", "t", "payload", Map.of());
		assertProblem(push(null, "/users", body), 401, "unauthenticated");
		assertProblem(push("imk_not-a-key", "/users", body), 401, "api-key-invalid");
		assertProblem(push(key("users:read"), "/users", body), 403, "forbidden");
		// a user's access token is no API key
		Response withToken = this.api.post("/api/v1/push/users", body, bob.accessToken());
		assertProblem(withToken, 401, "unauthenticated");

		JsonNode invalid = this.api
			.get("/api/v1/admin/audit?action=refused%20POST%20/api/v1/push/users:%20api-key-invalid",
					this.admin.accessToken())
			.json()
			.get("items");
		assertThat(invalid).as("refused keys are on the audit trail").isNotEmpty();
		assertThat(invalid.get(0).get("actor").asString()).isEqualTo("api-key (unknown)");
		assertThat(invalid.get(0).get("status").asInt()).isEqualTo(401);
		JsonNode unscoped = this.api
			.get("/api/v1/admin/audit?action=refused%20POST%20/api/v1/push/users:%20forbidden",
					this.admin.accessToken())
			.json()
			.get("items");
		assertThat(unscoped).isNotEmpty();
		assertThat(unscoped.get(0).get("actor").asString()).startsWith("api-key:");
	}

	@Test
	void badPushesAreRefusedWithTheReason() {
		String key = key("push");
		Session bob = this.api.newUser("target");
		assertProblem(push(key, "/users", Map.of("userIds", List.of(), "type", "t", "payload", Map.of())), 400,
				"validation-failed");
		assertProblem(push(key, "/users", Map.of("userIds", List.of(bob.userId()), "payload", Map.of())), 400,
				"validation-failed");
		assertProblem(push(key, "/users", Map.of("userIds", List.of(bob.userId()), "type", "t")), 400,
				"validation-failed");
		// the test profile allows 1 KB payloads and 5 targets
		assertProblem(push(key, "/users",
				Map.of("userIds", List.of(bob.userId()), "type", "t", "payload", Map.of("text", "x".repeat(2000)))),
				413, "payload-too-large");
		assertProblem(
				push(key, "/users",
						Map.of("userIds", List.of(1L, 2L, 3L, 4L, 5L, 6L), "type", "t", "payload", Map.of())),
				400, "validation-failed");
		assertProblem(push(key, "/devices", Map.of("devices",
				List.of(Map.of("userId", bob.userId(), "deviceId", "no spaces")), "type", "t", "payload", Map.of())),
				400, "validation-failed");
		assertProblem(push(key, "/users", "{not json"), 400, "malformed-request");
	}

	@Test
	void aBatchHandsEachPushOverInOrderAndAnswersEachOnItsOwn() {
		String key = key("push");
		Session alice = this.api.newUser("batched");
		String room = "batch-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(this.api.post("/api/v1/admin/rooms", Map.of("id", room, "title", "Batch"), this.admin.accessToken())
			.status()).isEqualTo(201);
		try (RawStompClient phone = device(alice, null)) {
			phone.subscribe("room", "/topic/rooms/" + room);
			List<Map<String, Object>> pushes = List.of(
					Map.of("userIds", List.of(alice.userId()), "type", "first", "payload", Map.of("n", 1)),
					Map.of("roomId", room, "type", "score", "payload", Map.of("n", 2)),
					Map.of("roomId", "no-such-room", "type", "t", "payload", 1),
					Map.of("userIds", List.of(alice.userId()), "roomId", room, "type", "t", "payload", 1),
					Map.of("userIds", List.of(alice.userId()), "payload", Map.of()),
					Map.of("userIds", List.of(alice.userId()), "type", "big", "payload",
							Map.of("text", "x".repeat(2000))),
					Map.of("everyone", true, "type", "all", "payload", Map.of("n", 3)),
					Map.of("userIds", List.of(alice.userId()), "type", "last", "payload", Map.of("n", 4)));
			Response response = push(key, "/batch", Map.of("pushes", pushes));
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			List<JsonNode> results = response.json().get("results").valueStream().toList();
			assertThat(results).extracting((result) -> result.get("status").asInt())
				.containsExactly(202, 202, 404, 400, 400, 413, 202, 202);
			assertThat(results.get(0).get("sessions").asLong()).isEqualTo(1);
			assertThat(results.get(1).get("sessions").isNull()).isFalse();
			assertThat(results.get(2).get("problem").get("code").asString()).isEqualTo("not-found");
			assertThat(results.get(2).get("problem").get("detail").asString()).contains("pushes[2]", "no-such-room");
			assertThat(results.get(3).get("problem").get("code").asString()).isEqualTo("validation-failed");
			assertThat(results.get(3).get("problem").get("errors").get(0).get("field").asString())
				.isEqualTo("pushes[3]");
			assertThat(results.get(4).get("problem").get("errors").get(0).get("field").asString())
				.isEqualTo("pushes[4].type");
			assertThat(results.get(5).get("problem").get("code").asString()).isEqualTo("payload-too-large");
			assertThat(results.get(5).has("sessions")).isFalse();

			List<String> received = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				received.add(json(phone.nextOn("push", WAIT)).get("type").asString());
			}
			assertThat(received).as("the user's pushes, in the batch's order").containsExactly("first", "all", "last");
			JsonNode score = json(pushFrame(phone));
			assertThat(score.get("pushType").asString()).isEqualTo("score");
		}
	}

	@Test
	void aBatchThatIsEmptyTooLongOrUnreadableIsRefusedWhole() {
		String key = key("push");
		Map<String, Object> one = Map.of("everyone", true, "type", "t", "payload", 1);
		assertProblem(push(key, "/batch", Map.of("pushes", List.of())), 400, "validation-failed");
		// the test profile allows 10 pushes a batch
		assertProblem(push(key, "/batch", Map.of("pushes", java.util.Collections.nCopies(11, one))), 400,
				"validation-failed");
		assertProblem(push(key, "/batch", "{\"pushes\": [oops"), 400, "malformed-request");
		assertProblem(push(null, "/batch", Map.of("pushes", List.of(one))), 401, "unauthenticated");
		assertProblem(push(key("rooms"), "/batch", Map.of("pushes", List.of(one))), 403, "forbidden");
	}

	@Test
	void eachKeyHasARateLimit() {
		String key = key("push");
		Session bob = this.api.newUser("target");
		Map<String, Object> body = Map.of("userIds", List.of(bob.userId()), "type", "t", "payload", Map.of());
		// the test profile allows 10 requests per second: 40 in a row pass it in some
		// second
		Response refused = null;
		for (int i = 0; i < 40 && refused == null; i++) {
			Response response = push(key, "/users", body);
			if (response.status() == 429) {
				refused = response;
			}
		}
		assertThat(refused).as("a 429 within 40 requests").isNotNull();
		assertProblem(refused, 429, "too-many-requests");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 2L);
	}

	@Test
	void aMalformedDeviceIdIsRefusedOnConnect() {
		Session alice = this.api.newUser("bad-device");
		try (RawStompClient client = RawStompClient.open(this.port, null)) {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("accept-version", "1.2");
			headers.put("host", "127.0.0.1");
			headers.put("Authorization", "Bearer " + alice.accessToken());
			headers.put("device-id", "not a valid id!");
			client.send("CONNECT", headers, "");
			Frame error = client.next(WAIT);
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("code")).isEqualTo("validation-failed");
		}
	}

	/** A connected device subscribed to its push queue, naming a device if given. */
	RawStompClient device(Session user, String deviceId) {
		RawStompClient client = RawStompClient.open(this.port, null);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("accept-version", "1.2");
		headers.put("host", "127.0.0.1");
		headers.put("heart-beat", "0,0");
		headers.put("Authorization", "Bearer " + user.accessToken());
		if (deviceId != null) {
			headers.put("device-id", deviceId);
		}
		client.send("CONNECT", headers, "");
		Frame connected = client.next(WAIT);
		assertThat(connected.command()).as(connected.toString()).isEqualTo("CONNECTED");
		client.subscribe("push", "/user/queue/push");
		return client;
	}

	/** A new key with the scopes, as an admin creates it. */
	String key(String... scopes) {
		Response created = this.api.post("/api/v1/admin/api-keys",
				Map.of("name", "test key", "scopes", List.of(scopes)), this.admin.accessToken());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("key").asString();
	}

	Response push(String key, String target, Object body) {
		HttpRequest.Builder request = this.api.request("/api/v1/push" + target, null)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString((body instanceof String raw) ? raw : JSON.writeValueAsString(body)));
		if (key != null) {
			request.header("X-Api-Key", key);
		}
		return this.api.send(request.build());
	}

	/**
	 * The next frame on the room subscription that is a push, skipping the room's counts.
	 */
	static Frame pushFrame(RawStompClient client) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Frame frame = client.nextOn("room", WAIT);
			if (frame != null && JSON.readTree(frame.body()).get("type").asString().equals("push")) {
				return frame;
			}
		}
		throw new AssertionError("No room push within " + WAIT);
	}

	static JsonNode find(String list, long id) {
		return JSON.readTree(list).valueStream().filter((k) -> k.get("id").asLong() == id).findFirst().orElseThrow();
	}

	static JsonNode json(Frame frame) {
		assertThat(frame).as("a frame within the wait").isNotNull();
		return JSON.readTree(frame.body());
	}

}
