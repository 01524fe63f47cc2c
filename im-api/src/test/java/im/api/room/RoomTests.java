package im.api.room;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
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
 * Live rooms as their audience meets them: subscribing to a room's topic, comments,
 * integrator pushes, the online count, refusals. Runs once per run mode.
 */
abstract class RoomTests {

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
	void theAudienceOfARoomHearsCommentsPushesAndItsCount() {
		String room = room(false, null);
		Session alice = this.api.newUser("viewer");
		Session bob = this.api.newUser("viewer");
		assertThat(this.api.get("/api/v1/rooms", alice.accessToken()).body()).contains("\"" + room + "\"");
		try (RawStompClient alices = join(alice, room); RawStompClient bobs = join(bob, room)) {
			alices.sendJson("/app/rooms.comment", JSON.writeValueAsString(Map.of("roomId", room, "text", "First!")));
			for (RawStompClient viewer : List.of(alices, bobs)) {
				JsonNode comment = next(viewer, "comment");
				assertThat(comment.get("roomId").asString()).isEqualTo(room);
				assertThat(comment.get("userId").asLong()).isEqualTo(alice.userId());
				assertThat(comment.get("displayName").asString()).isEqualTo("User " + alice.username());
				assertThat(comment.get("text").asString()).isEqualTo("First!");
				assertThat(comment.get("serverTime").asString()).isNotBlank();
			}
			// the count, pushed to the room every second in the test profile, and asked
			// for
			assertThat(awaitAudience(bobs, 2)).isEqualTo(2);
			assertThat(this.api.get("/api/v1/rooms/" + room, bob.accessToken()).json().get("online").asLong())
				.isEqualTo(2);

			String key = apiKey();
			Response pushed = push(key, room, Map.of("type", "score", "payload", Map.of("home", 2)));
			assertThat(pushed.status()).as(pushed.toString()).isEqualTo(202);
			assertThat(pushed.json().get("sessions").asLong()).isEqualTo(2);
			for (RawStompClient viewer : List.of(alices, bobs)) {
				JsonNode push = next(viewer, "push");
				assertThat(push.get("pushType").asString()).isEqualTo("score");
				assertThat(push.get("payload").get("home").asInt()).isEqualTo(2);
			}
			// a path as a client may encode it finds the same handler
			// (LiteralPrefixMapping)
			Response encoded = send("/api/v1/push/%72ooms/" + room, key, Map.of("type", "score", "payload", 3));
			assertThat(encoded.status()).as(encoded.toString()).isEqualTo(202);
			for (RawStompClient viewer : List.of(alices, bobs)) {
				assertThat(next(viewer, "push").get("payload").asInt()).isEqualTo(3);
			}
		}
		// leaving, by closing the connection, counts at once (shared within a second)
		long deadline = System.nanoTime() + WAIT.toNanos();
		long online;
		do {
			online = this.api.get("/api/v1/rooms/" + room, alice.accessToken()).json().get("online").asLong();
		}
		while (online != 0 && System.nanoTime() < deadline);
		assertThat(online).isZero();
	}

