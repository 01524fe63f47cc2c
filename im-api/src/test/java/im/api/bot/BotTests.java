package im.api.bot;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.Images;
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
 * Bots and the directory, as integrators meet them: an administrator creates a bot with
 * its key; members add it to their conversations; with the key it sends, edits, recalls
 * and reads over REST, shown as a bot to everyone, and reaches nothing else. A key of
 * scope {@code users:read} reads the user directory in the order users changed. Runs once
 * per run mode.
 */
abstract class BotTests {

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
	void aBotAddedToAGroupSendsEditsRecallsAndReadsAsABot() throws IOException {
		JsonNode created = createBot("helpdesk");
		String key = created.get("key").asString();
		JsonNode bot = created.get("bot");
		long botId = bot.get("id").asLong();
		assertThat(key).startsWith("imk_");
		assertThat(bot.get("banned").asBoolean()).isFalse();
		assertThat(bot.get("ownerId").asLong()).as("the creating admin, when none is named")
			.isEqualTo(this.admin.userId());
		assertThat(bot.get("keys")).hasSize(1);
		assertThat(bot.get("keys").get(0).get("scopes").toString()).isEqualTo("[\"messages\"]");
		assertThat(bot.get("keys").get(0).get("botId").asLong()).isEqualTo(botId);
		assertThat(this.api.get("/api/v1/admin/bots", this.admin.accessToken()).body())
			.contains(bot.get("username").asString())
			.doesNotContain(key);

		Session alice = this.api.newUser("bot-friend");
		assertThat(this.api.get("/api/v1/users/" + botId, alice.accessToken()).json().get("bot").asBoolean())
			.as("shown as a bot to everyone")
			.isTrue();
		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Support", "memberIds", List.of(botId)),
					alice.accessToken())
			.json()
			.get("id")
			.asLong();

