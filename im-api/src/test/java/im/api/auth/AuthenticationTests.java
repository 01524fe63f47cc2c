package im.api.auth;

import java.lang.reflect.Type;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import static im.support.ProblemAssertions.assertProblem;
import static im.support.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Accounts and authentication as clients meet them: real HTTP and real STOMP against a
 * server on a random port. Runs once per run mode (H2 standalone, PostgreSQL/Redis/Kafka
 * cluster).
 */
abstract class AuthenticationTests {

	/** Allowed in application-test.yaml. */
	static final String ALLOWED_ORIGIN = "http://chat.example.test";

	@LocalServerPort
	int port;

	@Autowired
	JwtEncoder jwtEncoder;

	Api api;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@Test
	void registersSignsInAndReadsOwnAccount() {
		String username = "Reg-" + UUID.randomUUID().toString().substring(0, 8);
		Response registered = this.api.post("/api/v1/auth/register",
				Map.of("username", username, "displayName", "  Ada Lovelace ", "password", "correct-horse"), null);
		assertThat(registered.status()).isEqualTo(201);
		JsonNode user = registered.json();
		assertThat(user.get("username").asString()).isEqualTo(username.toLowerCase());
		assertThat(user.get("displayName").asString()).isEqualTo("Ada Lovelace");
		assertThat(registered.header("Location")).isEqualTo("/api/v1/users/" + user.get("id").asLong());

		Response login = this.api.post("/api/v1/auth/login",
				Map.of("username", username.toUpperCase(), "password", "correct-horse"), null);
		assertThat(login.status()).isEqualTo(200);
		JsonNode tokens = login.json();
		assertThat(tokens.get("tokenType").asString()).isEqualTo("Bearer");
		assertThat(tokens.get("expiresIn").asLong()).isBetween(890L, 900L);
		assertThat(tokens.get("refreshToken").asString()).hasSizeGreaterThan(30);

		Response me = this.api.get("/api/v1/me", tokens.get("accessToken").asString());
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("username").asString()).isEqualTo(username.toLowerCase());
		assertThat(me.json().get("role").asString()).isEqualTo("USER");
	}

	@Test
	void usernamesAreUniqueIgnoringCase() {
		Session first = this.api.newUser("dup");
		Response again = this.api.post("/api/v1/auth/register",
				Map.of("username", first.username().toUpperCase(), "displayName", "Copy", "password", "another-pass"),
				null);
		assertProblem(again, 409, "username-taken");
	}

	@Test
	void registrationRulesAnswerWithFieldErrors() {
		Response response = this.api.post("/api/v1/auth/register",
				Map.of("username", "no spaces!", "displayName", "", "password", "short"), null);
		assertProblem(response, 400, "validation-failed");
		assertThat(fields(response)).containsExactlyInAnyOrder("username", "displayName", "password");

		Response tooLong = this.api.post("/api/v1/auth/register",
				Map.of("username", "longpass", "displayName", "Long", "password", "é".repeat(37)), null);
		assertProblem(tooLong, 400, "validation-failed");
		assertThat(fields(tooLong)).containsExactly("password");

		Response missing = this.api.post("/api/v1/auth/register", Map.of("displayName", "Nobody"), null);
		assertProblem(missing, 400, "validation-failed");
		assertThat(fields(missing)).containsExactlyInAnyOrder("username", "password");
	}

	/**
	 * NIST SP 800-63B: no password a guesser tries first, none containing the username.
	 */
	@Test
	void commonPasswordsAndOnesContainingTheUsernameAreRefused() {
		for (String common : new String[] { "password", "12345678", "Password1", "QWERTYUIOP", "iloveyou" }) {
			Response response = this.api.post("/api/v1/auth/register", Map.of("username",
					"common-" + UUID.randomUUID().toString().substring(0, 6), "displayName", "C", "password", common),
					null);
			assertProblem(response, 400, "validation-failed");
			assertThat(fields(response)).as(common).containsExactly("password");
			assertThat(response.json().get("detail").asString()).contains("most common passwords");
		}
		String username = "named-" + UUID.randomUUID().toString().substring(0, 6);
		Response named = this.api.post("/api/v1/auth/register",
				Map.of("username", username, "displayName", "N", "password", "my-" + username.toUpperCase() + "!"),
				null);
		assertProblem(named, 400, "validation-failed");
		assertThat(named.json().get("detail").asString()).contains("username");

		Session user = this.api.newUser("newpass");
		Response change = this.api.post("/api/v1/me/password",
				Map.of("currentPassword", user.password(), "newPassword", "sunshine1"), user.accessToken());
		assertProblem(change, 400, "validation-failed");
		assertThat(fields(change)).containsExactly("newPassword");
		assertThat(this.api.get("/api/v1/me", user.accessToken()).status()).as("nothing changed").isEqualTo(200);
	}

	@Test
	void wrongCredentialsAreRefusedAlike() {
		Session user = this.api.newUser("cred");
		Response wrongPassword = this.api.post("/api/v1/auth/login",
				Map.of("username", user.username(), "password", "not-the-password"), null);
		assertProblem(wrongPassword, 401, "bad-credentials");
		Response unknownUser = this.api.post("/api/v1/auth/login",
				Map.of("username", "nobody-" + UUID.randomUUID().toString().substring(0, 8), "password", "whatever1"),
				null);
		assertProblem(unknownUser, 401, "bad-credentials");
		assertThat(unknownUser.json().get("detail")).isEqualTo(wrongPassword.json().get("detail"));
	}

	/**
	 * Guessing one user's password from one address blocks that address for that user,
	 * longer each time; the user signs in from anywhere else as ever.
	 */
	@Test
	void guessingAPasswordBlocksTheGuessingAddressNotTheUser() {
		Session user = this.api.newUser("throttle");
		Api guesser = Api.from("127.0.0.2", this.port);
		Api owner = Api.from("127.0.0.3", this.port);
		long first = guessUntilBlocked(guesser, user);
		assertThat(first).as("the first block (1 s in the tests)").isBetween(1L, 2L);
		assertThat(owner.login(user.username(), user.password()).accessToken())
			.as("the right password from an address that was not guessing")
			.isNotBlank();
		assertProblem(
				guesser.post("/api/v1/auth/login", Map.of("username", user.username(), "password", "wrong"), null), 429,
				"too-many-requests");
		JsonNode blocked = this.api
			.get("/api/v1/admin/audit?actor=" + user.username() + "&action=sign-in%20blocked",
					this.api.login("admin", "admin-test-password").accessToken())
			.json()
			.get("items");
		assertThat(blocked).as("the block is on the audit trail").hasSize(1);
		assertThat(blocked.get(0).get("clientAddress").asString()).isEqualTo("127.0.0.2");
		assertThat(blocked.get(0).get("status").asInt()).isEqualTo(429);

		pause(Duration.ofSeconds(first + 1));
		long second = guessUntilBlocked(guesser, user);
		assertThat(second).as("the next block lasts twice as long").isBetween(2L, 3L);
		assertThat(owner.login(user.username(), user.password()).accessToken()).isNotBlank();
	}

	/**
	 * Five wrong passwords, each refused as wrong; answers the Retry-After of the sixth.
	 */
	private static long guessUntilBlocked(Api guesser, Session user) {
		for (int i = 0; i < 5; i++) {
			assertProblem(guesser.post("/api/v1/auth/login",
					Map.of("username", user.username(), "password", "wrong-" + i), null), 401, "bad-credentials");
		}
		Response blocked = guesser.post("/api/v1/auth/login",
				Map.of("username", user.username(), "password", user.password()), null);
		assertProblem(blocked, 429, "too-many-requests");
		return Long.parseLong(blocked.header("Retry-After"));
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void refreshTokensRotateAndReuseSignsTheFamilyOut() {
		Session user = this.api.newUser("rotate");
		Response rotated = this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", user.refreshToken()), null);
		assertThat(rotated.status()).isEqualTo(200);
		String next = rotated.json().get("refreshToken").asString();
		assertThat(next).isNotEqualTo(user.refreshToken());
		assertThat(this.api.get("/api/v1/me", rotated.json().get("accessToken").asString()).status()).isEqualTo(200);

		Response reused = this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", user.refreshToken()), null);
		assertProblem(reused, 401, "refresh-token-invalid");
		Response descendant = this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", next), null);
		assertProblem(descendant, 401, "refresh-token-invalid");
		assertProblem(this.api.get("/api/v1/me", rotated.json().get("accessToken").asString()), 401, "token-invalid");
		assertProblem(this.api.get("/api/v1/me", user.accessToken()), 401, "token-invalid");

		Session other = this.api.login(user.username(), user.password());
		assertThat(this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", other.refreshToken()), null).status())
			.as("a separate sign-in is another family and survives")
			.isEqualTo(200);
	}

	@Test
	void ofTwoConcurrentRefreshesWithOneTokenOnlyOneSucceeds() throws Exception {
		Session user = this.api.newUser("race");
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", user.refreshToken()), null)
						.status();
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get(20, TimeUnit.SECONDS));
			}
			assertThat(statuses).containsExactlyInAnyOrder(200, 401);
		}
	}

	@Test
	void logoutEndsTheSignInItsAccessTokensAndItsConnections() {
		Session user = this.api.newUser("logout");
		Session otherDevice = this.api.login(user.username(), user.password());
		try (RawStompClient signedOut = RawStompClient.open(this.port, null);
				RawStompClient stays = RawStompClient.open(this.port, null)) {
			assertThat(signedOut.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
			assertThat(stays.connect(otherDevice.accessToken()).command()).isEqualTo("CONNECTED");
			subscribe(signedOut, "r1");
			subscribe(stays, "r2");
			assertThat(this.api.post("/api/v1/auth/logout", Map.of("refreshToken", user.refreshToken()), null).status())
				.isEqualTo(204);
			Frame error = signedOut.next(Duration.ofSeconds(10));
			assertThat(error).as("the connection opened with the sign-in's token is closed").isNotNull();
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("code")).isEqualTo("token-invalid");
			assertThat(signedOut.awaitClose(Duration.ofSeconds(5))).isNotNull();
			subscribe(stays, "r3");
		}
		assertProblem(this.api.get("/api/v1/me", user.accessToken()), 401, "token-invalid");
		assertConnectRefused(user.accessToken(), "token-invalid");
		assertThat(this.api.get("/api/v1/me", otherDevice.accessToken()).status())
			.as("another sign-in of the same user goes on")
			.isEqualTo(200);
		assertProblem(this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", user.refreshToken()), null), 401,
				"refresh-token-invalid");
		assertThat(this.api.post("/api/v1/auth/logout", Map.of("refreshToken", user.refreshToken()), null).status())
			.isEqualTo(204);
		assertProblem(this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", "made-up"), null), 401,
				"refresh-token-invalid");
	}

	@Test
	void updatesOwnProfile() {
		Session user = this.api.newUser("profile");
		Response updated = this.api.patch("/api/v1/me",
				Map.of("displayName", "New Name", "avatarUrl", "https://cdn.example.test/a.png"), user.accessToken());
		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.json().get("displayName").asString()).isEqualTo("New Name");
		assertThat(updated.json().get("avatarUrl").asString()).isEqualTo("https://cdn.example.test/a.png");

		Response invalid = this.api.patch("/api/v1/me", Map.of("avatarUrl", "javascript:alert(1)", "displayName", " "),
				user.accessToken());
		assertProblem(invalid, 400, "validation-failed");
		assertThat(fields(invalid)).containsExactlyInAnyOrder("avatarUrl", "displayName");

		Response cleared = this.api.patch("/api/v1/me", Map.of("avatarUrl", ""), user.accessToken());
		assertThat(cleared.json().get("avatarUrl").isNull()).isTrue();
		assertThat(cleared.json().get("displayName").asString()).isEqualTo("New Name");
	}

	@Test
	void changingThePasswordSignsOutEverywhere() {
		Session user = this.api.newUser("passwd");
		Session otherDevice = this.api.login(user.username(), user.password());
		assertProblem(this.api.post("/api/v1/me/password",
				Map.of("currentPassword", "wrong-current", "newPassword", "brand-new-pass"), user.accessToken()), 403,
				"wrong-password");
		Response changed;
		try (RawStompClient open = RawStompClient.open(this.port, null)) {
			assertThat(open.connect(otherDevice.accessToken()).command()).isEqualTo("CONNECTED");
			subscribe(open, "r1");
			changed = this.api.post("/api/v1/me/password",
					Map.of("currentPassword", user.password(), "newPassword", "brand-new-pass"), user.accessToken());
			assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
			Frame error = open.next(Duration.ofSeconds(10));
			assertThat(error).as("open connections close").isNotNull();
			assertThat(error.header("code")).isEqualTo("token-invalid");
			assertThat(open.awaitClose(Duration.ofSeconds(5))).isNotNull();
		}
		assertProblem(this.api.get("/api/v1/me", user.accessToken()), 401, "token-invalid");
		assertProblem(this.api.get("/api/v1/me", otherDevice.accessToken()), 401, "token-invalid");
		assertConnectRefused(otherDevice.accessToken(), "token-invalid");
		String newAccessToken = changed.json().get("accessToken").asString();
		assertThat(this.api.get("/api/v1/me", newAccessToken).status())
			.as("the device that changed the password has a new sign-in")
			.isEqualTo(200);
		try (RawStompClient again = RawStompClient.open(this.port, null)) {
			assertThat(again.connect(newAccessToken).command()).isEqualTo("CONNECTED");
		}
		assertThat(this.api
			.post("/api/v1/auth/refresh", Map.of("refreshToken", changed.json().get("refreshToken").asString()), null)
			.status()).isEqualTo(200);
		assertProblem(this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", user.refreshToken()), null), 401,
				"refresh-token-invalid");
		assertProblem(this.api.post("/api/v1/auth/login",
				Map.of("username", user.username(), "password", user.password()), null), 401, "bad-credentials");
		assertThat(this.api.login(user.username(), "brand-new-pass").accessToken()).isNotBlank();
	}

	@Test
	void findsUsersByUsernameOrDisplayName() {
		String marker = "zq" + UUID.randomUUID().toString().substring(0, 6);
		Session caller = this.api.newUser("finder");
		this.api.post("/api/v1/auth/register",
				Map.of("username", marker + "-one", "displayName", "First", "password", "password-1"), null);
		this.api.post("/api/v1/auth/register", Map.of("username", "second-" + marker.substring(2), "displayName",
				"Team " + marker.toUpperCase(), "password", "password-2"), null);

		Response page = this.api.get("/api/v1/users?query=" + marker + "&size=1", caller.accessToken());
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().get("totalItems").asLong()).isEqualTo(2);
		assertThat(page.json().get("totalPages").asInt()).isEqualTo(2);
		assertThat(page.json().get("items").get(0).get("username").asString()).as("ordered by username")
			.isEqualTo("second-" + marker.substring(2));
		assertThat(page.json().get("items").get(0).has("role")).isFalse();

		Response wildcard = this.api.get("/api/v1/users?query=%25", caller.accessToken());
		assertThat(wildcard.json().get("totalItems").asLong()).as("'%' is a character, not a wildcard").isZero();
		assertProblem(this.api.get("/api/v1/users?size=0", caller.accessToken()), 400, "validation-failed");
	}

	@Test
	void protectedOperationsNeedAValidToken() {
		Response none = this.api.get("/api/v1/me", null);
		assertProblem(none, 401, "unauthenticated");
		assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
		assertProblem(this.api.get("/api/v1/me", "not.a.jwt"), 401, "token-invalid");
		assertProblem(this.api.get("/api/v1/me", token("1", Instant.now().minusSeconds(120))), 401, "token-expired");
		Instant valid = Instant.now().plusSeconds(120);
		assertThat(this.api.get("/api/v1/me", token("1", valid)).status()).as("signed, valid, ours").isNotEqualTo(401);
		assertProblem(this.api.get("/api/v1/me", token("1", valid, "other")), 401, "token-invalid");
		assertProblem(this.api.get("/api/v1/me", token("1", valid, "https://im.example")), 401, "token-invalid");
	}

	@Test
	void theConfiguredAdministratorSignsInAsAdmin() {
		Session admin = this.api.login("admin", "admin-test-password");
		assertThat(this.api.get("/api/v1/me", admin.accessToken()).json().get("role").asString()).isEqualTo("ADMIN");
	}

	/**
	 * The RECEIPT of one SUBSCRIBE and the ERROR refusing the next leave at the same
	 * moment from two threads: the ERROR must still reach the client before the close
	 * (Spring's session decorator used to drop it now and then, about one time in fifteen
	 * here).
	 */
	@Test
	void aRefusedSubscriptionIsAnsweredWhileTheOneBeforeIsAcknowledged() {
		for (int i = 0; i < 40; i++) {
			Session user = this.api.newUser("refused");
			try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
				assertThat(stomp.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
				stomp.sendTogether(
						new Frame("SUBSCRIBE",
								Map.of("id", "s1", "destination", "/user/queue/messages", "receipt", "r1"), ""),
						new Frame("SUBSCRIBE", Map.of("id", "s2", "destination", "/topic/not-yours", "receipt", "r2"),
								""));
				List<String> seen = new ArrayList<>();
				Frame frame = stomp.next(Duration.ofSeconds(5));
				while (frame != null && !frame.command().equals("ERROR")) {
					seen.add(frame.command());
					frame = stomp.next(Duration.ofSeconds(5));
				}
				assertThat(frame).as("the ERROR refusing s2 (attempt %d; before it: %s)", i, seen).isNotNull();
				assertThat(frame.header("code")).isEqualTo("forbidden");
				assertThat(frame.header("receipt-id")).isEqualTo("r2");
			}
		}
	}

	@Test
	void stompConnectWithATokenIsAcceptedAndOwnQueueOpen() {
		Session user = this.api.newUser("stomp");
		try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
			Frame connected = stomp.connect(user.accessToken());
			assertThat(connected.command()).isEqualTo("CONNECTED");
			stomp.send("SUBSCRIBE", Map.of("id", "s1", "destination", "/user/queue/messages", "receipt", "r1"), "");
			Frame receipt = stomp.next(Duration.ofSeconds(5));
			assertThat(receipt.command()).isEqualTo("RECEIPT");
			assertThat(receipt.header("receipt-id")).isEqualTo("r1");

			stomp.send("SUBSCRIBE", Map.of("id", "s2", "destination", "/topic/not-yours", "receipt", "r2"), "");
			Frame refused = stomp.next(Duration.ofSeconds(5));
			assertThat(refused.command()).isEqualTo("ERROR");
			assertThat(refused.header("code")).isEqualTo("forbidden");
			assertThat(refused.header("receipt-id")).isEqualTo("r2");
			assertThat(stomp.awaitClose(Duration.ofSeconds(5))).isNotNull();
		}
	}

	/**
	 * A connection's frames are handled one after the other, so a frame that arrives
	 * while the one before is still handled is taken up later, on another thread; its
	 * refusal must still reach the client (InboundFailures sees to it; Spring alone would
	 * only log it, and the client would wait forever).
	 */
	@Test
	void aFrameRefusedWhileTheOneBeforeIsStillHandledGetsItsErrorFrame() {
		Session user = this.api.newUser("stomp");
		try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
			assertThat(stomp.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
			stomp.sendTogether(
					new Frame("SUBSCRIBE", Map.of("id", "s1", "destination", "/user/queue/messages", "receipt", "r1"),
							""),
					new Frame("SUBSCRIBE", Map.of("id", "s2", "destination", "/topic/not-yours", "receipt", "r2"), ""));
			// the RECEIPT for s1 may come first, or not at all: the ERROR closes the
			// connection
			Frame refused = stomp.next(Duration.ofSeconds(5));
			if (refused != null && refused.command().equals("RECEIPT")) {
				assertThat(refused.header("receipt-id")).isEqualTo("r1");
				refused = stomp.next(Duration.ofSeconds(5));
			}
			assertThat(refused).as("an ERROR frame for the refused SUBSCRIBE").isNotNull();
			assertThat(refused.command()).isEqualTo("ERROR");
			assertThat(refused.header("code")).isEqualTo("forbidden");
			assertThat(refused.header("receipt-id")).isEqualTo("r2");
		}
	}

	@Test
	void stompConnectWorksWithSpringsStompClient() throws Exception {
		Session user = this.api.newUser("spring");
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
		client.setMessageConverter(new StringMessageConverter());
		StompHeaders connectHeaders = new StompHeaders();
		connectHeaders.add("Authorization", "Bearer " + user.accessToken());
		CompletableFuture<StompHeaders> connected = new CompletableFuture<>();
		StompSession session = client.connectAsync("ws://127.0.0.1:" + this.port + "/ws", new WebSocketHttpHeaders(),
				connectHeaders, new StompSessionHandlerAdapter() {
					@Override
					public void afterConnected(StompSession session, StompHeaders headers) {
						connected.complete(headers);
					}

					@Override
					public Type getPayloadType(StompHeaders headers) {
						return String.class;
					}
				})
			.get(5, TimeUnit.SECONDS);
		assertThat(connected.get(5, TimeUnit.SECONDS).getFirst("user-name"))
			.isEqualTo(this.api.get("/api/v1/me", user.accessToken()).json().get("id").asString());
		session.disconnect();
		client.stop();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void stompConnectWithoutAValidTokenGetsAnErrorFrameAndIsClosed(CapturedOutput output) {
		assertConnectRefused(null, "unauthenticated");
		assertConnectRefused("not.a.jwt", "token-invalid");
		assertConnectRefused(token("1", Instant.now().minusSeconds(120)), "token-expired");
		assertConnectRefused(token("1", Instant.now().plusSeconds(120), "other"), "token-invalid");
		assertThat(output.getOut()).as("a client's mistake is answered, not logged as our error")
			.doesNotContain("Failed to send")
			.doesNotContain("DomainException");
	}

	@Test
	void stompSessionIsClosedWhenItsTokenExpires() {
		Session user = this.api.newUser("expiry");
		String userId = this.api.get("/api/v1/me", user.accessToken()).json().get("id").asString();
		try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
			assertThat(stomp.connect(token(userId, Instant.now().plusSeconds(2))).command()).isEqualTo("CONNECTED");
			Frame error = stomp.next(Duration.ofSeconds(10));
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("code")).isEqualTo("token-expired");
			assertThat(error.header("message")).contains("fresh token");
			assertThat(stomp.awaitClose(Duration.ofSeconds(5))).isNotNull();
		}
	}

	@Test
	void handshakeFromAnOriginNotAllowedIsRefused() {
		Session user = this.api.newUser("origin");
		try (RawStompClient allowed = RawStompClient.open(this.port, ALLOWED_ORIGIN)) {
			assertThat(allowed.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
		}
		for (String origin : new String[] { "http://evil.example.test",
				"http://127.0.0.1:" + this.port + ".evil.example", "not a url", "http://[::1" }) {
			assertThatExceptionOfType(CompletionException.class).as(origin)
				.isThrownBy(() -> RawStompClient.open(this.port, origin))
				.havingCause()
				.isInstanceOfSatisfying(WebSocketHandshakeException.class,
						(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(403));
		}
	}

	private static void subscribe(RawStompClient stomp, String receipt) {
		stomp.send("SUBSCRIBE", Map.of("id", receipt, "destination", "/user/queue/messages", "receipt", receipt), "");
		Frame answer = stomp.next(Duration.ofSeconds(5));
		assertThat(answer).isNotNull();
		assertThat(answer.command()).isEqualTo("RECEIPT");
		assertThat(answer.header("receipt-id")).isEqualTo(receipt);
	}

	private void assertConnectRefused(String token, String code) {
		try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
			Frame answer = stomp.connect(token);
			assertThat(answer.command()).isEqualTo("ERROR");
			assertThat(answer.header("code")).isEqualTo(code);
			assertThat(answer.header("message")).isNotBlank();
			assertThat(answer.body()).contains("\"code\":\"" + code + "\"");
			assertThat(stomp.awaitClose(Duration.ofSeconds(5))).as("connection closed after ERROR").isNotNull();
		}
	}

	String token(String subject, Instant expiresAt) {
		return token(subject, expiresAt, "im");
	}

	String token(String subject, Instant expiresAt, String issuer) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject(subject)
			.issuedAt(expiresAt.minusSeconds(900))
			.expiresAt(expiresAt)
			.claim("roles", List.of("USER"))
			.build();
		return this.jwtEncoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

}
