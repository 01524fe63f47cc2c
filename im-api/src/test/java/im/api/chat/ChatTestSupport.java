package im.api.chat;

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
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the chat test classes share: a client of the application on its random port, and
 * the helpers a STOMP client of the platform needs (devices subscribed to their queues,
 * sends, events, errors).
 */
abstract class ChatTestSupport {

	static final Duration WAIT = Duration.ofSeconds(10);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	/** To hold a conversation's lock as another instance's batch would. */
	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	Api api;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	Response put(String path, Object body, Session as) {
		return this.api.send(this.api.request(path, as.accessToken())
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build());
	}

	Response sendRest(Session from, long conversation, String clientMsgId) {
		return this.api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", clientMsgId, "type", "TEXT", "text", "text of " + clientMsgId),
				from.accessToken());
	}

	RawStompClient device(Session user) {
		return device(this.port, user);
	}

	/** A connected device of the user, subscribed to all four of its queues. */
	static RawStompClient device(int port, Session user) {
		RawStompClient client = RawStompClient.open(port, null);
		Frame connected = client.connect(user.accessToken());
		assertThat(connected.command()).isEqualTo("CONNECTED");
		client.subscribe("messages", "/user/queue/messages");
		client.subscribe("acks", "/user/queue/acks");
		client.subscribe("errors", "/user/queue/errors");
		client.subscribe("events", "/user/queue/events");
		return client;
	}

	long direct(Session from, Session to) {
		Response response = this.api.post("/api/v1/conversations/direct", Map.of("userId", to.userId()),
				from.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("id").asLong();
	}

	JsonNode history(Session reader, long conversation, String query) {
		Response response = this.api.get("/api/v1/conversations/" + conversation + "/messages" + query,
				reader.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	static List<Long> seqs(JsonNode page) {
		return page.get("messages").valueStream().map((m) -> m.get("seq").asLong()).toList();
	}

	static String send(long conversation, String clientMsgId, String type, String text) {
		return JSON.writeValueAsString(
				Map.of("conversationId", conversation, "clientMsgId", clientMsgId, "type", type, "text", text));
	}

	/**
	 * The next event of the given type, skipping others (presence, for one, comes at any
	 * time).
	 */
	static JsonNode event(RawStompClient client, String type) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Frame frame = client.nextOn("events", Duration.ofNanos(deadline - System.nanoTime()));
			if (frame != null && json(frame).get("type").asString().equals(type)) {
				return json(frame);
			}
		}
		throw new AssertionError("No '" + type + "' event within " + WAIT);
	}

	/** True when no event of the type arrives within the wait. */
	static boolean noEvent(RawStompClient client, String type, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		while (System.nanoTime() < deadline) {
			Frame frame = client.nextOn("events", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			if (frame != null && json(frame).get("type").asString().equals(type)) {
				return false;
			}
		}
		return true;
	}

	static JsonNode json(Frame frame) {
		assertThat(frame).as("a frame within the wait").isNotNull();
		return JSON.readTree(frame.body());
	}

	static void assertError(RawStompClient client, String clientMsgId, String code) {
		JsonNode error = json(client.nextOn("errors", WAIT));
		assertThat(error.get("clientMsgId").asString()).isEqualTo(clientMsgId);
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.get("detail").asString()).isNotBlank();
		assertThat(error.get("type").asString()).isEqualTo("urn:im:problem:" + code);
	}

	static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
