package im.api.admin;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.Browser;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import im.support.WebhookReceiver;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console in headless Chromium, as an operator uses it: signs in, sees a user
 * online, disconnects and bans them, creates and revokes an API key, and finds each
 * action in the audit log. What users typed shows as text.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BrowserConsoleTests {

	/**
	 * The dashboard's charts that hold fewer than two points, or whose canvas has no
	 * pixel drawn.
	 */
	private static final String CHARTS_WITHOUT_DRAWN_DATA = """
			return [...document.querySelectorAll('.charts .chart')].filter((chart) => {
			  const canvas = chart.querySelector('canvas');
			  if (!canvas || Number(chart.dataset.points || 0) < 2) {
			    return true;
			  }
			  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
			  return !pixels.some((value, i) => i % 4 === 3 && value > 0);
			}).map((chart) => chart.id);""";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void client() {
		Browser.assumeInstalled();
		this.api = new Api(this.port);
	}

	@Test
	void anOperatorDisconnectsAndBansAUserRevokesAKeyAndFindsItAllInTheAuditLog() throws Exception {
		String username = "mallory-" + UUID.randomUUID().toString().substring(0, 6);
		String displayName = "<img src=x onerror=alert(1)> Mallory";
		assertThat(this.api
			.post("/api/v1/auth/register",
					Map.of("username", username, "displayName", displayName, "password", "mallory-password"), null)
			.status()).isEqualTo(201);
		Session mallory = this.api.login(username, "mallory-password");

		try (Browser browser = Browser.open(); RawStompClient client = RawStompClient.open(this.port, null)) {
			assertThat(client.connect(mallory.accessToken()).command()).isEqualTo("CONNECTED");
			signInAsAdmin(browser);
			Awaitility.await().atMost(WAIT).until(() -> Long.parseLong(browser.text("#connections")) >= 1);

			browser.click("nav button[data-tab=users]");
			browser.type("#user-search input[name=query]", username);
			browser.click("#user-search button");
			String row = "#user-list tr[data-user-id='" + mallory.userId() + "']";
			assertThat(browser.awaitText(row + " td.online", "online")).isEqualTo("online");
			assertThat(browser.text(row)).as("what users typed shows as text").contains(displayName);
			assertThat(browser.count("#user-list img")).isZero();

			browser.click(row);
			browser.awaitText("#user-sessions", "Disconnect");
			browser.click("#kick-all");
			Frame kicked = client.next(WAIT);
			assertThat(kicked.command()).as("the user's client is told it was disconnected").isEqualTo("ERROR");
			assertThat(kicked.header("code")).isEqualTo("kicked");
			browser.awaitText("#notice", "All connections were closed.");

			browser.type("#ban-reason", "spam");
			browser.click("#ban");
			browser.awaitText("#notice", "The user is banned.");
			browser.awaitText(row, "banned");
			assertProblem(this.api.post("/api/v1/auth/login",
					Map.of("username", username, "password", "mallory-password"), null), 403, "account-banned");

			// an account for someone who may not register themselves
			// (IM_REGISTRATION=closed)
			String newcomer = "nora-" + UUID.randomUUID().toString().substring(0, 6);
			browser.click("#user-create-panel summary");
			browser.type("#user-create input[name=username]", newcomer);
			browser.type("#user-create input[name=displayName]", "Nora N.");
			browser.type("#user-create input[name=password]", "given-by-the-admin");
			browser.click("#user-create button");
			browser.awaitText("#notice", "The account is open");
			browser.awaitText("#user-title", newcomer);
			assertThat(this.api.login(newcomer, "given-by-the-admin").accessToken()).isNotBlank();

			browser.click("nav button[data-tab=keys]");
			browser.type("#key-create input[name=name]", "Shop back-end");
			browser.click("#key-create button");
			String key = browser.awaitText("#new-key-value", "imk_");
			Session bob = this.api.newUser("pushed");
			assertThat(push(key, bob).status()).isEqualTo(202);
			browser.awaitText("#key-list", "Shop back-end");
			browser.click("#key-list tr:first-child button");
			browser.awaitText("#notice", "The key is revoked.");
			assertProblem(push(key, bob), 401, "api-key-invalid");

			browser.click("nav button[data-tab=audit]");
			browser.awaitText("#audit-list", "DELETE /api/v1/admin/api-keys/{id}");
			String trail = browser.text("#audit-list");
			assertThat(trail).contains("DELETE /api/v1/admin/users/{id}/sessions", "PUT /api/v1/admin/users/{id}/ban",
					"POST /api/v1/admin/api-keys", "id=" + mallory.userId(), "user:");

			Path screenshots = Path.of("target", "screenshots");
			Files.createDirectories(screenshots);
			Files.write(screenshots.resolve("admin-console-audit.png"), browser.screenshot());
		}
	}

	@Test
	void anOperatorRegistersAWebhookSeesADeliveryFailAndSendsItAgain() throws Exception {
		Session admin = this.api.login("admin", "admin-test-password");
		try (Browser browser = Browser.open(); WebhookReceiver receiver = WebhookReceiver.start()) {
			receiver.answerAlways(500);
			signInAsAdmin(browser);

			browser.click("nav button[data-tab=webhooks]");
			browser.type("#webhook-create input[name=url]", receiver.url());
			browser.type("#webhook-create input[name=description]", "Order system");
			browser.click("#webhook-create button");
			assertThat(browser.awaitText("#new-webhook-secret", "whsec_")).startsWith("whsec_");
			browser.awaitText("#webhook-list", receiver.url());
			long endpoint = this.api.get("/api/v1/admin/webhooks", admin.accessToken())
				.json()
				.valueStream()
				.filter((found) -> found.get("url").asString().equals(receiver.url()))
				.findFirst()
				.orElseThrow()
				.get("id")
				.asLong();

			Session alice = this.api.newUser("console-hook");
			Session bob = this.api.newUser("console-hook");
			long conversation = this.api
				.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
				.json()
				.get("id")
				.asLong();
			assertThat(this.api
				.post("/api/v1/conversations/" + conversation + "/messages",
						Map.of("clientMsgId", "console-1", "type", "TEXT", "text", "watched from the console"),
						alice.accessToken())
				.status()).isEqualTo(201);
			assertThat(receiver.next("message.created", "watched from the console", WAIT)).isNotNull();

			String row = "#webhook-list tr[data-webhook-id='" + endpoint + "']";
			Awaitility.await().atMost(WAIT).untilAsserted(() -> {
				browser.click(row + " td");
				assertThat(browser.text("#webhook-deliveries")).contains("HTTP 500");
			});
			receiver.answerAlways(200);
			browser.click("#webhook-deliveries tr:first-child button");
			browser.awaitText("#notice", "being sent again");
			assertThat(receiver.next((request) -> request.answered() == 200, WAIT)).isNotNull();
			Awaitility.await().atMost(WAIT).untilAsserted(() -> {
				browser.click(row + " td");
				assertThat(browser.text("#webhook-deliveries")).contains("delivered");
			});

			browser.click(row + " button");
			browser.awaitText("#notice", "The endpoint is disabled.");
			browser.awaitText(row, "disabled");
			this.api.delete("/api/v1/admin/webhooks/" + endpoint, admin.accessToken());

			// an endpoint that fails until the platform disables it (4 s in the tests):
			// the dashboard tells the administrator
			String dead = WebhookReceiver.urlOn(WebhookReceiver.freePort());
			long failing = this.api
				.post("/api/v1/admin/webhooks", Map.of("url", dead, "events", List.of("message.created")),
						admin.accessToken())
				.json()
				.get("endpoint")
				.get("id")
				.asLong();
			Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
				this.api.post("/api/v1/conversations/" + conversation + "/messages",
						Map.of("clientMsgId", UUID.randomUUID().toString(), "type", "TEXT", "text", "to a dead end"),
						alice.accessToken());
				return !this.api.get("/api/v1/admin/webhooks/" + failing, admin.accessToken())
					.json()
					.get("enabled")
					.asBoolean();
			});
			browser.click("nav button[data-tab=dashboard]");
			assertThat(browser.awaitText("#webhook-alerts", dead)).contains("was disabled", "Every attempt failed");
			this.api.delete("/api/v1/admin/webhooks/" + failing, admin.accessToken());

			// the dashboard's charts draw what the instance sampled, for the hour and the
			// day
			for (String window : List.of("1h", "24h")) {
				browser.click(".chart-window button[data-window='" + window + "']");
				Awaitility.await()
					.atMost(WAIT)
					.untilAsserted(() -> assertThat(browser.run(CHARTS_WITHOUT_DRAWN_DATA))
						.as("charts of the " + window + " window with fewer than two points or nothing drawn")
						.isEqualTo(List.of()));
			}
			browser.click(".chart-window button[data-window='1h']");
			browser.run("document.querySelector('.charts').scrollIntoView()");
			Path screenshots = Path.of("target", "screenshots");
			Files.createDirectories(screenshots);
			Files.write(screenshots.resolve("admin-console-dashboard.png"), browser.screenshot());
		}
	}

	@Test
	void anOperatorCreatesABotAndAnIncomingWebhookThatPostsAsIt() {
		String username = "console-bot-" + UUID.randomUUID().toString().substring(0, 6);
		try (Browser browser = Browser.open()) {
			signInAsAdmin(browser);

			browser.click("nav button[data-tab=bots]");
			browser.type("#bot-create input[name=username]", username);
			browser.type("#bot-create input[name=displayName]", "Deploy bot");
			browser.type("#bot-create input[name=avatarLetter]", "🚀");
			browser.click("#bot-create button");
			String key = browser.awaitText("#new-bot-key", "imk_");
			browser.awaitText("#bot-list", username);
			assertThat(this.api
				.send(this.api.request("/api/v1/conversations", null).header("X-Api-Key", key).GET().build())
				.status()).as("the bot's key works").isEqualTo(200);
			long botId = this.api
				.get("/api/v1/admin/bots", this.api.login("admin", "admin-test-password").accessToken())
				.json()
				.valueStream()
				.filter((bot) -> bot.get("username").asString().equals(username))
				.findFirst()
				.orElseThrow()
				.get("id")
				.asLong();
			Session alice = this.api.newUser("console-hooked");
			assertThat(
					this.api.get("/api/v1/users/" + botId, alice.accessToken()).json().get("avatarLetter").asString())
				.isEqualTo("🚀");
			long group = this.api
				.post("/api/v1/conversations/groups", Map.of("name", "Deploys", "memberIds", List.of(botId)),
						alice.accessToken())
				.json()
				.get("id")
				.asLong();

			browser.click("nav button[data-tab=dashboard]");
			browser.click("nav button[data-tab=bots]");
			browser.awaitText("#hook-bot", username);
			browser.run("const select = document.querySelector('#hook-bot'); select.value = arguments[0];",
					String.valueOf(botId));
			browser.type("#hook-create input[name=name]", "Deploys");
			browser.type("#hook-create input[name=conversationId]", String.valueOf(group));
			browser.click("#hook-create button");
			String url = browser.awaitText("#new-hook-url", "/api/v1/hooks/imh_");
			assertThat(url).startsWith("http://127.0.0.1:" + this.port + "/api/v1/hooks/imh_");
			Response posted = this.api.post(url.substring(url.indexOf("/api/v1/hooks/")),
					Map.of("text", "Deployed 4.2"), null);
			assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
			browser.awaitText("#hook-list", "Deploys");
			browser.click("#hook-list tr:first-child button");
			browser.awaitText("#notice", "The incoming webhook is revoked.");
			assertProblem(this.api.post(url.substring(url.indexOf("/api/v1/hooks/")), Map.of("text", "again"), null),
					404, "not-found");
		}
	}

	@Test
	void theConsoleInChineseSaysWhatItDidInChinese() {
		String room = "zh-" + UUID.randomUUID().toString().substring(0, 6);
		try (Browser browser = Browser.open()) {
			browser.open(this.port, "/admin");
			browser.run("localStorage.setItem('im-language', 'zh')");
			signInAsAdmin(browser);
			browser.click("nav button[data-tab=rooms]");
			browser.type("#room-create input[name=id]", room);
			browser.type("#room-create input[name=title]", "发布会");
			browser.click("#room-create button");
			browser.awaitText("#notice", "直播间已开启。");
			String row = "#room-list tr[data-room-id='" + room + "']";
			assertThat(browser.awaitText(row, "公开")).contains("发布会");
			browser.click(row + " button");
			browser.awaitText("#notice", "直播间已关闭，观众已收到通知。");
		}
	}

	private void signInAsAdmin(Browser browser) {
		browser.open(this.port, "/admin");
		browser.type("#sign-in-form input[name=username]", "admin");
		browser.type("#sign-in-form input[name=password]", "admin-test-password");
		browser.click("#sign-in-form button");
		browser.awaitText("#admin-name", "admin");
	}

	private Response push(String key, Session user) {
		return this.api.send(this.api.request("/api/v1/push/users", null)
			.header("X-Api-Key", key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON
				.writeValueAsString(Map.of("userIds", List.of(user.userId()), "type", "t", "payload", Map.of()))))
			.build());
	}

}