		try (RawStompClient alices = device(alice)) {
			Response sent = keyed("POST", "/api/v1/conversations/" + group + "/messages",
					Map.of("clientMsgId", "bot-1", "type", "TEXT", "text", "How can I help?"), key);
			assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
			long seq = sent.json().get("seq").asLong();
			Response again = keyed("POST", "/api/v1/conversations/" + group + "/messages",
					Map.of("clientMsgId", "bot-1", "type", "TEXT", "text", "How can I help?"), key);
			assertThat(again.status()).as("a retry is stored once").isEqualTo(200);
			assertThat(again.json().get("duplicate").asBoolean()).isTrue();
			assertThat(again.json().get("seq").asLong()).isEqualTo(seq);

			JsonNode received = messageWithText(alices, "How can I help?");
			assertThat(received.get("senderId").asLong()).isEqualTo(botId);
			assertThat(received.get("bot").asBoolean()).as("marked as a bot's").isTrue();

			JsonNode history = keyed("GET", "/api/v1/conversations/" + group + "/messages", null, key).json();
			JsonNode stored = last(history.get("messages"));
			assertThat(stored.get("seq").asLong()).isEqualTo(seq);
			assertThat(stored.get("bot").asBoolean()).isTrue();
			JsonNode alicesView = last(this.api.get("/api/v1/conversations/" + group + "/messages", alice.accessToken())
				.json()
				.get("messages"));
			assertThat(alicesView.get("bot").asBoolean()).isTrue();

			Response edited = keyed("PATCH", "/api/v1/conversations/" + group + "/messages/" + seq,
					Map.of("text", "How may I help?"), key);
			assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
			assertThat(edited.json().get("text").asString()).isEqualTo("How may I help?");
			Response recalled = keyed("DELETE", "/api/v1/conversations/" + group + "/messages/" + seq, null, key);
			assertThat(recalled.status()).as(recalled.toString()).isEqualTo(200);
			assertThat(recalled.json().get("recalled").asBoolean()).isTrue();

			assertThat(keyed("GET", "/api/v1/conversations", null, key).body()).contains("\"Support\"");

			Response fromAlice = this.api.post("/api/v1/conversations/" + group + "/messages",
					Map.of("clientMsgId", "alice-1", "type", "TEXT", "text", "Thanks"), alice.accessToken());
			assertThat(fromAlice.status()).isEqualTo(201);
			assertThat(messageWithText(alices, "Thanks").get("bot").asBoolean()).as("a person's is not").isFalse();

			// media and a reply, as a user sends them
			Response uploaded = this.api.uploadWithKey(key, "IMAGE", "chart.png", "image/png", Images.png(40, 30));
			assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
			Response image = keyed("POST", "/api/v1/conversations/" + group + "/messages",
					Map.of("clientMsgId", "bot-2", "type", "IMAGE", "mediaId", uploaded.json().get("id").asString(),
							"replyToSeq", fromAlice.json().get("seq").asLong()),
					key);
			assertThat(image.status()).as(image.toString()).isEqualTo(201);
			JsonNode withImage = nextMessage(alices);
			assertThat(withImage.get("type").asString()).isEqualTo("IMAGE");
			assertThat(withImage.get("media").get("id").asString()).isEqualTo(uploaded.json().get("id").asString());
			assertThat(withImage.get("replyToSeq").asLong()).isEqualTo(fromAlice.json().get("seq").asLong());
			assertThat(withImage.get("bot").asBoolean()).isTrue();
		}
	}

	@Test
	void aBotsKeyReachesItsConversationsAndNothingElse() {
		JsonNode created = createBot("narrow");
		String key = created.get("key").asString();
		long botId = created.get("bot").get("id").asLong();
		Session alice = this.api.newUser("stranger");
		Session bob = this.api.newUser("stranger");
		long theirs = this.api.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();

		assertProblem(keyed("POST", "/api/v1/conversations/" + theirs + "/messages",
				Map.of("clientMsgId", "x", "type", "TEXT", "text", "hi"), key), 403, "not-a-member");
		assertProblem(keyed("GET", "/api/v1/conversations/" + theirs + "/messages", null, key), 403, "not-a-member");
		assertProblem(
				keyed("POST", "/api/v1/conversations/groups", Map.of("name", "Mine", "memberIds", List.of()), key), 403,
				"forbidden");
		assertProblem(keyed("GET", "/api/v1/admin/users", null, key), 403, "forbidden");
		assertProblem(keyed("GET", "/api/v1/calls/ice-servers", null, key), 403, "forbidden");
		Response push = keyed("POST", "/api/v1/push/users",
				Map.of("userIds", List.of(alice.userId()), "type", "t", "payload", Map.of()), key);
		assertProblem(push, 403, "forbidden");
		assertThat(push.json().get("detail").asString()).contains("lacks the scope 'push'");

		// it never signs in, whatever its password
		String username = created.get("bot").get("username").asString();
		assertThat(this.api
			.post("/api/v1/admin/users/" + botId + "/password", Map.of("newPassword", "a-password-for-the-bot"),
					this.admin.accessToken())
			.status()).isEqualTo(204);
		Response login = this.api.post("/api/v1/auth/login",
				Map.of("username", username, "password", "a-password-for-the-bot"), null);
		assertProblem(login, 403, "forbidden");
		assertThat(login.json().get("detail").asString()).contains("Bots do not sign in");

		// the 'messages' scope comes only with a bot
		Response generic = this.api.post("/api/v1/admin/api-keys",
				Map.of("name", "would-be bot", "scopes", List.of("messages")), this.admin.accessToken());
		assertProblem(generic, 400, "validation-failed");
		assertThat(generic.json().get("detail").asString()).contains("/api/v1/admin/bots");

		// banned, its key is refused; a new key replaces the old one
		assertThat(this.api
			.put("/api/v1/admin/users/" + botId + "/ban", Map.of("reason", "spam"), this.admin.accessToken())
			.status()).isEqualTo(200);
		assertProblem(keyed("GET", "/api/v1/conversations", null, key), 403, "account-banned");
		assertThat(this.api.delete("/api/v1/admin/users/" + botId + "/ban", this.admin.accessToken()).status())
			.isEqualTo(200);
		Response renewed = this.api.post("/api/v1/admin/bots/" + botId + "/key", Map.of(), this.admin.accessToken());
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		String newKey = renewed.json().get("key").asString();
		assertProblem(keyed("GET", "/api/v1/conversations", null, key), 401, "api-key-invalid");
		assertThat(keyed("GET", "/api/v1/conversations", null, newKey).status()).isEqualTo(200);
		assertProblem(
				this.api.post("/api/v1/admin/bots/" + alice.userId() + "/key", Map.of(), this.admin.accessToken()), 404,
				"not-found");

		Response taken = this.api.post("/api/v1/admin/bots", Map.of("username", username, "displayName", "Again"),
				this.admin.accessToken());
		assertProblem(taken, 409, "username-taken");
		assertProblem(this.api.post("/api/v1/admin/bots", Map.of("username", "x", "displayName", ""),
				this.admin.accessToken()), 400, "validation-failed");
		assertProblem(this.api.get("/api/v1/admin/bots", alice.accessToken()), 403, "forbidden");
	}

	@Test
	void anIncomingWebhookPostsIntoItsConversationAsItsBot() {
		JsonNode bot = createBot("notifier").get("bot");
		long botId = bot.get("id").asLong();
		Session alice = this.api.newUser("hooked");
		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Builds", "memberIds", List.of(botId)),
					alice.accessToken())
			.json()
			.get("id")
			.asLong();
		long elsewhere = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Elsewhere", "memberIds", List.of()),
					alice.accessToken())
			.json()
			.get("id")
			.asLong();
		Response notMember = this.api.post("/api/v1/admin/incoming-webhooks",
				Map.of("name", "CI", "botId", botId, "conversationId", elsewhere), this.admin.accessToken());
		assertProblem(notMember, 400, "validation-failed");
		assertThat(notMember.json().get("detail").asString()).contains("not a member");

		Response created = this.api.post("/api/v1/admin/incoming-webhooks",
				Map.of("name", "CI", "botId", botId, "conversationId", group), this.admin.accessToken());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String path = created.json().get("path").asString();
		long hookId = created.json().get("webhook").get("id").asLong();
		assertThat(path).startsWith("/api/v1/hooks/imh_");
		assertThat(this.api.get("/api/v1/admin/incoming-webhooks", this.admin.accessToken()).body()).contains("\"CI\"")
			.doesNotContain(path.substring("/api/v1/hooks/".length()));

		try (RawStompClient alices = device(alice)) {
			Response posted = this.api.post(path, Map.of("text", "Build 812 passed"), null);
			assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
			JsonNode message = messageWithText(alices, "Build 812 passed");
			assertThat(message.get("senderId").asLong()).isEqualTo(botId);
			assertThat(message.get("bot").asBoolean()).isTrue();
			Response once = this.api.post(path, Map.of("text", "Build 813 passed", "clientMsgId", "build-813"), null);
			Response twice = this.api.post(path, Map.of("text", "Build 813 passed", "clientMsgId", "build-813"), null);
			assertThat(once.status()).isEqualTo(201);
			assertThat(twice.status()).isEqualTo(200);
			assertThat(twice.json().get("seq").asLong()).isEqualTo(once.json().get("seq").asLong());
		}
		assertProblem(this.api.post(path, Map.of("text", ""), null), 400, "validation-failed");
		assertProblem(this.api.post(path, Map.of(), null), 400, "validation-failed");
		assertProblem(this.api.post("/api/v1/hooks/imh_not-a-token", Map.of("text", "hi"), null), 404, "not-found");

		assertThat(this.api.delete("/api/v1/admin/incoming-webhooks/" + hookId, this.admin.accessToken()).status())
			.isEqualTo(200);
		assertProblem(this.api.post(path, Map.of("text", "after revoking"), null), 404, "not-found");
	}

	@Test
	void anIncomingWebhookPostsAtMostItsRate() {
		long botId = createBot("chatty").get("bot").get("id").asLong();
		Session alice = this.api.newUser("flooded");
		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Flood", "memberIds", List.of(botId)),
					alice.accessToken())
			.json()
			.get("id")
			.asLong();
		String path = this.api
			.post("/api/v1/admin/incoming-webhooks", Map.of("name", "Flood", "botId", botId, "conversationId", group),
					this.admin.accessToken())
			.json()
			.get("path")
			.asString();
		for (int i = 0; i < 5; i++) {
			assertThat(this.api.post(path, Map.of("text", "flood " + i), null).status()).isEqualTo(201);
		}
		Response refused = this.api.post(path, Map.of("text", "one too many"), null);
		assertProblem(refused, 429, "too-many-requests");
		assertThat(refused.header("Retry-After")).isNotBlank();
	}

	@Test
	void aDirectorySyncReadsUsersInTheOrderTheyChanged() {
		String key = this.api
			.post("/api/v1/admin/api-keys", Map.of("name", "directory sync", "scopes", List.of("users:read")),
					this.admin.accessToken())
			.json()
			.get("key")
			.asString();
		Session carol = this.api.newUser("synced");
		Session dave = this.api.newUser("synced");

		List<JsonNode> everyone = new ArrayList<>();
		JsonNode next = null;
		do {
			String query = (next == null) ? "limit=500" : "limit=500&updatedAfter="
					+ next.get("updatedAfter").asString() + "&afterId=" + next.get("afterId").asLong();
			JsonNode page = keyed("GET", "/api/v1/directory/users?" + query, null, key).json();
			page.get("users").forEach(everyone::add);
			next = page.get("next");
		}
		while (next != null && !next.isNull());
		List<Long> ids = everyone.stream().map((user) -> user.get("id").asLong()).toList();
		assertThat(ids).contains(carol.userId(), dave.userId()).doesNotHaveDuplicates();
		assertThat(ids.indexOf(dave.userId())).as("in the order they changed")
			.isGreaterThan(ids.indexOf(carol.userId()));
		JsonNode carols = everyone.get(ids.indexOf(carol.userId()));
		assertThat(carols.get("username").asString()).isEqualTo(carol.username());
		assertThat(carols.get("bot").asBoolean()).isFalse();
		assertThat(carols.has("passwordHash")).isFalse();

		// a page of two from the cursor before dave: dave and then what changed after
		JsonNode beforeDave = everyone.get(ids.indexOf(dave.userId()) - 1);
		JsonNode two = keyed("GET", "/api/v1/directory/users?limit=2&updatedAfter="
				+ beforeDave.get("updatedAt").asString() + "&afterId=" + beforeDave.get("id").asLong(), null, key)
			.json();
		assertThat(two.get("users").get(0).get("id").asLong()).isEqualTo(dave.userId());

		// carol changes her name: a sync from where the full read ended sees her again
		JsonNode end = everyone.get(everyone.size() - 1);
		assertThat(this.api.patch("/api/v1/me", Map.of("displayName", "Carol Renamed"), carol.accessToken()).status())
			.isEqualTo(200);
		JsonNode changed = keyed("GET", "/api/v1/directory/users?updatedAfter=" + end.get("updatedAt").asString()
				+ "&afterId=" + end.get("id").asLong(), null, key)
			.json();
		assertThat(changed.get("users").valueStream().map((user) -> user.get("displayName").asString()))
			.contains("Carol Renamed");

		assertProblem(this.api.get("/api/v1/directory/users", carol.accessToken()), 403, "forbidden");
		assertProblem(keyed("GET", "/api/v1/conversations", null, key), 403, "forbidden");
		assertProblem(keyed("GET", "/api/v1/directory/users?limit=0", null, key), 400, "validation-failed");
	}

	JsonNode createBot(String prefix) {
		String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		Response created = this.api.post("/api/v1/admin/bots",
				Map.of("username", username, "displayName", "Bot " + prefix), this.admin.accessToken());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	Response keyed(String method, String path, Object body, String key) {
		HttpRequest.Builder request = this.api.request(path, null).header("X-Api-Key", key);
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return this.api.send(
				request
					.method(method,
							(body != null) ? HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))
									: HttpRequest.BodyPublishers.noBody())
					.build());
	}

	RawStompClient device(Session user) {
		RawStompClient client = RawStompClient.signedIn(this.port, user.accessToken());
		client.subscribe("messages", "/user/queue/messages");
		return client;
	}

	static JsonNode messageWithText(RawStompClient client, String text) {
		for (int i = 0; i < 10; i++) {
			Frame frame = client.nextOn("messages", WAIT);
			assertThat(frame).as("a message with '%s'", text).isNotNull();
			JsonNode message = JSON.readTree(frame.body());
			if (text.equals(message.get("text").asString())) {
				return message;
			}
		}
		throw new AssertionError("No message with '" + text + "'");
	}

	static JsonNode nextMessage(RawStompClient client) {
		Frame frame = client.nextOn("messages", WAIT);
		assertThat(frame).as("a message").isNotNull();
		return JSON.readTree(frame.body());
	}

	static JsonNode last(JsonNode array) {
		return array.get(array.size() - 1);
	}

}
