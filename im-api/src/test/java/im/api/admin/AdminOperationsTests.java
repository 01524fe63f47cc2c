package im.api.admin;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import im.api.room.RoomTestsSupport;
import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.CallDevice;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations behind the console's dashboard, room list and announcements, over every
 * instance. Runs once per run mode.
 */
abstract class AdminOperationsTests {

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
	void theDashboardCountsWhoIsOnlineTrafficRoomsAndCalls() {
		JsonNode before = dashboard();
		Session alice = this.api.newUser("dash");
		Session bob = this.api.newUser("board");
		String room = "dash-" + unique();
		this.api.post("/api/v1/admin/rooms", Map.of("id", room, "title", "Town hall"), this.admin.accessToken());
		long conversation = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		try (CallDevice alices = CallDevice.connect(this.port, alice);
				RawStompClient bobs = RawStompClient.open(this.port, null)) {
			bobs.connect(bob.accessToken());
			bobs.subscribe("room", "/topic/rooms/" + room);
			this.api.post("/api/v1/conversations/" + conversation + "/messages",
					Map.of("clientMsgId", "d1", "type", "TEXT", "text", "hi"), alice.accessToken());
			alices.send("start", Map.of("conversationId", conversation, "kind", "AUDIO"));
			alices.next("call-ringing");

			Awaitility.await().atMost(WAIT).untilAsserted(() -> {
				JsonNode now = dashboard();
				assertThat(now.get("usersOnline").asLong()).isGreaterThanOrEqualTo(2);
				assertThat(now.get("connections").asLong())
					.isGreaterThanOrEqualTo(before.get("connections").asLong() + 2);
				long perInstance = now.get("connectionsPerInstance").valueStream().mapToLong(JsonNode::asLong).sum();
				assertThat(perInstance).isEqualTo(now.get("connections").asLong());
				assertThat(now.get("messagesLastMinute").asLong())
					.isGreaterThanOrEqualTo(before.get("messagesLastMinute").asLong() + 1);
				assertThat(now.get("activeCalls").asLong())
					.isGreaterThanOrEqualTo(before.get("activeCalls").asLong() + 1);
				JsonNode listed = now.get("liveRooms")
					.valueStream()
					.filter((entry) -> entry.get("id").asString().equals(room))
					.findFirst()
					.orElseThrow();
				assertThat(listed.get("title").asString()).isEqualTo("Town hall");
				assertThat(listed.get("online").asLong()).isEqualTo(1);
			});
		}
	}

