package im.api.chat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import im.support.Api;
import im.support.Api.Session;
import im.support.Browser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client at {@code /} in two headless Chromiums, one user each: they find each
 * other, chat, see unread counts and read marks, reply, edit and recall, make a group,
 * talk in it and manage it, send and open an image (a too large one is refused with the
 * server's reason), record a voice message, follow a live room, make a video call (a
 * group one in three browsers), use a phone-sized screen; a dropped connection shows,
 * recovers by itself and shows what was sent meanwhile exactly once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "im.media.max-image-size=100KB")
@ActiveProfiles("test")
class BrowserChatTests {

	static final Duration WAIT = Duration.ofSeconds(15);

	/**
	 * Of the controls named, those without an accessible name, with text (an emoji) or
	 * whose icon drew nothing (the sprite or its symbol missing).
	 */
	/**
	 * The tab in the background, as a headless browser's never is: the page reads
	 * {@code document.hidden} and hears {@code visibilitychange}.
	 */
	private static final String TAB_HIDDEN = """
			Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
			Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
			document.dispatchEvent(new Event('visibilitychange'));""";

	/** The tab in front again. */
	private static final String TAB_SHOWN = """
			delete document.hidden;
			delete document.visibilityState;
			document.dispatchEvent(new Event('visibilitychange'));""";

	private static final String CONTROLS_WITHOUT_DRAWN_ICONS = """
			return arguments[0].filter((css) => {
			  const control = document.querySelector(css);
			  const named = control.getAttribute('aria-label') || control.title;
			  const drawn = control.querySelector('svg.icon use')?.getBBox().width > 0;
			  return !named || control.textContent.trim() !== '' || !drawn;
			});""";

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void client() {
		Browser.assumeInstalled();
		this.api = new Api(this.port);
	}

	@Test
	void twoPeopleChatReadAndRecoverFromADroppedConnection() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("alice-" + suffix, "Alice " + suffix);
		Session bob = this.api.register("bob-" + suffix, "Bob " + suffix);
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			alices.signIn(this.port, alice);
			bobs.signIn(this.port, bob);

			alices.type("#people input[name=query]", bob.username());
			alices.click("#people-results li[data-user-id='" + bob.userId() + "']");
			alices.awaitText("#chat-title", "Bob " + suffix);
			alices.type("#composer textarea", "Hello <b>Bob</b>, see https://example.com/plans");
			alices.click("#send");

			String conversation = "#conversations li";
			assertThat(bobs.awaitText(conversation + " .badge", "1")).isEqualTo("1");
			assertThat(bobs.text(conversation + " .text")).isEqualTo("Hello <b>Bob</b>, see https://example.com/plans");
			assertThat(bobs.awaitText(conversation + " .name", "Alice " + suffix)).contains("Alice " + suffix);
			bobs.click(conversation);
			String text = bobs.awaitText("#messages li.message .text", "Hello <b>Bob</b>");
			assertThat(text).as("what people type is shown as text").contains("<b>Bob</b>");
			assertThat(bobs.count("#messages b")).isZero();
			assertThat(bobs.run("return document.querySelector('#messages a').href"))
				.isEqualTo("https://example.com/plans");
			assertThat(bobs.text("#messages .link-preview")).as("a preview built from the URL's text")
				.isEqualTo("example.com\n/plans");
			assertThat(alices.awaitText("#messages li.message.mine .read", "read")).contains("read");

			bobs.type("#composer textarea", "Hi Alice!");
			bobs.click("#send");
			alices.awaitText("#messages", "Hi Alice!");

