package im.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import im.core.room.NewRoom;
import im.core.room.RoomService;
import im.support.Api;
import im.support.Api.Response;
import im.support.RawStompClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A first start with nothing configured, as a newcomer does it: the administrator
 * password and the token signing key are generated; the password is printed once. Also
 * the per-address sign-in limit, which needs a low limit that the shared contexts cannot
 * have, and a chat writer's gather window of 20 s, which a message sent alone must not
 * wait for (every send of this class comes alone).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "im.admin.password=", "im.security.jwt-secret=", "im.auth.login-max-failures-per-address=3",
				"im.auth.login-max-failures-per-username=100", "im.auth.max-registrations-per-address=20",
				"im.chat.max-messages-per-second=5", "im.chat.recall-window=1s", "im.chat.edit-window=1s",
				"im.chat.max-group-size=3", "im.chat.write-gather=20s", "im.websocket.heartbeat=500ms",
				"im.media.max-image-size=100KB" })
@ActiveProfiles("test")
class FirstStartTests {

	private static final Pattern GENERATED = Pattern
		.compile("Created administrator 'admin' with the generated password:\\s+(\\S+)");

	private static final Path DATA_DIR = Path.of("target", "first-start-" + UUID.randomUUID());

	@LocalServerPort
	int port;

	@Autowired
	RoomService rooms;

	@DynamicPropertySource
	static void freshDataDirectory(DynamicPropertyRegistry registry) {
		registry.add("im.data-dir", DATA_DIR::toString);
	}

	@Test
	void theGeneratedAdministratorPasswordIsPrintedOnceAndWorks(CapturedOutput output) {
		Matcher matcher = GENERATED.matcher(output.getAll());
		assertThat(matcher.find()).as("the generated password is in the log").isTrue();
		String password = matcher.group(1);
		assertThat(password).hasSizeGreaterThanOrEqualTo(20);
		assertThat(matcher.find()).as("printed only once").isFalse();

		Api api = new Api(this.port);
		Api.Session admin = api.login("admin", password);
		assertThat(api.get("/api/v1/me", admin.accessToken()).json().get("role").asString()).isEqualTo("ADMIN");
	}

	@Test
	void theSigningKeyIsGeneratedIntoTheDataDirectoryReadableByOwnerOnly() throws Exception {
		Path key = DATA_DIR.resolve("jwt-secret");
		assertThat(key).exists();
		assertThat(Files.readString(key).strip()).hasSizeGreaterThanOrEqualTo(32);
		assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
	}