	@Test
	void anAnnouncementReachesEveryoneOnlineOrOneRoom() {
		Session carol = this.api.newUser("notice");
		String room = "notice-" + unique();
		this.api.post("/api/v1/admin/rooms", Map.of("id", room, "title", "Stage", "guestsAllowed", true),
				this.admin.accessToken());
		try (RawStompClient carols = RawStompClient.open(this.port, null);
				RawStompClient guest = RawStompClient.open(this.port, null)) {
			carols.connect(carol.accessToken());
			carols.subscribe("push", "/user/queue/push");
			guest.send("CONNECT",
					Map.of("accept-version", "1.2", "host", "127.0.0.1", "heart-beat", "0,0", "guest", "true"), "");
			assertThat(guest.next(WAIT).command()).isEqualTo("CONNECTED");
			guest.subscribe("room", "/topic/rooms/" + room);

			Response everyone = this.api.post("/api/v1/admin/announcements",
					Map.of("text", "Maintenance at 22:00 <b>UTC</b>"), this.admin.accessToken());
			assertThat(everyone.status()).as(everyone.toString()).isEqualTo(202);
			assertThat(everyone.json().get("sessions").asLong()).isGreaterThanOrEqualTo(1);
			JsonNode notice = awaitPush(carols, "Maintenance at 22:00 <b>UTC</b>");
			assertThat(notice.get("type").asString()).isEqualTo("system-announcement");

			// the answer counts the room's audience, which is at most a second or two old
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> this.api.get("/api/v1/admin/rooms", this.admin.accessToken())
					.json()
					.valueStream()
					.anyMatch((listed) -> listed.get("id").asString().equals(room)
							&& listed.get("online").asLong() == 1));
			Response toRoom = this.api.post("/api/v1/admin/announcements",
					Map.of("text", "Q&A starts now", "roomId", room), this.admin.accessToken());
			assertThat(toRoom.status()).isEqualTo(202);
			assertThat(toRoom.json().get("sessions").asLong()).isEqualTo(1);
			JsonNode pushed = RoomTestsSupport.next(guest, "push");
			assertThat(pushed.get("pushType").asString()).isEqualTo("system-announcement");
			assertThat(pushed.get("payload").get("text").asString()).isEqualTo("Q&A starts now");
		}
		assertProblem(this.api.post("/api/v1/admin/announcements", Map.of("text", "  "), this.admin.accessToken()), 400,
				"validation-failed");
		assertProblem(this.api.post("/api/v1/admin/announcements", Map.of("text", "x", "roomId", "no-such-room"),
				this.admin.accessToken()), 404, "not-found");
		assertProblem(this.api.post("/api/v1/admin/announcements", Map.of("text", "x"), carol.accessToken()), 403,
				"forbidden");
	}

	@Test
	void adminsSeeChangeAndCloseEveryOpenRoomMembersOnlyOnesToo() {
		String secret = "secret-" + unique();
		this.api.post("/api/v1/admin/rooms", Map.of("id", secret, "title", "Board", "membersOnly", true),
				this.admin.accessToken());
		JsonNode rooms = this.api.get("/api/v1/admin/rooms", this.admin.accessToken()).json();
		assertThat(rooms.valueStream().map((room) -> room.get("id").asString())).contains(secret);
		Session user = this.api.newUser("outsider");
		assertThat(this.api.get("/api/v1/rooms", user.accessToken()).body()).doesNotContain(secret);
		assertProblem(this.api.get("/api/v1/admin/rooms", user.accessToken()), 403, "forbidden");
		JsonNode changed = this.api
			.patch("/api/v1/admin/rooms/" + secret,
					Map.of("title", "Board of directors", "maxAudience", 50, "keepLast", 5), this.admin.accessToken())
			.json();
		assertThat(changed.get("title").asString()).isEqualTo("Board of directors");
		assertThat(changed.get("maxAudience").asInt()).isEqualTo(50);
		assertThat(changed.get("keepLast").asInt()).isEqualTo(5);
		assertThat(changed.get("membersOnly").asBoolean()).isTrue();
		assertThat(this.api.patch("/api/v1/admin/rooms/" + secret, Map.of("maxAudience", 0), this.admin.accessToken())
			.json()
			.get("maxAudience")
			.isNull()).as("0 removes the cap").isTrue();
		assertProblem(this.api.patch("/api/v1/admin/rooms/" + secret, Map.of("guestsAllowed", true),
				this.admin.accessToken()), 400, "validation-failed");
		assertProblem(this.api.patch("/api/v1/admin/rooms/" + secret, Map.of("title", " "), this.admin.accessToken()),
				400, "validation-failed");
		assertProblem(
				this.api.patch("/api/v1/admin/rooms/no-such-room", Map.of("title", "x"), this.admin.accessToken()), 404,
				"not-found");
		this.api.delete("/api/v1/admin/rooms/" + secret, this.admin.accessToken());
		assertThat(this.api.get("/api/v1/admin/rooms", this.admin.accessToken()).body()).doesNotContain(secret);
		assertProblem(
				this.api.patch("/api/v1/admin/rooms/" + secret, Map.of("title", "Again"), this.admin.accessToken()),
				410, "room-closed");
	}

	@Test
	void theDashboardKeepsItsFiguresOverTimeForTheCharts() {
		Session alice = this.api.newUser("chart");
		Session bob = this.api.newUser("plot");
		long conversation = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		String key = this.api
			.post("/api/v1/admin/api-keys", Map.of("name", "charts", "scopes", List.of("push")),
					this.admin.accessToken())
			.json()
			.get("key")
			.asString();
		this.api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", "c-" + unique(), "type", "TEXT", "text", "for the chart"), alice.accessToken());
		Response pushed = this.api.send(this.api.request("/api/v1/push/users", null)
			.header("Content-Type", "application/json")
			.header("X-Api-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
					Map.of("userIds", List.of(bob.userId()), "type", "chart", "payload", Map.of("n", 1)))))
			.build());
		assertThat(pushed.status()).as(pushed.toString()).isEqualTo(202);

		Awaitility.await().atMost(WAIT).untilAsserted(() -> {
			JsonNode history = history("1h");
			int points = history.get("times").size();
			assertThat(points).isGreaterThanOrEqualTo(2);
			for (String column : List.of("usersOnline", "connections", "messagesPerMinute", "pushesPerMinute", "calls",
					"errorsPerMinute")) {
				assertThat(history.get(column).size()).as(column).isEqualTo(points);
			}
			assertThat(last(history, "messagesPerMinute")).isGreaterThanOrEqualTo(1);
			assertThat(last(history, "pushesPerMinute")).isGreaterThanOrEqualTo(1);
		});
		JsonNode day = history("24h");
		assertThat(day.get("window").asLong()).isEqualTo(86_400);
		assertThat(day.get("times").size()).isGreaterThanOrEqualTo(2);
		assertProblem(this.api.get("/api/v1/admin/dashboard/history?window=2h", this.admin.accessToken()), 400,
				"validation-failed");
		assertProblem(this.api.get("/api/v1/admin/dashboard/history", alice.accessToken()), 403, "forbidden");
	}

	private JsonNode history(String window) {
		Response response = this.api.get("/api/v1/admin/dashboard/history?window=" + window, this.admin.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static long last(JsonNode history, String column) {
		JsonNode values = history.get(column);
		return values.get(values.size() - 1).asLong();
	}

	private JsonNode dashboard() {
		Response response = this.api.get("/api/v1/admin/dashboard", this.admin.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode awaitPush(RawStompClient client, String text) {
		long until = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < until) {
			Frame frame = client.nextOn("push", WAIT);
			if (frame != null) {
				JsonNode push = JSON.readTree(frame.body());
				if (push.get("payload").get("text").asString().equals(text)) {
					return push;
				}
			}
		}
		throw new AssertionError("No push with text " + text);
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
