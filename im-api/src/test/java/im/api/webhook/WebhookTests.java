package im.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.RawStompClient;
import im.support.WebhookReceiver;
import im.support.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static im.support.ProblemAssertions.assertProblem;
import static im.support.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outgoing webhooks as an integrator meets them: an administrator registers an endpoint,
 * a real HTTP receiver gets signed events, and one that fails, is down or slow gets them
 * once it answers. The test settings retry after 200 ms (doubling up to 400 ms), give up
 * after 2 s and disable an endpoint that failed for 4 s. Runs once per run mode.
 */
abstract class WebhookTests {

	static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	Api api;

	Session admin;

	final List<WebhookReceiver> receivers = new ArrayList<>();

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
		this.admin = this.api.login("admin", "admin-test-password");
	}

	/** Endpoints left behind would be sent the events of every later test. */
	@AfterEach
	void deleteEndpoints() {
		for (JsonNode endpoint : this.api.get("/api/v1/admin/webhooks", this.admin.accessToken()).json()) {
			this.api.delete("/api/v1/admin/webhooks/" + endpoint.get("id").asLong(), this.admin.accessToken());
		}
		this.receivers.forEach(WebhookReceiver::close);
	}

	@Test
	void anEndpointReceivesEachEventItAskedForSignedWithItsSecret() throws Exception {
		WebhookReceiver receiver = receiver();
		Response created = this.api.post("/api/v1/admin/webhooks",
				Map.of("url", receiver.url(), "description", "CRM sync", "events",
						List.of("user.registered", "conversation.member-added", "conversation.member-removed",
								"message.created", "message.edited", "message.recalled", "room.closed")),
				this.admin.accessToken());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String secret = created.json().get("secret").asString();
		JsonNode endpoint = created.json().get("endpoint");
		assertThat(secret).startsWith("whsec_");
		assertThat(endpoint.get("enabled").asBoolean()).isTrue();
		assertThat(endpoint.get("description").asString()).isEqualTo("CRM sync");
		assertThat(endpoint.get("events")).hasSize(7);
		assertThat(this.api.get("/api/v1/admin/webhooks", this.admin.accessToken()).body()).contains(receiver.url())
			.doesNotContain(secret);

		Session alice = this.api.newUser("hook-alice");
		Session bob = this.api.newUser("hook-bob");
		Received registered = receiver.next("user.registered", "\"userId\":" + bob.userId() + ",", WAIT);
		assertThat(registered).as("user.registered").isNotNull();
		assertThat(registered.data().get("username").asString()).isEqualTo(bob.username());
		verifySignature(registered, secret);

		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Hooked", "memberIds", List.of(bob.userId())),
					alice.accessToken())
			.json()
			.get("id")
			.asLong();
		String about = "\"conversationId\":" + group + ",";
		Received added = receiver.next("conversation.member-added", about, WAIT);
		assertThat(added).as("conversation.member-added").isNotNull();
		assertThat(added.data().get("by").asLong()).isEqualTo(alice.userId());
		assertThat(added.data().get("userIds").toString()).contains(Long.toString(bob.userId()));

		Response sent = this.api.post("/api/v1/conversations/" + group + "/messages",
				Map.of("clientMsgId", "hook-1", "type", "TEXT", "text", "Hello integrators"), alice.accessToken());
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
		long seq = sent.json().get("seq").asLong();
		Received message = receiver.next(
				(request) -> request.type().equals("message.created") && request.body().contains("Hello integrators"),
				WAIT);
		assertThat(message).as("message.created").isNotNull();
		assertThat(message.data().get("conversationId").asLong()).isEqualTo(group);
		assertThat(message.data().get("seq").asLong()).isEqualTo(seq);
		assertThat(message.data().get("senderId").asLong()).isEqualTo(alice.userId());
		assertThat(message.data().get("clientMsgId").asString()).isEqualTo("hook-1");
		verifySignature(message, secret);

		assertThat(this.api
			.patch("/api/v1/conversations/" + group + "/messages/" + seq, Map.of("text", "Hello again"),
					alice.accessToken())
			.status()).isEqualTo(200);
		Received edited = receiver.next("message.edited", about, WAIT);
		assertThat(edited).as("message.edited").isNotNull();
		assertThat(edited.data().get("text").asString()).isEqualTo("Hello again");
		assertThat(this.api.delete("/api/v1/conversations/" + group + "/messages/" + seq, alice.accessToken()).status())
			.isEqualTo(200);
		Received recalled = receiver.next("message.recalled", about, WAIT);
		assertThat(recalled).as("message.recalled").isNotNull();
		assertThat(recalled.data().get("seq").asLong()).isEqualTo(seq);

		assertThat(this.api.delete("/api/v1/conversations/" + group + "/members/" + bob.userId(), alice.accessToken())
			.status()).isLessThan(300);
		Received removed = receiver.next("conversation.member-removed", about, WAIT);
		assertThat(removed).as("conversation.member-removed").isNotNull();
		assertThat(removed.data().get("userId").asLong()).isEqualTo(bob.userId());

		String room = "hooked-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(this.api.post("/api/v1/admin/rooms", Map.of("id", room, "title", "Hooked"), this.admin.accessToken())
			.status()).isEqualTo(201);
		assertThat(this.api.delete("/api/v1/admin/rooms/" + room, this.admin.accessToken()).status()).isEqualTo(200);
		Received closed = receiver.next("room.closed", "\"" + room + "\"", WAIT);
		assertThat(closed).as("room.closed").isNotNull();
		assertThat(closed.data().get("closedAt").isNull()).isFalse();
	}

	@Test
	void aMessageForAMemberWithNoConnectionIsReportedUndelivered() {
		WebhookReceiver receiver = receiver();
		register(receiver, "message.undelivered");
		Session alice = this.api.newUser("away-alice");
		Session bob = this.api.newUser("away-bob");
		long conversation = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();

		send(alice, conversation, "while Bob is away");
		Received undelivered = receiver.next("message.undelivered", "while Bob is away", WAIT);
		assertThat(undelivered).as("message.undelivered").isNotNull();
		assertThat(undelivered.data().get("userId").asLong()).as("not for the sender").isEqualTo(bob.userId());
		assertThat(undelivered.data().get("message").get("conversationId").asLong()).isEqualTo(conversation);

		try (RawStompClient online = device(bob)) {
			send(alice, conversation, "while Bob is here");
			assertThat(online.nextOn("messages", WAIT)).isNotNull();
			assertThat(receiver.next("message.undelivered", "while Bob is here", Duration.ofMillis(1500))).isNull();
		}
	}

	@Test
	void anEndpointThatFailsIsTriedAgainWithTheSameEventUntilItAnswers() {
		WebhookReceiver receiver = receiver().answer(500, 503);
		long endpoint = register(receiver, "message.created");
		Session alice = this.api.newUser("retry-alice");
		long conversation = directWith(alice);

		send(alice, conversation, "worth retrying");
		List<Received> attempts = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Received attempt = receiver.next("message.created", "worth retrying", WAIT);
			assertThat(attempt).as("attempt %d", i + 1).isNotNull();
			attempts.add(attempt);
		}
		assertThat(attempts).extracting(Received::answered).containsExactly(500, 503, 200);
		assertThat(attempts).extracting((attempt) -> attempt.header("webhook-id"))
			.as("one event id across retries")
			.containsOnly(attempts.get(0).json().get("id").asString());

		JsonNode delivery = awaitDelivery(endpoint, "delivered");
		assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
		assertThat(delivery.get("lastStatus").asInt()).isEqualTo(200);
		assertThat(delivery.get("eventType").asString()).isEqualTo("message.created");
		assertThat(endpoint(endpoint).get("failingSince").isNull()).as("a success clears the failures").isTrue();
	}

	@Test
	void anEndpointThatIsDownGetsTheEventOnceItIsUp() {
		int port = WebhookReceiver.freePort();
		long endpoint = register(WebhookReceiver.urlOn(port), "message.created");
		Session alice = this.api.newUser("down-alice");
		send(alice, directWith(alice), "sent while down");

		JsonNode failed = awaitDelivery(endpoint, "pending", (delivery) -> delivery.get("attempts").asInt() >= 1);
		assertThat(failed.get("lastError").asString()).containsIgnoringCase("connect");
		assertThat(failed.get("lastStatus").isNull()).isTrue();
		assertThat(endpoint(endpoint).get("failingSince").isNull()).isFalse();

		WebhookReceiver up = WebhookReceiver.startOn(port);
		this.receivers.add(up);
		assertThat(up.next("message.created", "sent while down", WAIT)).isNotNull();
		assertThat(awaitDelivery(endpoint, "delivered").get("attempts").asInt()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void aSlowEndpointTimesOutAndIsTriedAgain() {
		WebhookReceiver receiver = receiver().delay(Duration.ofMillis(1500));
		long endpoint = register(receiver, "message.created");
		Session alice = this.api.newUser("slow-alice");
		send(alice, directWith(alice), "slowly");

		JsonNode timedOut = awaitDelivery(endpoint, "pending", (delivery) -> delivery.get("attempts").asInt() >= 1);
		assertThat(timedOut.get("lastError").asString()).contains("No answer within");
		receiver.delay(Duration.ZERO);
		assertThat(awaitDelivery(endpoint, "delivered").get("attempts").asInt()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void aDeliveryIsGivenUpAfterItsWindowAndCanBeSentAgain() {
		WebhookReceiver receiver = receiver().answerAlways(500);
		long endpoint = register(receiver, "message.created");
		Session alice = this.api.newUser("given-up-alice");
		send(alice, directWith(alice), "given up");

		JsonNode failed = awaitDelivery(endpoint, "failed");
		assertThat(failed.get("attempts").asInt()).as("tried until its window closed").isGreaterThanOrEqualTo(3);
		assertThat(failed.get("lastStatus").asInt()).isEqualTo(500);
		assertThat(failed.get("lastError").asString()).contains("HTTP 500");
		String eventId = failed.get("eventId").asString();
		receiver.drain();

		receiver.answerAlways(200);
		Response resent = this.api.post(
				"/api/v1/admin/webhooks/" + endpoint + "/deliveries/" + failed.get("id").asLong() + "/resend", Map.of(),
				this.admin.accessToken());
		assertThat(resent.status()).as(resent.toString()).isEqualTo(202);
		Received again = receiver.next("message.created", "given up", WAIT);
		assertThat(again).isNotNull();
		assertThat(again.header("webhook-id")).isEqualTo(eventId);
		assertThat(awaitDelivery(endpoint, "delivered").get("eventId").asString()).isEqualTo(eventId);
	}

	@Test
	void anEndpointFailingTooLongIsDisabledAndGetsWhatWaitedWhenEnabled() throws InterruptedException {
		WebhookReceiver receiver = receiver().answerAlways(500);
		long endpoint = register(receiver, "message.created");
		Session alice = this.api.newUser("disabled-alice");
		long conversation = directWith(alice);

		JsonNode disabled = null;
		for (int i = 0; i < 40 && disabled == null; i++) {
			send(alice, conversation, "failing " + i);
			Thread.sleep(300);
			JsonNode now = endpoint(endpoint);
			disabled = now.get("enabled").asBoolean() ? null : now;
		}
		assertThat(disabled).as("disabled after failing for 4 s").isNotNull();
		assertThat(disabled.get("disabledReason").asString()).contains("Every attempt failed");
		assertThat(disabled.get("disabledAt").isNull()).isFalse();

		JsonNode pending = this.api
			.get("/api/v1/admin/webhooks/" + endpoint + "/deliveries?status=pending", this.admin.accessToken())
			.json();
		assertThat(pending.get("totalItems").asLong()).as("deliveries wait while it is disabled").isPositive();
		send(alice, conversation, "while disabled");
		receiver.answerAlways(200);
		assertThat(receiver.next("message.created", "while disabled", Duration.ofSeconds(1))).as("not sent").isNull();

		Response enabled = this.api.patch("/api/v1/admin/webhooks/" + endpoint, Map.of("enabled", true),
				this.admin.accessToken());
		assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
		assertThat(enabled.json().get("enabled").asBoolean()).isTrue();
		assertThat(enabled.json().get("disabledReason").isNull()).isTrue();
		Received resumed = receiver.next((request) -> request.answered() == 200, WAIT);
		assertThat(resumed).as("pending deliveries go out once it is enabled").isNotNull();
		assertThat(this.api.get("/api/v1/admin/webhooks/" + endpoint + "/deliveries", this.admin.accessToken()).body())
			.doesNotContain("while disabled");
	}

	@Test
	void badRegistrationsAndRequestsGetClearErrors() {
		String token = this.admin.accessToken();
		Response ftp = this.api.post("/api/v1/admin/webhooks",
				Map.of("url", "ftp://example.com/hook", "events", List.of("message.created")), token);
		assertProblem(ftp, 400, "validation-failed");
		assertThat(fields(ftp)).containsExactly("url");
		assertThat(ftp.json().get("detail").asString()).contains("http or https");
		assertProblem(this.api.post("/api/v1/admin/webhooks",
				Map.of("url", "https://user:secret@example.com/hook", "events", List.of("message.created")), token),
				400, "validation-failed");
		Response noEvents = this.api.post("/api/v1/admin/webhooks",
				Map.of("url", "https://example.com/hook", "events", List.of()), token);
		assertProblem(noEvents, 400, "validation-failed");
		assertThat(fields(noEvents)).containsExactly("events");
		Response unknown = this.api.post("/api/v1/admin/webhooks",
				Map.of("url", "https://example.com/hook", "events", List.of("message.deleted")), token);
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body()).contains("message.deleted").contains("message.created");

		Session user = this.api.newUser("not-admin-hooks");
		assertProblem(this.api.get("/api/v1/admin/webhooks", user.accessToken()), 403, "forbidden");
		assertProblem(this.api.get("/api/v1/admin/webhooks/987654321", token), 404, "not-found");
		long endpoint = register("https://example.com/hook", "message.created");
		assertProblem(this.api.get("/api/v1/admin/webhooks/" + endpoint + "/deliveries?status=lost", token), 400,
				"validation-failed");
		assertProblem(
				this.api.post("/api/v1/admin/webhooks/" + endpoint + "/deliveries/987654321/resend", Map.of(), token),
				404, "not-found");
		assertProblem(
				this.api.patch("/api/v1/admin/webhooks/" + endpoint, Map.of("url", "gopher://example.com"), token), 400,
				"validation-failed");
		assertThat(this.api.delete("/api/v1/admin/webhooks/" + endpoint, token).status()).isEqualTo(204);
		assertProblem(this.api.get("/api/v1/admin/webhooks/" + endpoint, token), 404, "not-found");
	}

	WebhookReceiver receiver() {
		WebhookReceiver receiver = WebhookReceiver.start();
		this.receivers.add(receiver);
		return receiver;
	}

	long register(WebhookReceiver receiver, String... events) {
		return register(receiver.url(), events);
	}

	long register(String url, String... events) {
		Response created = this.api.post("/api/v1/admin/webhooks", Map.of("url", url, "events", List.of(events)),
				this.admin.accessToken());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("endpoint").get("id").asLong();
	}

	JsonNode endpoint(long id) {
		return this.api.get("/api/v1/admin/webhooks/" + id, this.admin.accessToken()).json();
	}

	/** The endpoint's newest delivery once it has the status, within {@link #WAIT}. */
	JsonNode awaitDelivery(long endpoint, String status) {
		return awaitDelivery(endpoint, status, (delivery) -> true);
	}

	JsonNode awaitDelivery(long endpoint, String status, java.util.function.Predicate<JsonNode> matching) {
		Instant deadline = Instant.now().plus(WAIT);
		JsonNode newest = null;
		while (Instant.now().isBefore(deadline)) {
			JsonNode items = this.api
				.get("/api/v1/admin/webhooks/" + endpoint + "/deliveries", this.admin.accessToken())
				.json()
				.get("items");
			newest = items.isEmpty() ? null : items.get(0);
			if (newest != null && newest.get("status").asString().equals(status) && matching.test(newest)) {
				return newest;
			}
			sleep(Duration.ofMillis(50));
		}
		throw new AssertionError("No delivery became " + status + " in " + WAIT + "; the newest: " + newest);
	}

	long directWith(Session user) {
		Session peer = this.api.newUser("peer");
		return this.api.post("/api/v1/conversations/direct", Map.of("userId", peer.userId()), user.accessToken())
			.json()
			.get("id")
			.asLong();
	}

	void send(Session sender, long conversation, String text) {
		Response sent = this.api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", UUID.randomUUID().toString(), "type", "TEXT", "text", text),
				sender.accessToken());
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
	}

	RawStompClient device(Session user) {
		RawStompClient client = RawStompClient.signedIn(this.port, user.accessToken());
		client.subscribe("messages", "/user/queue/messages");
		return client;
	}

	/**
	 * Checks the signature as a receiver would, with nothing of the platform's:
	 * HMAC-SHA256 over id, timestamp and body, keyed with the secret's base64 part.
	 */
	static void verifySignature(Received request, String secret) throws GeneralSecurityException {
		String id = request.header("webhook-id");
		String timestamp = request.header("webhook-timestamp");
		assertThat(id).isEqualTo(request.json().get("id").asString()).startsWith("evt_");
		assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(),
				org.assertj.core.api.Assertions.within(60L));
		assertThat(request.header("content-type")).startsWith("application/json");
		assertThat(request.method()).isEqualTo("POST");
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
		String expected = "v1," + Base64.getEncoder()
			.encodeToString(
					mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
		assertThat(request.header("webhook-signature")).isEqualTo(expected);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