	@Test
	void repeatedFailuresFromOneAddressAreThrottledWhateverTheUsername() {
		// its own address: the other tests of this class sign in from 127.0.0.1
		Api api = Api.from("127.0.0.4", this.port);
		for (int i = 0; i < 3; i++) {
			Response failed = api.post("/api/v1/auth/login",
					Map.of("username", "guess-" + UUID.randomUUID().toString().substring(0, 8), "password", "guess-pw"),
					null);
			assertThat(failed.status()).isEqualTo(401);
		}
		Response throttled = api.post("/api/v1/auth/login",
				Map.of("username", "someone-else", "password", "whatever-pw"), null);
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.json().get("code").asString()).isEqualTo("too-many-requests");
		assertThat(throttled.header("Retry-After")).isNotNull();
		assertThat(new Api(this.port)
			.post("/api/v1/auth/login", Map.of("username", "someone-else", "password", "whatever-pw"), null)
			.status()).as("another address").isEqualTo(401);
	}

	/** The other tests of this class register fewer than 20 users, from 127.0.0.1. */
	@Test
	void oneAddressOpensAFewAccountsAnHourOthersAreNotHeldBack() {
		Api farm = Api.from("127.0.0.6", this.port);
		for (int i = 0; i < 20; i++) {
			assertThat(register(farm, "farmed").status()).isEqualTo(201);
		}
		Response refused = register(farm, "farmed");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.json().get("code").asString()).isEqualTo("too-many-requests");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3000L, 3600L);
		assertThat(register(Api.from("127.0.0.7", this.port), "elsewhere").status()).isEqualTo(201);
	}

	private static Response register(Api api, String prefix) {
		return api.post("/api/v1/auth/register",
				Map.of("username", prefix + "-" + UUID.randomUUID().toString().substring(0, 8), "displayName",
						"Someone", "password", "not-a-common-one"),
				null);
	}

	/**
	 * A writer waits for more messages to share a transaction only while messages come
	 * faster than it stores them: one sent alone, or after another sent alone, is stored
	 * at once, however long {@code IM_CHAT_WRITE_GATHER} is.
	 */
	@Test
	void aMessageSentAloneDoesNotWaitForTheGatherWindow() {
		Api api = new Api(this.port);
		Api.Session alice = api.newUser("alone");
		Api.Session bob = api.newUser("reader");
		long conversation = direct(api, alice, bob);
		for (int i = 0; i < 2; i++) {
			long started = System.nanoTime();
			Response sent = send(api, alice, conversation, "alone-" + i, "one at a time");
			assertThat(sent.status()).isEqualTo(201);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("message %d stored in", i)
				.isLessThan(Duration.ofSeconds(10));
		}
	}

	@Test
	void sendingFasterThanTheLimitIsRefusedUntilTheWindowPasses() {
		Api api = new Api(this.port);
		Api.Session alice = api.newUser("fast");
		Api.Session bob = api.newUser("slow");
		long conversation = direct(api, alice, bob);
		List<Integer> statuses = new ArrayList<>();
		Response throttled = null;
		for (int i = 0; i < 8 && throttled == null; i++) {
			Response sent = send(api, alice, conversation, "f" + i, "quick " + i);
			statuses.add(sent.status());
			if (sent.status() == 429) {
				throttled = sent;
			}
		}
		assertThat(throttled).as("refused within 8 sends at 5 per second: %s", statuses).isNotNull();
		assertThat(throttled.json().get("code").asString()).isEqualTo("too-many-requests");
		assertThat(throttled.header("Retry-After")).isEqualTo("1");
		long stored = api.get("/api/v1/conversations/" + conversation + "/messages", alice.accessToken())
			.json()
			.get("messages")
			.size();
		assertThat(stored).as("refused sends store nothing").isEqualTo(statuses.size() - 1);
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> send(api, alice, conversation, "later-" + UUID.randomUUID(), "later").status() == 201);
	}

	@Test
	void sendersRecallAndEditOnlyWithinTheirWindows() {
		Api api = new Api(this.port);
		Api.Session alice = api.newUser("window");
		Api.Session bob = api.newUser("windowed");
		long conversation = direct(api, alice, bob);
		JsonNode sent = send(api, alice, conversation, "w-1", "soon old").json();
		Instant windowEnds = Instant.parse(sent.get("serverTime").asString()).plusSeconds(1);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(windowEnds));
		String path = "/api/v1/conversations/" + conversation + "/messages/" + sent.get("seq").asLong();
		Response recall = api.send(api.request(path, alice.accessToken()).DELETE().build());
		assertThat(recall.status()).isEqualTo(403);
		assertThat(recall.json().get("detail").asString()).contains("1 second after sending");
		assertThat(api.patch(path, Map.of("text", "changed"), alice.accessToken()).status()).isEqualTo(403);
	}

	@Test
	void groupsStopAtTheirMaximumSize() {
		Api api = new Api(this.port);
		Api.Session owner = api.newUser("full");
		List<Long> others = List.of(api.newUser("f1").userId(), api.newUser("f2").userId(), api.newUser("f3").userId());
		Response tooMany = api.post("/api/v1/conversations/groups", Map.of("name", "Big", "memberIds", others),
				owner.accessToken());
		assertThat(tooMany.status()).isEqualTo(409);
		assertThat(tooMany.json().get("code").asString()).isEqualTo("group-full");
		long group = api
			.post("/api/v1/conversations/groups", Map.of("name", "Small", "memberIds", others.subList(0, 2)),
					owner.accessToken())
			.json()
			.get("id")
			.asLong();
		Response oneMore = api.post("/api/v1/conversations/" + group + "/members",
				Map.of("userIds", others.subList(2, 3)), owner.accessToken());
		assertThat(oneMore.status()).isEqualTo(409);
		assertThat(oneMore.json().get("code").asString()).isEqualTo("group-full");
	}

	@Test
	void aConnectionThatStopsBeatingIsClosedAndItsUserGoesOfflineAndLeavesItsRooms() {
		Api api = new Api(this.port);
		Api.Session quiet = api.newUser("quiet");
		Api.Session watcher = api.newUser("watching");
		api.post("/api/v1/conversations/direct", Map.of("userId", quiet.userId()), watcher.accessToken());
		// this context's admin password is generated: the room is made by the service
		this.rooms.create("user:test", new NewRoom("beats", "Beats", false, false, null, null));
		try (RawStompClient silent = RawStompClient.open(this.port, null)) {
			RawStompClient.Frame connected = silent.connect(quiet.accessToken(), "500,500");
			assertThat(connected.header("heart-beat")).isEqualTo("500,500");
			silent.subscribe("room", "/topic/rooms/beats");
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> api.get("/api/v1/rooms/beats", watcher.accessToken()).json().get("online").asLong() == 1);
			assertThat(api.get("/api/v1/presence?userIds=" + quiet.userId(), watcher.accessToken())
				.json()
				.get(0)
				.get("online")
				.asBoolean()).isTrue();
			assertThat(silent.awaitClose(Duration.ofSeconds(10))).as("closed after missing heart-beats").isNotNull();
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> !api.get("/api/v1/presence?userIds=" + quiet.userId(), watcher.accessToken())
				.json()
				.get(0)
				.get("online")
				.asBoolean());
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> api.get("/api/v1/rooms/beats", watcher.accessToken()).json().get("online").asLong() == 0);
	}

	/**
	 * Pushes to a connection are not the client speaking: a phone that died in an active
	 * chat must not keep its device slot and swallow messages for ever.
	 */
	@Test
	void aConnectionThatStopsBeatingIsClosedWhileItsUserKeepsReceivingMessages() {
		Api api = new Api(this.port);
		Api.Session owner = api.newUser("deadphone");
		Api.Session talker = api.newUser("talker");
		long conversation = direct(api, talker, owner);
		try (RawStompClient phone = RawStompClient.open(this.port, null);
				RawStompClient laptop = RawStompClient.open(this.port, null)) {
			phone.connect(owner.accessToken(), "500,500");
			phone.subscribe("messages", "/user/queue/messages");
			laptop.connect(owner.accessToken(), "0,0");
			laptop.subscribe("messages", "/user/queue/messages");
			Integer closed = null;
			int sent = 0;
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (closed == null && System.nanoTime() < deadline) {
				// about three a second, under this context's limit of five
				Response response = send(api, talker, conversation, "still-there-" + sent, "still there?");
				assertThat(response.status()).as(response.toString()).isEqualTo(201);
				sent++;
				assertThat(laptop.nextOn("messages", Duration.ofSeconds(5))).as("the live device gets message " + sent)
					.isNotNull();
				closed = phone.awaitClose(Duration.ofMillis(300));
			}
			assertThat(closed).as("the silent phone is closed within its 1.5 s, and a second's check").isNotNull();
			assertThat(phone.nextOn("messages", Duration.ZERO)).as("messages were pushed to the phone meanwhile")
				.isNotNull();
			RawStompClient.Frame error = phone.next(Duration.ofSeconds(1));
			assertThat(error).isNotNull();
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("code")).isEqualTo("heartbeat-timeout");
			assertThat(error.body()).contains("\"code\":\"heartbeat-timeout\"");
			assertThat(laptop.awaitClose(Duration.ofMillis(200))).as("the device that asked for no heart-beats stays")
				.isNull();
		}
	}

	@Test
	void anUploadOverItsKindsLimitIsRefused() {
		Api api = new Api(this.port);
		Api.Session user = api.newUser("big");
		byte[] large = new byte[200 * 1024];
		large[0] = (byte) 0xFF;
		large[1] = (byte) 0xD8;
		large[2] = (byte) 0xFF;
		Response refused = api.upload(user.accessToken(), "IMAGE", "huge.jpg", "image/jpeg", large);
		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.json().get("code").asString()).isEqualTo("payload-too-large");
		assertThat(refused.json().get("detail").asString()).isEqualTo("Image uploads may be at most 100 KB.");
		assertThat(api.upload(user.accessToken(), "FILE", "huge.bin", "application/octet-stream", large).status())
			.as("the same bytes fit the file limit")
			.isEqualTo(201);
	}

	/** The direct conversation {@code from} opens with {@code to}: its id. */
	private static long direct(Api api, Api.Session from, Api.Session to) {
		return api.post("/api/v1/conversations/direct", Map.of("userId", to.userId()), from.accessToken())
			.json()
			.get("id")
			.asLong();
	}

	/** A text message {@code sender} sends over REST. */
	private static Response send(Api api, Api.Session sender, long conversation, String clientMsgId, String text) {
		return api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", clientMsgId, "type", "TEXT", "text", text), sender.accessToken());
	}

}