			// Bob's connection drops (an administrator disconnects it); Alice writes on
			Session admin = this.api.login("admin", "admin-test-password");
			this.api.delete("/api/v1/admin/users/" + bob.userId() + "/sessions", admin.accessToken());
			for (int i = 1; i <= 3; i++) {
				alices.type("#composer textarea", "While you were away " + i);
				alices.click("#send");
			}
			// the "reconnecting" banner shows for about a second
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> "1".equals(bobs.run("return document.body.dataset.connectionLost")));
			Awaitility.await()
				.atMost(WAIT)
				.untilAsserted(() -> assertThat(bobs.count("#messages li.message")).isEqualTo(5));
			for (int i = 1; i <= 3; i++) {
				String shown = (String) bobs
					.run("return [...document.querySelectorAll('#messages li.message .text')].map(e => e.textContent)"
							+ ".filter(t => t === arguments[0]).length + ''", "While you were away " + i);
				assertThat(shown).as("each message exactly once").isEqualTo("1");
			}
			Awaitility.await().atMost(WAIT).until(() -> !bobs.isShown("#status"));

			screenshot(bobs, "web-client-chat.png");
		}
	}

	@Test
	void aGroupIsCreatedInTheBrowserAndItsMembersTalkInIt() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("gail-" + suffix, "Gail " + suffix);
		Session bob = this.api.register("gus-" + suffix, "Gus " + suffix);
		Session carol = this.api.register("gia-" + suffix, "Gia " + suffix);
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			alices.signIn(this.port, alice);
			bobs.signIn(this.port, bob);

			alices.click("#new-group-open");
			alices.type("#new-group input[name=name]", "Trip <i>planning</i>");
			for (Session member : new Session[] { bob, carol }) {
				alices.type("#new-group input[name=query]", member.username());
				alices.click("#group-candidates li[data-user-id='" + member.userId() + "']");
			}
			assertThat(alices.text("#group-chosen")).isEqualTo(
					"Gus " + suffix + " (@" + bob.username() + "), Gia " + suffix + " (@" + carol.username() + ")");
			alices.click("#new-group button");
			alices.awaitText("#chat-title", "Trip <i>planning</i>");
			alices.type("#composer textarea", "Who brings the tent?");
			alices.click("#send");

			bobs.awaitText("#conversations", "Trip <i>planning</i>");
			bobs.click("#conversations li");
			bobs.awaitText("#messages", "Who brings the tent?");
			assertThat(bobs.count("#messages i")).as("the group's name and messages are text").isZero();
			assertThat(alices.awaitText("#messages li.message.mine .read", "read by 1")).contains("read by 1");

			long group = this.api.get("/api/v1/conversations", carol.accessToken())
				.json()
				.get("items")
				.get(0)
				.get("id")
				.asLong();
			this.api.post("/api/v1/conversations/" + group + "/messages",
					Map.of("clientMsgId", "c1", "type", "TEXT", "text", "I do"), carol.accessToken());
			for (Browser browser : new Browser[] { alices, bobs }) {
				assertThat(browser.awaitText("#messages li.message:last-child", "I do"))
					.as("others' messages name their sender")
					.contains("Gia " + suffix);
			}
		}
	}

	@Test
	void anImageIsSentSeenAndOpenedAndATooLargeOneIsRefused(@TempDir Path files) throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("pia-" + suffix, "Pia " + suffix);
		Session bob = this.api.register("pat-" + suffix, "Pat " + suffix);
		this.api.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken());
		Path photo = files.resolve("beach.png");
		BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
		image.setRGB(10, 10, 0xff8800);
		ImageIO.write(image, "png", photo.toFile());
		Path huge = files.resolve("huge.jpg");
		byte[] bytes = new byte[200 * 1024];
		bytes[0] = (byte) 0xFF;
		bytes[1] = (byte) 0xD8;
		bytes[2] = (byte) 0xFF;
		Files.write(huge, bytes);
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			alices.signIn(this.port, alice);
			bobs.signIn(this.port, bob);
			alices.click("#conversations li");
			alices.awaitText("#chat-title", "Pat " + suffix);
			alices.upload("#attach", photo);
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> Boolean.TRUE
					.equals(alices.run("const i = document.querySelector('#messages li.message.mine img.thumbnail');"
							+ " return i !== null && i.complete && i.naturalWidth > 0")));

			bobs.click("#conversations li");
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> Boolean.TRUE.equals(bobs.run(
						"const i = document.querySelector('#messages img.thumbnail'); return i !== null && i.naturalWidth > 0")));
			bobs.click("#messages img.thumbnail");
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> Boolean.TRUE.equals(bobs.run("return !document.getElementById('viewer').hidden"
						+ " && document.getElementById('viewer-image').naturalWidth === 64")));
			bobs.click("#viewer-close");

			alices.upload("#attach", huge);
			assertThat(alices.awaitText("#composer-error", "at most"))
				.isEqualTo("Image uploads may be at most 100 KB.");
			assertThat(alices.count("#messages li.message")).as("nothing was sent").isEqualTo(1);
		}
	}

	@Test
	void messagesAreRepliedToEditedAndRecalled() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("rae-" + suffix, "Rae " + suffix);
		Session bob = this.api.register("rob-" + suffix, "Rob " + suffix);
		this.api.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken());
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			alices.signIn(this.port, alice);
			bobs.signIn(this.port, bob);
			alices.click("#conversations li");
			alices.type("#composer textarea", "Meet at 5");
			alices.click("#send");
			bobs.click("#conversations li");
			bobs.awaitText("#messages", "Meet at 5");

			// the actions show on hover; a script clicks them
			bobs.run("document.querySelector('#messages li[data-seq=\"1\"] button.reply').click()");
			assertThat(bobs.awaitText("#context-text", "Replying to")).isEqualTo("Replying to: Meet at 5");
			bobs.type("#composer textarea", "OK");
			bobs.click("#send");
			assertThat(alices.awaitText("#messages li[data-seq='2'] .quote", "Meet at 5")).isEqualTo("Meet at 5");

			alices.run("document.querySelector('#messages li[data-seq=\"1\"] button.edit').click()");
			alices.type("#composer textarea", "Meet at 6");
			alices.click("#send");
			assertThat(bobs.awaitText("#messages li[data-seq='1']", "edited")).contains("Meet at 6");

			alices.run("document.querySelector('#messages li[data-seq=\"1\"] button.recall').click()");
			assertThat(bobs.awaitText("#messages li[data-seq='1']", "Message recalled")).doesNotContain("Meet at");
			assertThat(bobs.awaitText("#messages li[data-seq='2'] .quote", "Message recalled"))
				.isEqualTo("Message recalled");
		}
	}

	@Test
	void peopleFollowALiveRoomTheyCommentInAndHearWhenItCloses() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("lia-" + suffix, "Lia " + suffix);
		Session bob = this.api.register("leo-" + suffix, "Leo " + suffix);
		Session admin = this.api.login("admin", "admin-test-password");
		String roomId = "launch-" + suffix;
		this.api.post("/api/v1/admin/rooms", Map.of("id", roomId, "title", "Launch " + suffix, "keepLast", 5),
				admin.accessToken());
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			alices.signIn(this.port, alice);
			alices.click("#show-rooms");
			alices.click("#rooms li[data-room-id='" + roomId + "']");
			alices.awaitText("#chat-title", "Launch " + suffix);
			alices.type("#composer textarea", "First!");
			alices.click("#send");
			alices.awaitText("#messages", "First!");

			bobs.signIn(this.port, bob);
			bobs.click("#show-rooms");
			bobs.click("#rooms li[data-room-id='" + roomId + "']");
			assertThat(bobs.awaitText("#messages", "First!")).as("a late joiner gets the kept comments")
				.contains("Lia " + suffix);
			bobs.type("#composer textarea", "Hello room");
			bobs.click("#send");
			alices.awaitText("#messages", "Hello room");
			assertThat(alices.awaitText("#typing", "2 online")).isEqualTo("2 online");

			this.api.post("/api/v1/admin/announcements", Map.of("text", "We start in 5 minutes", "roomId", roomId),
					admin.accessToken());
			bobs.awaitText("#messages", "We start in 5 minutes");
			screenshot(bobs, "web-client-room.png");
			this.api.delete("/api/v1/admin/rooms/" + roomId, admin.accessToken());
			alices.awaitText("#typing", "This room was closed.");
			assertThat(alices.isShown("#composer")).isFalse();
		}
	}

	@Test
	void reactionsAndPinsShowOnEverySide() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("rea-" + suffix, "Rea " + suffix);
		Session bob = this.api.register("rob-" + suffix, "Rob " + suffix);
		long chat = this.api.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		this.api.post("/api/v1/conversations/" + chat + "/messages",
				Map.of("clientMsgId", "pin-me", "type", "TEXT", "text", "Release on Thursday"), alice.accessToken());
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			alices.signIn(this.port, alice);
			bobs.signIn(this.port, bob);
			alices.click("#conversations li");
			bobs.click("#conversations li");
			bobs.awaitText("#messages", "Release on Thursday");

			// the actions show on hover: clicked as the other tests here click them
			bobs.run("document.querySelector(\"#messages li[data-seq='1'] button.react\").click()");
			bobs.click("#messages li[data-seq='1'] .picker button[data-emoji='👍']");
			assertThat(alices.awaitText("#messages li[data-seq='1'] .reactions", "👍")).isEqualTo("👍 1");
			alices.click("#messages li[data-seq='1'] .reactions button[data-emoji='👍']");
			assertThat(bobs.awaitText("#messages li[data-seq='1'] .reactions", "2")).isEqualTo("👍 2");
			assertThat(alices.run("return document.querySelector(\"#messages li[data-seq='1'] .reaction\").className"))
				.isEqualTo("reaction mine");

			bobs.run("document.querySelector(\"#messages li[data-seq='1'] button.pin\").click()");
			alices.awaitText("#pins-open", "Pinned (1)");
			alices.click("#pins-open");
			assertThat(alices.awaitText("#pins-list", "Release")).contains("Release on Thursday", "pinned by Rob");
			alices.run("document.querySelector(\"#messages li[data-seq='1'] button.unpin\").click()");
			Awaitility.await().atMost(WAIT).until(() -> "Pinned".equals(bobs.text("#pins-open")));
		}
	}

	@Test
	void mentionsAreCompletedMarkedAndCounted() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("men-" + suffix, "Men " + suffix);
		Session bob = this.api.register("mbo-" + suffix, "Mbo " + suffix);
		Session carol = this.api.register("mca-" + suffix, "Mca " + suffix);
		this.api.post("/api/v1/conversations/groups",
				Map.of("name", "Launch " + suffix, "memberIds", List.of(bob.userId(), carol.userId())),
				alice.accessToken());
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			alices.signIn(this.port, alice);
			bobs.signIn(this.port, bob);
			bobs.awaitText("#conversations", "Launch " + suffix);
			alices.click("#conversations li");
			alices.awaitText("#chat-title", "Launch");

			alices.type("#composer textarea", "@mb");
			alices.click("#mention-suggestions button[data-username='" + bob.username() + "']");
			assertThat(alices.run("return document.querySelector('#composer textarea').value"))
				.isEqualTo("@" + bob.username() + " ");
			alices.click("#send");

			assertThat(bobs.awaitText("#conversations li .badge.mention", "@")).isEqualTo("@");
			bobs.click("#conversations li");
			bobs.awaitText("#messages", "@" + bob.username());
			assertThat(bobs.count("#messages li.message.mentions-me .mention.me")).isEqualTo(1);
			assertThat(alices.count("#messages li.message.mentions-me")).as("your own message never mentions you")
				.isZero();
		}
	}

	@Test
	void aMessageIsFoundMarkedAndOpenedWhereItIs() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("sea-" + suffix, "Sea " + suffix);
		Session bob = this.api.register("seb-" + suffix, "Seb " + suffix);
		long chat = this.api.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		say(alice, chat, "我们在搜索引擎上见");
		// more than the first page the client loads: the message found is further back
		for (int i = 1; i <= 55; i++) {
			say(alice, chat, "later " + i);
		}
		Awaitility.await()
			.atMost(WAIT)
			.until(() -> this.api.get("/api/v1/search/messages?q=%E6%90%9C%E7%B4%A2", bob.accessToken())
				.json()
				.get("results")
				.size() == 1);
		try (Browser bobs = Browser.open()) {
			bobs.signIn(this.port, bob);
			bobs.awaitText("#conversations", "Sea " + suffix);
			bobs.type("#message-search input", "搜索\n");
			bobs.awaitText("#search-results", "我们在搜索引擎上见");
			assertThat(bobs.text("#search-results li mark")).isEqualTo("搜索");
			assertThat(bobs.text("#search-results li .name")).contains("Sea " + suffix);
			assertThat(bobs.text("#search-summary")).isEqualTo("1 message found");
			screenshot(bobs, "web-client-search.png");
			bobs.click("#search-results li");
			bobs.awaitText("#messages li.message.found", "我们在搜索引擎上见");
			assertThat(bobs.run("return document.querySelector('#messages li.message.found').dataset.seq"))
				.isEqualTo("1");
			assertThat(bobs.count("#messages li.message")).as("everything from it to the latest").isEqualTo(56);

			bobs.type("#message-search input", "nothing-like-it-anywhere\n");
			bobs.awaitText("#search-summary", "No messages found");
		}
	}

	@Test
	void aHiddenTabNotifiesCountsInItsTitleAndKeepsMutedConversationsQuiet() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("not-" + suffix, "Not " + suffix);
		Session bob = this.api.register("nob-" + suffix, "Nob " + suffix);
		long chat = this.api.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		try (Browser bobs = Browser.open()) {
			bobs.signIn(this.port, bob);
			assertThat(bobs.run("return document.querySelector('#notify-toggle').getAttribute('aria-label')"))
				.isEqualTo("Turn on notifications");
			bobs.click("#notify-toggle");
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> "Notifications on"
					.equals(bobs.run("return document.querySelector('#notify-toggle').getAttribute('aria-label')")));
			bobs.click("#conversations li");
			bobs.awaitText("#chat-title", "Not " + suffix);

			bobs.run(TAB_HIDDEN);
			say(alice, chat, "Lunch?");
			Awaitility.await().atMost(WAIT).until(() -> "1".equals(bobs.run("return document.body.dataset.notified")));
			assertThat(bobs.run("return document.body.dataset.lastNotification")).isEqualTo("Not " + suffix);
			Awaitility.await().atMost(WAIT).until(() -> "(1) IM".equals(bobs.run("return document.title")));

			bobs.run(TAB_SHOWN);
			Awaitility.await().atMost(WAIT).until(() -> "IM".equals(bobs.run("return document.title")));
			bobs.click("#mute-conversation");
			bobs.awaitText("#mute-conversation", "Unmute");
			bobs.run(TAB_HIDDEN);
			say(alice, chat, "Are you there?");
			bobs.awaitText("#messages", "Are you there?");
			say(alice, chat, "@" + bob.username() + " lunch!");
			Awaitility.await().atMost(WAIT).until(() -> "2".equals(bobs.run("return document.body.dataset.notified")));
			assertThat(bobs.run("return document.body.dataset.lastNotification"))
				.as("a muted conversation notifies only of a mention")
				.isEqualTo("You were mentioned in Not " + suffix);
		}
	}

	private void say(Session from, long conversation, String text) {
		assertThat(this.api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", UUID.randomUUID().toString(), "type", "TEXT", "text", text), from.accessToken())
			.status()).isEqualTo(201);
	}

	@Test
	void theClientAndTheConsoleSpeakChineseWhenChosen() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("zha-" + suffix, "张三 " + suffix);
		Session bob = this.api.register("zhb-" + suffix, "李四 " + suffix);
		long chat = this.api.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		say(alice, chat, "我们在搜索引擎上见");
		try (Browser bobs = Browser.open()) {
			bobs.open(this.port, "/");
			bobs.run("localStorage.setItem('im-language', 'zh')");
			bobs.signIn(this.port, bob);
			assertThat(bobs.text("#show-chats")).isEqualTo("聊天");
			assertThat(bobs.run("return document.documentElement.lang")).isEqualTo("zh-CN");
			bobs.click("#conversations li");
			// what people wrote is never translated, and shows in Chinese type
			assertThat(bobs.awaitText("#messages", "搜索")).contains("我们在搜索引擎上见");
			assertThat(bobs.run("return document.querySelector('#composer textarea').placeholder")).isEqualTo("消息");

			bobs.open(this.port, "/admin");
			bobs.awaitText("#sign-in h2", "登录");

			bobs.open(this.port, "/");
			bobs.awaitText("#show-chats", "聊天");
			bobs.run(
					"const s = document.querySelector('#language'); s.value = 'en'; s.dispatchEvent(new Event('change'));");
			bobs.awaitText("#show-chats", "Chats");
		}
	}

	@Test
	void aVideoCallStartsFromAConversationRingsAndConnects() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("cal-" + suffix, "Cal " + suffix);
		Session bob = this.api.register("cid-" + suffix, "Cid " + suffix);
		this.api.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken());
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			alices.signIn(this.port, alice);
			bobs.signIn(this.port, bob);
			bobs.awaitText("#conversations", "Cal " + suffix);
			alices.click("#conversations li");
			// the controls are drawn icons with names, not emoji a system may have no
			// font for
			Awaitility.await()
				.atMost(WAIT)
				.untilAsserted(() -> assertThat(alices.run(CONTROLS_WITHOUT_DRAWN_ICONS,
						List.of("#audio-call", "#video-call", "#record", "#emoji-open", ".attach", "#notify-toggle")))
					.isEqualTo(List.of()));
			alices.click("#video-call");
			assertThat(alices.awaitText("#call-state", "Calling")).isEqualTo("Calling Cid " + suffix + "…");
			assertThat(bobs.awaitText("#call-state", "Incoming")).isEqualTo("Incoming video call from Cal " + suffix);
			bobs.click("#accept-call");

			String remotePlays = "const v = document.querySelector('.tile:not([data-tile=local]) video');"
					+ " return v !== null && v.videoWidth > 0";
			for (Browser browser : new Browser[] { alices, bobs }) {
				Awaitility.await()
					.atMost(Duration.ofSeconds(30))
					.until(() -> Boolean.TRUE.equals(browser.run(remotePlays)));
			}
			screenshot(bobs, "web-client-call.png");
			alices.click("#toggle-mic");
			assertThat(alices.text("#toggle-mic")).isEqualTo("Unmute");
			assertThat(alices.run("return document.querySelector('.tile[data-tile=local] video').srcObject"
					+ ".getAudioTracks().every(t => !t.enabled)"))
				.isEqualTo(true);
			alices.click("#hang-up");
			Awaitility.await().atMost(WAIT).until(() -> !bobs.isShown("#call"));
			assertThat(alices.isShown("#call")).isFalse();
		}
	}

	@Test
	void aGroupIsManagedFromTheClient() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("ora-" + suffix, "Ora " + suffix);
		Session bob = this.api.register("ned-" + suffix, "Ned " + suffix);
		Session carol = this.api.register("ivy-" + suffix, "Ivy " + suffix);
		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Club " + suffix, "memberIds", List.of(bob.userId())),
					alice.accessToken())
			.json()
			.get("id")
			.asLong();
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			alices.signIn(this.port, alice);
			bobs.signIn(this.port, bob);
			alices.click("#conversations li[data-conversation-id='" + group + "']");
			alices.click("#group-settings");
			alices.type("#group-rename input[name=name]", "Book club " + suffix);
			alices.click("#group-rename button");
			bobs.awaitText("#conversations", "Book club " + suffix);
			alices.type("#group-announce input[name=announcement]", "Meeting on Friday");
			alices.click("#group-announce button");
			alices.awaitText("#group-announcement", "Meeting on Friday");
			alices.click("#group-members li[data-member-id='" + bob.userId() + "'] button.role");
			alices.awaitText("#group-members li[data-member-id='" + bob.userId() + "']", "admin");
			// display names may repeat: the username beside one tells people apart
			alices.awaitText("#group-members li[data-member-id='" + bob.userId() + "']", "@" + bob.username());
			alices.type("#group-add input[name=query]", carol.username());
			alices.awaitText("#group-add-results li[data-user-id='" + carol.userId() + "']", "@" + carol.username());
			alices.click("#group-add-results li[data-user-id='" + carol.userId() + "']");
			alices.awaitText("#group-members", "Ivy " + suffix);

			bobs.click("#conversations li[data-conversation-id='" + group + "']");
			bobs.click("#group-settings");
			assertThat(bobs.awaitText("#group-announcement", "Meeting on Friday")).contains("Meeting on Friday");
			bobs.click("#group-leave");
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> alices.count("#group-members li") == 2
						&& alices.count("#group-members li[data-member-id='" + bob.userId() + "']") == 0);
			assertThat(this.api.get("/api/v1/conversations/" + group + "/members", carol.accessToken()).body())
				.doesNotContain("\"userId\":" + bob.userId() + ",");
		}
	}

	@Test
	void anEmojiAndAVoiceMessageRecordedInTheBrowser() throws InterruptedException {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("eva-" + suffix, "Eva " + suffix);
		Session bob = this.api.register("eli-" + suffix, "Eli " + suffix);
		this.api.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken());
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			alices.signIn(this.port, alice);
			bobs.signIn(this.port, bob);
			alices.click("#conversations li");
			alices.type("#composer textarea", "hi ");
			alices.click("#emoji-open");
			alices.click("#emoji button:first-child");
			alices.click("#send");
			bobs.click("#conversations li");
			assertThat(bobs.awaitText("#messages", "hi 😀")).contains("hi 😀");

			// the fake microphone records for a moment
			alices.click("#record");
			Thread.sleep(1500);
			alices.click("#record");
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> Boolean.TRUE.equals(bobs.run(
						"const a = document.querySelector('#messages audio'); return a !== null && a.src.startsWith('blob:')")));
		}
	}

	@Test
	void onAPhoneSizedScreenTheListAndTheChatTakeTurns() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("pam-" + suffix, "Pam " + suffix);
		Session bob = this.api.register("phil-" + suffix, "Phil " + suffix);
		long conversation = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		this.api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", "p1", "type", "TEXT", "text", "Are you on your phone?"), alice.accessToken());
		try (Browser phone = Browser.open()) {
			phone.resize(390, 800);
			phone.signIn(this.port, bob);
			phone.awaitText("#conversations", "Pam " + suffix);
			assertThat(phone.isShown("#chat")).as("the list takes the screen").isFalse();
			phone.click("#conversations li");
			phone.awaitText("#messages", "Are you on your phone?");
			assertThat(phone.isShown("#sidebar")).as("then the chat does").isFalse();
			phone.type("#composer textarea", "Yes!");
			phone.click("#send");
			phone.awaitText("#messages", "Yes!");
			screenshot(phone, "web-client-phone.png");
			phone.click("#back");
			phone.awaitText("#conversations", "Yes!");
			assertThat(phone.isShown("#chat")).isFalse();
		}
	}

	@Test
	void aGroupCallShowsATileForEachParticipant() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session[] people = { this.api.register("gc1-" + suffix, "Ann " + suffix),
				this.api.register("gc2-" + suffix, "Ben " + suffix),
				this.api.register("gc3-" + suffix, "Cat " + suffix) };
		this.api.post("/api/v1/conversations/groups",
				Map.of("name", "Standup " + suffix, "memberIds", List.of(people[1].userId(), people[2].userId())),
				people[0].accessToken());
		Browser[] browsers = { Browser.open(), Browser.open(), Browser.open() };
		try {
			for (int i = 0; i < 3; i++) {
				browsers[i].signIn(this.port, people[i]);
				browsers[i].awaitText("#conversations", "Standup " + suffix);
			}
			browsers[0].click("#conversations li");
			browsers[0].click("#video-call");
			for (int i = 1; i < 3; i++) {
				browsers[i].awaitText("#call-state", "Incoming video call");
				browsers[i].click("#accept-call");
			}
			String twoRemotePlay = "return [...document.querySelectorAll('.tile:not([data-tile=local]) video')]"
					+ ".filter(v => v.videoWidth > 0).length === 2";
			for (Browser browser : browsers) {
				Awaitility.await()
					.atMost(Duration.ofSeconds(40))
					.until(() -> Boolean.TRUE.equals(browser.run(twoRemotePlay)));
			}
			browsers[2].click("#hang-up");
			Awaitility.await()
				.atMost(WAIT)
				.until(() -> browsers[0].count(".tile") == 2 && browsers[1].count(".tile") == 2);
		}
		finally {
			for (Browser browser : browsers) {
				browser.close();
			}
		}
	}

	@Test
	void scrollingUpLoadsEarlierHistory() {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("hal-" + suffix, "Hal " + suffix);
		Session bob = this.api.register("hob-" + suffix, "Hob " + suffix);
		long conversation = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		for (int i = 1; i <= 70; i++) {
			this.api.post("/api/v1/conversations/" + conversation + "/messages",
					Map.of("clientMsgId", "h" + i, "type", "TEXT", "text", "history " + i), alice.accessToken());
		}
		try (Browser browser = Browser.open()) {
			browser.signIn(this.port, bob);
			browser.click("#conversations li");
			browser.awaitText("#messages", "history 70");
			assertThat(browser.count("#messages li.message")).as("the latest page").isEqualTo(50);
			browser.run("const list = document.getElementById('messages'); list.scrollTop = 0;"
					+ " list.dispatchEvent(new Event('scroll'))");
			Awaitility.await().atMost(WAIT).until(() -> browser.count("#messages li.message") == 70);
			assertThat(browser.text("#messages li.message[data-seq='1'] .text")).isEqualTo("history 1");
		}
	}

	private static void screenshot(Browser browser, String name) {
		try {
			Path screenshots = Path.of("target", "screenshots");
			Files.createDirectories(screenshots);
			Files.write(screenshots.resolve(name), browser.screenshot());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
