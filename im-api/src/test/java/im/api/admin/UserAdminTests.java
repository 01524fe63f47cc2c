package im.api.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import im.core.account.AccountModeration;
import im.core.account.Role;
import im.core.account.UserId;
import im.core.audit.RefusedAttempts;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Administering users over REST, as the console does it: finding them and their
 * connections, disconnecting, banning, muting, resetting passwords, roles; every change
 * on the audit trail; none of it open to a USER.
 */
@StandaloneModeTest
class UserAdminTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	Api api;

	Session admin;

	@Autowired
	AccountModeration moderation;

	@Autowired
	RefusedAttempts refused;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
		this.admin = this.api.login("admin", "admin-test-password");
	}

	@Test
	void anAdminFindsAUserAndSeesTheirConnections() {
		Session carol = this.api.newUser("findme");
		try (RawStompClient phone = RawStompClient.open(this.port, null)) {
			phone.send("CONNECT", Map.of("accept-version", "1.2", "host", "127.0.0.1", "heart-beat", "0,0",
					"Authorization", "Bearer " + carol.accessToken(), "device-id", "carols-phone"), "");
			assertThat(phone.next(WAIT).command()).isEqualTo("CONNECTED");
			Response found = this.api.get("/api/v1/admin/users?query=" + carol.username(), this.admin.accessToken());
			assertThat(found.status()).as(found.toString()).isEqualTo(200);
			JsonNode item = found.json().get("items").get(0);
			assertThat(item.get("username").asString()).isEqualTo(carol.username());
			assertThat(item.get("online").asBoolean()).isTrue();
			assertThat(item.get("role").asString()).isEqualTo("USER");

			JsonNode details = this.api.get("/api/v1/admin/users/" + carol.userId(), this.admin.accessToken()).json();
			assertThat(details.get("sessions")).hasSize(1);
			assertThat(details.get("sessions").get(0).get("instanceId").asString()).isNotBlank();
			assertThat(details.get("sessions").get(0).get("deviceId").asString()).isEqualTo("carols-phone");
			assertThat(details.get("bannedAt").isNull()).isTrue();
			assertThat(details.get("createdAt").asString()).isNotBlank();
		}
		assertProblem(this.api.get("/api/v1/admin/users/987654321", this.admin.accessToken()), 404, "not-found");
	}

	@Test
	void kickingClosesOneConnectionOrAllWithAReason() {
		Session dave = this.api.newUser("kicked");
		try (RawStompClient phone = device(dave); RawStompClient laptop = device(dave)) {
			JsonNode sessions = this.api.get("/api/v1/admin/users/" + dave.userId(), this.admin.accessToken())
				.json()
				.get("sessions");
			assertThat(sessions).hasSize(2);
			JsonNode first = sessions.get(0);
			Response kicked = this.api.delete("/api/v1/admin/users/" + dave.userId() + "/sessions/"
					+ first.get("instanceId").asString() + "/" + first.get("sessionId").asString(),
					this.admin.accessToken());
			assertThat(kicked.status()).as(kicked.toString()).isEqualTo(204);
			RawStompClient closed = awaitErrorOnEither(phone, laptop, "kicked");
			RawStompClient other = (closed == phone) ? laptop : phone;
			assertThat(other.next(Duration.ofMillis(300))).as("the other connection stays").isNull();

			assertProblem(
					this.api.delete("/api/v1/admin/users/" + dave.userId() + "/sessions/"
							+ first.get("instanceId").asString() + "/no-such-session", this.admin.accessToken()),
					404, "not-found");

			Response all = this.api.delete("/api/v1/admin/users/" + dave.userId() + "/sessions",
					this.admin.accessToken());
			assertThat(all.json().get("closed").asInt()).isEqualTo(1);
			Frame error = other.next(WAIT);
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("code")).isEqualTo("kicked");
		}
	}

	@Test
	void aBannedUserIsDisconnectedAndCannotSignInUntilUnbanned() {
		Session eve = this.api.newUser("banned");
		try (RawStompClient phone = device(eve)) {
			Response banned = this.api.put("/api/v1/admin/users/" + eve.userId() + "/ban", Map.of("reason", "spam"),
					this.admin.accessToken());
			assertThat(banned.status()).as(banned.toString()).isEqualTo(200);
			assertThat(banned.json().get("banReason").asString()).isEqualTo("spam");
			Frame error = phone.next(WAIT);
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("code")).isEqualTo("account-banned");
			assertThat(phone.awaitClose(WAIT)).isNotNull();
		}
		assertProblem(this.api.post("/api/v1/auth/login",
				Map.of("username", eve.username(), "password", eve.password()), null), 403, "account-banned");
		assertProblem(
				this.api.post("/api/v1/auth/login", Map.of("username", eve.username(), "password", "wrong-one"), null),
				401, "bad-credentials");
		assertProblem(this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", eve.refreshToken()), null), 401,
				"refresh-token-invalid");
		assertProblem(this.api.get("/api/v1/me", eve.accessToken()), 403, "account-banned");
		try (RawStompClient again = RawStompClient.open(this.port, null)) {
			Frame refused = again.connect(eve.accessToken());
			assertThat(refused.command()).as("an unexpired token does not get past a ban").isEqualTo("ERROR");
			assertThat(refused.header("code")).isEqualTo("account-banned");
		}

		assertThat(this.api.delete("/api/v1/admin/users/" + eve.userId() + "/ban", this.admin.accessToken())
			.json()
			.get("bannedAt")
			.isNull()).isTrue();
		assertThat(this.api.login(eve.username(), eve.password()).accessToken()).isNotBlank();
	}

	@Test
	void aMutedUserCannotPostUntilUnmuted() {
		Session frank = this.api.newUser("muted");
		Session grace = this.api.newUser("listener");
		long conversation = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", grace.userId()), frank.accessToken())
			.json()
			.get("id")
			.asLong();
		long before = sendText(frank, conversation, "m0").json().get("seq").asLong();
		Instant until = Instant.now().plus(Duration.ofHours(1));
		Response muted = this.api.put("/api/v1/admin/users/" + frank.userId() + "/mute", Map.of("until", until),
				this.admin.accessToken());
		assertThat(muted.status()).as(muted.toString()).isEqualTo(200);
		assertProblem(sendText(frank, conversation, "m1"), 403, "muted");
		assertProblem(this.api.patch("/api/v1/conversations/" + conversation + "/messages/" + before,
				Map.of("text", "edited while muted"), frank.accessToken()), 403, "muted");
		this.api.delete("/api/v1/admin/users/" + frank.userId() + "/mute", this.admin.accessToken());
		assertThat(sendText(frank, conversation, "m2").status()).isEqualTo(201);

		assertProblem(
				this.api.put("/api/v1/admin/users/" + frank.userId() + "/mute",
						Map.of("until", Instant.now().minusSeconds(60)), this.admin.accessToken()),
				400, "validation-failed");
	}

	@Test
	void aPasswordResetSignsTheUserOutAndTheNewPasswordWorks() {
		Session hank = this.api.newUser("reset");
		try (RawStompClient phone = device(hank)) {
			Response reset = this.api.post("/api/v1/admin/users/" + hank.userId() + "/password",
					Map.of("newPassword", "a-brand-new-password"), this.admin.accessToken());
			assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
			assertThat(phone.next(WAIT).header("code")).isEqualTo("kicked");
		}
		assertProblem(this.api.post("/api/v1/auth/login",
				Map.of("username", hank.username(), "password", hank.password()), null), 401, "bad-credentials");
		assertProblem(this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", hank.refreshToken()), null), 401,
				"refresh-token-invalid");
		assertThat(this.api.login(hank.username(), "a-brand-new-password").accessToken()).isNotBlank();
		assertProblem(this.api.post("/api/v1/admin/users/" + hank.userId() + "/password",
				Map.of("newPassword", "short"), this.admin.accessToken()), 400, "validation-failed");
		assertProblem(this.api.post("/api/v1/admin/users/" + hank.userId() + "/password",
				Map.of("newPassword", "football1"), this.admin.accessToken()), 400, "validation-failed");
	}

	@Test
	void theAdminRoleIsGrantedAndTakenButTheLastAdminStays() {
		Session ivy = this.api.newUser("promoted");
		assertProblem(this.api.get("/api/v1/admin/users", ivy.accessToken()), 403, "forbidden");
		pause(1100);
		Response granted = this.api.put("/api/v1/admin/users/" + ivy.userId() + "/role", Map.of("role", "ADMIN"),
				this.admin.accessToken());
		assertThat(granted.json().get("role").asString()).isEqualTo("ADMIN");
		assertProblem(this.api.get("/api/v1/me", ivy.accessToken()), 401, "token-invalid");
		Session ivyAdmin = this.api.login(ivy.username(), ivy.password());
		// a token issued in the second of a change still works (JWT times are whole
		// seconds): each change here comes a second after the token it revokes
		pause(1100);
		assertThat(this.api.get("/api/v1/admin/users", ivyAdmin.accessToken()).status()).isEqualTo(200);

		assertProblem(this.api.put("/api/v1/admin/users/" + this.admin.userId() + "/role", Map.of("role", "USER"),
				this.admin.accessToken()), 403, "forbidden");
		assertThat(this.api
			.put("/api/v1/admin/users/" + ivy.userId() + "/role", Map.of("role", "USER"), this.admin.accessToken())
			.json()
			.get("role")
			.asString()).isEqualTo("USER");
		// the token that still says ADMIN stops working at once
		assertProblem(this.api.get("/api/v1/admin/users", ivyAdmin.accessToken()), 401, "token-invalid");
		// and were a request to get past that, the last administrator stays one
		UserId ivyId = new UserId(ivy.userId());
		UserId adminId = new UserId(this.admin.userId());
		assertThatThrownBy(() -> this.moderation.changeRole(ivyId, adminId, Role.USER))
			.extracting((ex) -> ((DomainException) ex).errorCode())
			.isEqualTo(ErrorCode.LAST_ADMIN);
		assertThatThrownBy(() -> this.moderation.ban(ivyId, adminId, "coup"))
			.extracting((ex) -> ((DomainException) ex).errorCode())
			.isEqualTo(ErrorCode.LAST_ADMIN);
		assertProblem(this.api.put("/api/v1/admin/users/" + ivy.userId() + "/role", Map.of("role", "GOD"),
				this.admin.accessToken()), 400, "validation-failed");
		assertProblem(
				this.api.put("/api/v1/admin/users/" + this.admin.userId() + "/ban", Map.of(), this.admin.accessToken()),
				403, "forbidden");
	}

	@Test
	void everyAdminChangeIsOnTheAuditTrailAndUsersCannotAdminister() {
		Session jack = this.api.newUser("audited");
		for (String path : List.of("/api/v1/admin/users", "/api/v1/admin/users/" + jack.userId(),
				"/api/v1/admin/audit")) {
			assertProblem(this.api.get(path, jack.accessToken()), 403, "forbidden");
		}
		for (int i = 0; i < 6; i++) {
			assertProblem(this.api.put("/api/v1/admin/users/" + jack.userId() + "/ban", Map.of(), jack.accessToken()),
					403, "forbidden");
		}

		this.api.put("/api/v1/admin/users/" + jack.userId() + "/mute",
				Map.of("until", Instant.now().plus(Duration.ofMinutes(5))), this.admin.accessToken());
		this.api.put("/api/v1/admin/users/" + jack.userId() + "/ban", Map.of("reason", "r"), this.admin.accessToken());
		this.api.delete("/api/v1/admin/users/" + jack.userId() + "/ban", this.admin.accessToken());
		this.api.put("/api/v1/admin/users/987654321/ban", Map.of(), this.admin.accessToken());

		// the filter matches substrings: id=12 finds id=123 too
		List<JsonNode> trail = this.api.get("/api/v1/admin/audit?target=id=" + jack.userId(), this.admin.accessToken())
			.json()
			.get("items")
			.valueStream()
			.filter((entry) -> entry.get("target").asString().equals("id=" + jack.userId()))
			.toList();
		assertThat(trail.stream().map((entry) -> entry.get("action").asString()).toList()).containsExactly(
				"DELETE /api/v1/admin/users/{id}/ban", "PUT /api/v1/admin/users/{id}/ban",
				"PUT /api/v1/admin/users/{id}/mute");
		JsonNode ban = trail.get(1);
		assertThat(trail.get(0).get("at").asString()).isGreaterThanOrEqualTo(ban.get("at").asString());
		assertThat(ban.get("actor").asString()).isEqualTo("user:" + this.admin.userId() + " (admin)");
		assertThat(ban.get("target").asString()).isEqualTo("id=" + jack.userId());
		assertThat(ban.get("clientAddress").asString()).isEqualTo("127.0.0.1");
		assertThat(ban.get("status").asInt()).isEqualTo(200);
		assertThat(trail.toString()).as("a USER's refused attempts are not admin actions")
			.doesNotContain("user:" + jack.userId());

		// but they are refused attempts, on the trail as such, each kind once a window
		List<JsonNode> refusals = this.api
			.get("/api/v1/admin/audit?actor=user:" + jack.userId() + "%20", this.admin.accessToken())
			.json()
			.get("items")
			.valueStream()
			.toList();
		assertThat(refusals.stream().map((entry) -> entry.get("action").asString() + " " + entry.get("status").asInt()))
			.containsExactlyInAnyOrder("refused GET /api/v1/admin/users 403",
					"refused GET /api/v1/admin/users/" + jack.userId() + " 403", "refused GET /api/v1/admin/audit 403",
					"refused PUT /api/v1/admin/users/" + jack.userId() + "/ban 403");
		this.refused.closeTheWindow();
		assertThat(this.api
			.get("/api/v1/admin/audit?actor=user:" + jack.userId() + "%20&action=more%20within",
					this.admin.accessToken())
			.json()
			.get("items")
			.valueStream()
			.map((entry) -> entry.get("action").asString())).as("the repeats, as one line")
			.containsExactly("refused PUT /api/v1/admin/users/" + jack.userId() + "/ban (5 more within 1h)");

		JsonNode missing = this.api.get("/api/v1/admin/audit?target=id=987654321&action=ban", this.admin.accessToken())
			.json()
			.get("items");
		assertThat(missing.get(0).get("status").asInt()).as("refusals are recorded too").isEqualTo(404);
		assertThat(
				this.api.get("/api/v1/admin/audit?actor=nobody-at-all", this.admin.accessToken()).json().get("items"))
			.isEmpty();
		assertThat(this.api.send(this.api.request("/api/v1/admin/audit/1", this.admin.accessToken()).DELETE().build())
			.status()).as("the trail cannot be edited").isIn(404, 405);
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Response sendText(Session from, long conversation, String clientMsgId) {
		return this.api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", clientMsgId, "type", "TEXT", "text", "hello"), from.accessToken());
	}

	private RawStompClient device(Session user) {
		RawStompClient client = RawStompClient.open(this.port, null);
		assertThat(client.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
		return client;
	}

	/** Which of the two connections got the ERROR frame with the code. */
	private static RawStompClient awaitErrorOnEither(RawStompClient one, RawStompClient two, String code) {
		long until = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < until) {
			for (RawStompClient client : List.of(one, two)) {
				Frame frame = client.next(Duration.ofMillis(100));
				if (frame != null) {
					assertThat(frame.command()).isEqualTo("ERROR");
					assertThat(frame.header("code")).isEqualTo(code);
					return client;
				}
			}
		}
		throw new AssertionError("Neither connection got an ERROR frame");
	}

}