	/**
	 * A room's frame is encoded once per subscription id, not per subscriber: each
	 * subscription still gets its own id, and the frame its STOMP headers.
	 */
	@Test
	void everySubscriptionGetsTheRoomsFramesUnderItsOwnId() {
		String room = room(false, null);
		Session alice = this.api.newUser("viewer");
		Session bob = this.api.newUser("viewer");
		try (RawStompClient alices = device(alice); RawStompClient bobs = device(bob)) {
			// ids a client chose, one that STOMP must escape, one shared by both
			alices.subscribe("stage:1", "/topic/rooms/" + room);
			alices.subscribe("room", "/topic/rooms/" + room);
			bobs.subscribe("room", "/topic/rooms/" + room);
			Response pushed = push(apiKey(), room, Map.of("type", "score", "payload", Map.of("team", "Zoë")));
			assertThat(pushed.status()).as(pushed.toString()).isEqualTo(202);
			for (Frame frame : List.of(pushFrame(alices, "stage:1"), pushFrame(alices, "room"),
					pushFrame(bobs, "room"))) {
				assertThat(frame.header("destination")).isEqualTo("/topic/rooms/" + room);
				assertThat(frame.header("content-type")).isEqualTo("application/json");
				assertThat(frame.header("message-id")).isNotBlank();
				assertThat(Integer.parseInt(frame.header("content-length")))
					.isEqualTo(frame.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
				assertThat(JSON.readTree(frame.body()).get("payload").get("team").asString()).isEqualTo("Zoë");
			}
			// unsubscribed, the other subscription of the same connection goes on alone
			alices.send("UNSUBSCRIBE", Map.of("id", "stage:1", "receipt", "left"), "");
			assertThat(alices.next(WAIT).header("receipt-id")).isEqualTo("left");
			push(apiKey(), room, Map.of("type", "score", "payload", Map.of("team", "next")));
			assertThat(JSON.readTree(pushFrame(alices, "room").body()).get("payload").get("team").asString())
				.isEqualTo("next");
			assertThat(alices.nextOn("stage:1", Duration.ofMillis(500))).isNull();
		}
	}

	/** The next frame on the subscription with a push, skipping the room's counts. */
	static Frame pushFrame(RawStompClient client, String subscription) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Frame frame = client.nextOn(subscription, Duration.ofNanos(deadline - System.nanoTime()));
			if (frame != null && JSON.readTree(frame.body()).get("type").asString().equals("push")) {
				assertThat(frame.header("subscription")).isEqualTo(subscription);
				return frame;
			}
		}
		throw new AssertionError("No push on subscription " + subscription + " within " + WAIT);
	}

	@Test
	void aRoomKeepsItsLastCommentsForLateJoinersIfAsked() {
		String room = "kept-" + unique();
		assertThat(this.api
			.post("/api/v1/admin/rooms", Map.of("id", room, "title", "Kept", "keepLast", 2), this.admin.accessToken())
			.status()).isEqualTo(201);
		Session alice = this.api.newUser("early");
		List<String> ids = new java.util.ArrayList<>();
		try (RawStompClient alices = join(alice, room)) {
			for (int i = 1; i <= 3; i++) {
				alices.sendJson("/app/rooms.comment", JSON.writeValueAsString(Map.of("roomId", room, "text", "m" + i)));
				ids.add(next(alices, "comment").get("commentId").asString());
			}
		}
		Session late = this.api.newUser("late");
		JsonNode kept = this.api.get("/api/v1/rooms/" + room + "/comments", late.accessToken()).json();
		assertThat(kept.valueStream().map((c) -> c.get("text").asString()).toList()).containsExactly("m2", "m3");
		assertThat(kept.valueStream().map((c) -> c.get("commentId").asString()).toList())
			.containsExactlyElementsOf(ids.subList(1, 3));
		String plain = room(false, null);
		assertThat(this.api.get("/api/v1/rooms/" + plain + "/comments", late.accessToken()).json()).isEmpty();
		Response tooMany = this.api.post("/api/v1/admin/rooms",
				Map.of("id", "x-" + unique(), "title", "x", "keepLast", 1000), this.admin.accessToken());
		assertProblem(tooMany, 400, "validation-failed");
		assertThat(tooMany.json().get("errors").get(0).get("field").asString()).as("the field to correct")
			.isEqualTo("keepLast");
	}

	@Test
	void aMembersOnlyRoomAdmitsItsMembersOnly() {
		String room = room(true, null);
		Session member = this.api.newUser("member");
		Session stranger = this.api.newUser("stranger");
		assertThat(this.api
			.post("/api/v1/admin/rooms/" + room + "/members", Map.of("userIds", List.of(member.userId())),
					this.admin.accessToken())
			.status()).isEqualTo(204);
		try (RawStompClient members = join(member, room)) {
			members.sendJson("/app/rooms.comment", JSON.writeValueAsString(Map.of("roomId", room, "text", "inside")));
			assertThat(next(members, "comment").get("text").asString()).as("the member takes part in the room")
				.isEqualTo("inside");
		}
		assertThat(this.api.get("/api/v1/rooms", stranger.accessToken()).body()).doesNotContain("\"" + room + "\"");
		assertProblem(this.api.get("/api/v1/rooms/" + room, stranger.accessToken()), 403, "forbidden");
		Frame refused = refusedJoin(stranger, room);
		assertThat(refused.header("code")).isEqualTo("forbidden");
		assertThat(refused.header("message")).contains("members only");
	}

	@Test
	void aFullRoomRefusesTheNextOne() {
		String room = room(false, 1);
		try (RawStompClient first = join(this.api.newUser("first"), room)) {
			Session late = this.api.newUser("late");
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (this.api.get("/api/v1/rooms/" + room, late.accessToken()).json().get("online").asLong() < 1
					&& System.nanoTime() < deadline) {
				pause(100);
			}
			assertThat(refusedJoin(late, room).header("code")).isEqualTo("room-full");
		}
	}

	@Test
	void commentsAreRefusedWithTheReason() {
		String room = room(false, null);
		Session alice = this.api.newUser("commenter");
		try (RawStompClient outside = device(alice)) {
			outside.sendJson("/app/rooms.comment",
					JSON.writeValueAsString(Map.of("roomId", room, "text", "hi", "requestId", "c0")));
			assertError(outside, "c0", "forbidden");
		}
		try (RawStompClient alices = join(alice, room)) {
			alices.sendJson("/app/rooms.comment",
					JSON.writeValueAsString(Map.of("roomId", room, "text", "x".repeat(501), "requestId", "c1")));
			assertError(alices, "c1", "validation-failed");
			alices.sendJson("/app/rooms.comment", JSON.writeValueAsString(Map.of("roomId", room, "requestId", "c2")));
			assertError(alices, "c2", "validation-failed");
			// the test profile allows 3 comments per 10 seconds
			for (int i = 0; i < 4; i++) {
				alices.sendJson("/app/rooms.comment",
						JSON.writeValueAsString(Map.of("roomId", room, "text", "m" + i, "requestId", "r" + i)));
			}
			assertError(alices, "r3", "too-many-requests");
		}
	}

	@Test
	void aClosedRoomTellsItsAudienceAndTakesNobodyMore() {
		String room = room(false, null);
		Session alice = this.api.newUser("viewer");
		try (RawStompClient alices = join(alice, room)) {
			Response closed = this.api
				.send(this.api.request("/api/v1/admin/rooms/" + room, this.admin.accessToken()).DELETE().build());
			assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
			assertThat(closed.json().get("closedAt").isNull()).isFalse();
			assertThat(next(alices, "room-closed").get("roomId").asString()).isEqualTo(room);
			// and is taken out of it, while still connected
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> this.api.get("/api/v1/admin/rooms/" + room, this.admin.accessToken())
					.json()
					.get("online")
					.asLong() == 0);
			alices.sendJson("/app/rooms.comment",
					JSON.writeValueAsString(Map.of("roomId", room, "text", "still here?", "requestId", "late")));
			assertError(alices, "late", "room-closed");
		}
		assertThat(this.api.get("/api/v1/rooms", alice.accessToken()).body()).doesNotContain("\"" + room + "\"");
		assertThat(refusedJoin(alice, room).header("code")).isEqualTo("room-closed");
		assertProblem(push(apiKey(), room, Map.of("type", "t", "payload", 1)), 410, "room-closed");
		assertProblem(push(apiKey(), "no-such-room", Map.of("type", "t", "payload", 1)), 404, "not-found");
	}

	@Test
	void onlyAdminsCreateRoomsAndIdsAreChecked() {
		Session user = this.api.newUser("not-admin");
		assertProblem(this.api.post("/api/v1/admin/rooms", Map.of("id", "mine", "title", "Mine"), user.accessToken()),
				403, "forbidden");
		assertProblem(
				this.api.post("/api/v1/admin/rooms", Map.of("id", "Not Valid", "title", "x"), this.admin.accessToken()),
				400, "validation-failed");
		assertProblem(this.api.post("/api/v1/admin/rooms", Map.of("id", "x-" + unique(), "title", ""),
				this.admin.accessToken()), 400, "validation-failed");
		String room = room(false, null);
		assertProblem(
				this.api.post("/api/v1/admin/rooms", Map.of("id", room, "title", "again"), this.admin.accessToken()),
				409, "room-exists");
	}

	@Test
	void guestsFollowThePublicRoomsThatAllowThemAndDoNothingElse() {
		String open = "guests-" + unique();
		assertThat(this.api
			.post("/api/v1/admin/rooms", Map.of("id", open, "title", "Open", "guestsAllowed", true),
					this.admin.accessToken())
			.json()
			.get("guestsAllowed")
			.asBoolean()).isTrue();
		String closedToGuests = room(false, null);
		Session alice = this.api.newUser("speaker");
		try (RawStompClient guest = guest(); RawStompClient alices = join(alice, open)) {
			guest.subscribe("room", "/topic/rooms/" + open);
			alices.sendJson("/app/rooms.comment", JSON.writeValueAsString(Map.of("roomId", open, "text", "Welcome")));
			assertThat(next(guest, "comment").get("text").asString()).isEqualTo("Welcome");
			assertThat(awaitAudience(alices, 2)).as("guests count in the audience").isEqualTo(2);
			// read-only: a guest's comment closes its connection with an ERROR frame
			guest.sendJson("/app/rooms.comment", JSON.writeValueAsString(Map.of("roomId", open, "text", "spam")));
			Frame refused = guest.next(WAIT);
			assertThat(refused.command()).isEqualTo("ERROR");
			assertThat(refused.header("code")).isEqualTo("forbidden");
		}
		try (RawStompClient guest = guest()) {
			guest.send("SUBSCRIBE", Map.of("id", "q", "destination", "/user/queue/messages", "receipt", "r"), "");
			assertThat(guest.next(WAIT).header("code")).isEqualTo("forbidden");
		}
		try (RawStompClient guest = guest()) {
			guest.send("SUBSCRIBE",
					Map.of("id", "room", "destination", "/topic/rooms/" + closedToGuests, "receipt", "r"), "");
			Frame refused = guest.next(WAIT);
			assertThat(refused.header("code")).isEqualTo("forbidden");
			assertThat(refused.header("message")).contains("not open to guests");
		}
		assertProblem(this.api.post("/api/v1/admin/rooms",
				Map.of("id", "x-" + unique(), "title", "x", "membersOnly", true, "guestsAllowed", true),
				this.admin.accessToken()), 400, "validation-failed");
	}

	/** A connection without an account, as a guest. */
	RawStompClient guest() {
		RawStompClient client = RawStompClient.open(this.port, null);
		client.send("CONNECT",
				Map.of("accept-version", "1.2", "host", "127.0.0.1", "heart-beat", "0,0", "guest", "true"), "");
		Frame connected = client.next(WAIT);
		assertThat(connected.command()).as(connected.toString()).isEqualTo("CONNECTED");
		return client;
	}

	@Test
	void integratorsWithTheRoomsScopeManageRooms() {
		String rooms = this.api
			.post("/api/v1/admin/api-keys", Map.of("name", "stream service", "scopes", List.of("rooms")),
					this.admin.accessToken())
			.json()
			.get("key")
			.asString();
		String id = "by-key-" + unique();
		Response created = withKey(rooms, "/api/v1/admin/rooms", "POST",
				Map.of("id", id, "title", "Made by a service", "membersOnly", true));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("createdBy").asString()).startsWith("api-key:");
		Session member = this.api.newUser("admitted");
		assertThat(withKey(rooms, "/api/v1/admin/rooms/" + id + "/members", "POST",
				Map.of("userIds", List.of(member.userId())))
			.status()).isEqualTo(204);
		try (RawStompClient members = join(member, id)) {
			members.sendJson("/app/rooms.comment", JSON.writeValueAsString(Map.of("roomId", id, "text", "admitted")));
			assertThat(next(members, "comment").get("text").asString()).as("the key's member takes part in the room")
				.isEqualTo("admitted");
		}
		assertThat(withKey(rooms, "/api/v1/admin/rooms/" + id, "DELETE", null).status()).isEqualTo(200);

		// a key reaches what its scopes say, and nothing else
		assertProblem(withKey(apiKey(), "/api/v1/admin/rooms", "POST", Map.of("id", "x-" + unique(), "title", "x")),
				403, "forbidden");
		assertProblem(withKey(rooms, "/api/v1/admin/api-keys", "GET", null), 403, "forbidden");
		assertProblem(withKey(rooms, "/api/v1/rooms", "GET", null), 403, "forbidden");
		assertProblem(withKey("imk_unknown", "/api/v1/admin/rooms", "POST", Map.of("id", "y", "title", "y")), 401,
				"api-key-invalid");
	}

	Response withKey(String key, String path, String method, Object body) {
		HttpRequest.Builder request = this.api.request(path, null).header("X-Api-Key", key);
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.api.send(request.build());
	}

	String room(boolean membersOnly, Integer maxAudience) {
		String id = "room-" + unique();
		Map<String, Object> body = new java.util.HashMap<>(
				Map.of("id", id, "title", "Launch " + id, "membersOnly", membersOnly));
		if (maxAudience != null) {
			body.put("maxAudience", maxAudience);
		}
		Response created = this.api.post("/api/v1/admin/rooms", body, this.admin.accessToken());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("online").asLong()).isZero();
		return id;
	}

	RawStompClient device(Session user) {
		RawStompClient client = RawStompClient.open(this.port, null);
		assertThat(client.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
		client.subscribe("errors", "/user/queue/errors");
		return client;
	}

	RawStompClient join(Session user, String room) {
		RawStompClient client = device(user);
		client.subscribe("room", "/topic/rooms/" + room);
		return client;
	}

	/** The ERROR frame a refused SUBSCRIBE to the room gets. */
	Frame refusedJoin(Session user, String room) {
		try (RawStompClient client = device(user)) {
			client.send("SUBSCRIBE", Map.of("id", "room", "destination", "/topic/rooms/" + room, "receipt", "r"), "");
			Frame frame = client.next(WAIT);
			assertThat(frame.command()).as(frame.toString()).isEqualTo("ERROR");
			return frame;
		}
	}

	String apiKey() {
		return this.api
			.post("/api/v1/admin/api-keys", Map.of("name", "rooms", "scopes", List.of("push")),
					this.admin.accessToken())
			.json()
			.get("key")
			.asString();
	}

	Response push(String key, String room, Map<String, ?> body) {
		return send("/api/v1/push/rooms/" + room, key, body);
	}

	Response send(String path, String key, Map<String, ?> body) {
		return this.api.send(this.api.request(path, null)
			.header("Content-Type", "application/json")
			.header("X-Api-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build());
	}

	/** The next room event of the type, skipping others (the count comes any time). */
	static JsonNode next(RawStompClient client, String type) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Frame frame = client.nextOn("room", Duration.ofNanos(deadline - System.nanoTime()));
			if (frame != null && JSON.readTree(frame.body()).get("type").asString().equals(type)) {
				return JSON.readTree(frame.body());
			}
		}
		throw new AssertionError("No '" + type + "' in the room within " + WAIT);
	}

	/** Waits for an audience event with the count; returns the last count heard. */
	static long awaitAudience(RawStompClient client, long expected) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		long online = -1;
		while (online != expected && System.nanoTime() < deadline) {
			online = next(client, "audience").get("online").asLong();
		}
		return online;
	}

	static void assertError(RawStompClient client, String requestId, String code) {
		Frame frame = client.nextOn("errors", WAIT);
		assertThat(frame).as("an error for " + requestId).isNotNull();
		JsonNode error = JSON.readTree(frame.body());
		assertThat(error.get("code").asString()).as(error.toString()).isEqualTo(code);
		assertThat(error.get("requestId").asString()).isEqualTo(requestId);
	}

	static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
