package im.api.chat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.LongStream;

import im.support.Api;
import im.support.Api.Session;
import im.support.OwnJvm;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import im.support.RealServices;
import im.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.JsonNode;

import static im.api.chat.ChatTestSupport.JSON;
import static im.api.chat.ChatTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two cluster instances as separate processes, started as an operator starts them, on
 * this run's PostgreSQL, Redis and Kafka. Pairs of users chat across them at a steady
 * rate; one instance is killed with SIGKILL mid-run (no shutdown of any kind); its
 * clients reconnect to the other and run the sync algorithm of docs/protocol.md,
 * resending what was not acknowledged with the same {@code clientMsgId}. An offline check
 * over everything acknowledged, received and stored then finds no acknowledged message
 * lost, none stored or delivered twice, no gap left in any client's view, the other
 * instance's clients holding every message without a sync (what the dead instance stored
 * and had not yet sent reaches them from its outbox), and a user connected only to the
 * dead instance offline, and out of a room's audience, within the session TTL; and a
 * webhook endpoint told of every stored message, those the dead instance had not yet
 * reported included.
 */
@OwnJvm
@TestInstance(Lifecycle.PER_CLASS)
class KillNineTests {

	private static final int PAIRS = 4;

	private static final Duration TICK = Duration.ofMillis(40);

	private static final int TICKS = 150;

	private static final int KILL_AT_TICK = 60;

	private static final Duration SESSION_TTL = Duration.ofSeconds(5);

	private final int doomedPort = RealServices.freePort();

	private final int survivorPort = RealServices.freePort();

	private Process doomed;

	private Process survivor;

	@BeforeAll
	void startTwoInstanceProcesses() {
		this.doomed = launch("kill-nine-doomed", this.doomedPort);
		this.survivor = launch("kill-nine-survivor", this.survivorPort);
		awaitReady(this.doomed, this.doomedPort);
		awaitReady(this.survivor, this.survivorPort);
	}

	@AfterAll
	void stop() throws InterruptedException {
		for (Process process : new Process[] { this.doomed, this.survivor }) {
			if (process != null) {
				process.destroyForcibly();
				process.waitFor(30, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void killingAnInstanceLosesNothingAcknowledgedAndLeavesNoGap() throws Exception {
		Api doomedApi = new Api(this.doomedPort);
		Api survivorApi = new Api(this.survivorPort);
		List<Chatter> chatters = new ArrayList<>();
		for (int i = 0; i < PAIRS; i++) {
			Session left = doomedApi.newUser("doomed");
			Session right = survivorApi.newUser("survives");
			long conversation = doomedApi
				.post("/api/v1/conversations/direct", Map.of("userId", right.userId()), left.accessToken())
				.json()
				.get("id")
				.asLong();
			chatters.add(new Chatter(left, conversation, this.doomedPort));
			chatters.add(new Chatter(right, conversation, this.survivorPort));
		}
		// connected only to the instance that dies, and never again, in a live room
		Session ghost = doomedApi.newUser("ghost");
		RawStompClient ghosts = ChatTestSupport.device(this.doomedPort, ghost);
		String room = "kill-nine-" + ChatTestSupport.unique();
		Api.Response created = doomedApi.post("/api/v1/admin/rooms",
				Map.of("id", room, "title", "Watched by a ghost", "membersOnly", false),
				doomedApi.login("admin", "admin-test-password").accessToken());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		ghosts.subscribe("room", "/topic/rooms/" + room);
		WebhookReceiver hooks = WebhookReceiver.start();
		registerWebhook(doomedApi, survivorApi, hooks);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(audience(survivorApi, room, ghost)).isEqualTo(1));
		for (Chatter chatter : chatters) {
			chatter.connect();
		}

		long next = System.nanoTime();
		for (int tick = 0; tick < TICKS; tick++) {
			if (tick == KILL_AT_TICK) {
				this.doomed.destroyForcibly();
			}
			for (Chatter chatter : chatters) {
				if (chatter.client.isClosed()) {
					chatter.reconnectTo(this.survivorPort);
				}
				chatter.sendNext();
				chatter.readWhatArrived();
			}
			next += TICK.toNanos();
			Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
		}
		assertThat(this.doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(ghosts.isClosed()).as("the killed instance's connections are gone").isTrue();

		// what is still unacknowledged is sent again until it is, as a client would
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			for (Chatter chatter : chatters) {
				chatter.readWhatArrived();
				chatter.resendUnacknowledged();
			}
			assertThat(chatters).allMatch((chatter) -> chatter.unacknowledged.isEmpty());
		});
		// the survivor's clients never lost their connection: without any sync, they get
		// every message live, those the dead instance stored and had not yet handed to
		// Kafka included (the outbox sweep sends them once its rows are older than the
		// session TTL)
		await().atMost(SESSION_TTL.plusSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			for (int i = 1; i < chatters.size(); i += 2) {
				Chatter stayed = chatters.get(i);
				stayed.readWhatArrived();
				assertThat(stayed.received).as("live, without a sync").isEqualTo(history(survivorApi, stayed));
			}
		});
		for (Chatter chatter : chatters) {
			chatter.sync(survivorApi);
		}

		// the offline check
		for (int i = 0; i < chatters.size(); i++) {
			Chatter chatter = chatters.get(i);
			System.out.printf("%s: %d sent, %d resent after reconnecting, %d held%n", chatter.user.username(),
					chatter.sent.size(), chatter.resent, chatter.received.size());
			assertThat(chatter.reconnects).as("clients of the killed instance reconnect, once; the others stay")
				.isEqualTo((i % 2 == 0) ? 1 : 0);
		}
		for (int i = 0; i < PAIRS; i++) {
			Chatter left = chatters.get(2 * i);
			Chatter right = chatters.get(2 * i + 1);
			TreeMap<Long, String> stored = history(survivorApi, left);
			assertThat(stored.keySet()).as("gap-free seq")
				.containsExactlyElementsOf(LongStream.rangeClosed(1, stored.size()).boxed().toList());
			assertThat(Set.copyOf(stored.values())).as("no clientMsgId stored twice").hasSize(stored.size());
			Map<String, Long> storedIds = new HashMap<>();
			stored.forEach((seq, id) -> storedIds.put(id, seq));
			for (Chatter chatter : List.of(left, right)) {
				assertThat(storedIds).as("every acknowledged message stored, under its seq")
					.containsAllEntriesOf(chatter.acknowledged);
				assertThat(chatter.acknowledged.keySet()).as("every message sent is acknowledged in the end")
					.containsExactlyInAnyOrderElementsOf(chatter.sent);
				assertThat(chatter.received).as("each client holds every message once, by seq, after sync")
					.isEqualTo(stored);
				assertThat(chatter.conflicts).as("no seq seen with two messages").isEmpty();
			}
		}
		// every stored message reported to the webhook endpoint, those the dead instance
		// stored and had not reported included (the survivor takes them up, at once or
		// once
		// the dead instance's lease on them has run out)
		Set<String> reported = new HashSet<>();
		Set<String> storedEverywhere = new HashSet<>();
		for (int i = 0; i < PAIRS; i++) {
			Chatter left = chatters.get(2 * i);
			history(survivorApi, left).forEach((seq, id) -> storedEverywhere.add(left.conversation + "/" + seq));
		}
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			for (WebhookReceiver.Received event : hooks.drain()) {
				JsonNode message = event.data();
				reported.add(message.get("conversationId").asLong() + "/" + message.get("seq").asLong());
			}
			assertThat(reported).as("message.created for every stored message").containsAll(storedEverywhere);
		});
		hooks.close();
		// the ghost's session counted only until the dead instance's heart-beat aged out
		Session watcher = chatters.get(1).user;
		await().atMost(SESSION_TTL.plusSeconds(15))
			.untilAsserted(() -> assertThat(
					survivorApi.get("/api/v1/presence?userIds=" + ghost.userId(), watcher.accessToken())
						.json()
						.get(0)
						.get("online")
						.asBoolean())
				.isFalse());
		await().atMost(SESSION_TTL.plusSeconds(15))
			.untilAsserted(() -> assertThat(audience(survivorApi, room, watcher)).as("the room's audience").isZero());
		for (Chatter chatter : chatters) {
			chatter.client.close();
		}
	}

	/**
	 * Registers an endpoint for message.created on one instance, and waits until the
	 * other has read it too (within five seconds), probing with messages of a
	 * conversation of its own.
	 */
	private static void registerWebhook(Api registering, Api other, WebhookReceiver receiver) {
		Session admin = registering.login("admin", "admin-test-password");
		assertThat(registering
			.post("/api/v1/admin/webhooks", Map.of("url", receiver.url(), "events", List.of("message.created")),
					admin.accessToken())
			.status()).isEqualTo(201);
		Session prober = other.newUser("prober");
		Session probed = other.newUser("probed");
		long probes = other
			.post("/api/v1/conversations/direct", Map.of("userId", probed.userId()), prober.accessToken())
			.json()
			.get("id")
			.asLong();
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			String text = "probe " + ChatTestSupport.unique();
			other.post("/api/v1/conversations/" + probes + "/messages",
					Map.of("clientMsgId", text, "type", "TEXT", "text", text), prober.accessToken());
			assertThat(receiver.next("message.created", text, Duration.ofMillis(300))).isNotNull();
		});
		receiver.drain();
	}

	private static long audience(Api api, String room, Session asker) {
		return api.get("/api/v1/rooms/" + room, asker.accessToken()).json().get("online").asLong();
	}

	private static TreeMap<Long, String> history(Api api, Chatter member) {
		TreeMap<Long, String> stored = new TreeMap<>();
		page(api, member, 0, stored::put);
		return stored;
	}

	/**
	 * Reads the member's conversation after the {@code seq} given, page by page, handing
	 * on each message's {@code seq} and {@code clientMsgId}.
	 */
	private static void page(Api api, Chatter member, long afterSeq, BiConsumer<Long, String> each) {
		long after = afterSeq;
		JsonNode page;
		do {
			page = api
				.get("/api/v1/conversations/" + member.conversation + "/messages?limit=200&afterSeq=" + after,
						member.user.accessToken())
				.json();
			for (JsonNode message : page.get("messages")) {
				each.accept(message.get("seq").asLong(), message.get("clientMsgId").asString());
				after = message.get("seq").asLong();
			}
		}
		while (page.get("hasMore").asBoolean());
	}

	/**
	 * Starts the platform's main class in a JVM of its own, on the classpath this test
	 * runs with, against this run's services.
	 */
	private static Process launch(String name, int port) {
		RealServices.Database database = RealServices.postgres();
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "im.ImApplication",
				"--spring.profiles.active=test,cluster", "--server.port=" + port,
				"--im.cluster.instance-id=" + name + "-" + RealServices.RUN_ID,
				"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(),
				"--spring.data.redis.url=" + RealServices.redisUrl(),
				"--im.redis.key-prefix=" + RealServices.redisKeyPrefix() + "kill-nine:",
				"--spring.kafka.bootstrap-servers=" + RealServices.kafkaBootstrap(),
				"--im.cluster.topic=im.deliveries.kill-nine",
				"--im.cluster.session-ttl=" + SESSION_TTL.toSeconds() + "s");
		try {
			File log = new File("target/" + name + ".log");
			return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + name, ex);
		}
	}

	private static void awaitReady(Process process, int port) {
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
			assertThat(process.isAlive()).as("the instance on port " + port + " runs (its log is in target/)").isTrue();
			try {
				return http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
						.build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	/** One user on one device, following docs/protocol.md as a client must. */
	private static final class Chatter {

		private final Session user;

		private final long conversation;

		private int port;

		private RawStompClient client;

		private int count;

		private int reconnects;

		/**
		 * Messages sent again after the reconnect, unacknowledged when the instance died.
		 */
		private int resent;

		private final Set<String> sent = new LinkedHashSet<>();

		private final Set<String> unacknowledged = new LinkedHashSet<>();

		private final Map<String, Long> acknowledged = new HashMap<>();

		/** Every message of the conversation this device holds, by seq. */
		private final TreeMap<Long, String> received = new TreeMap<>();

		private final List<String> conflicts = new ArrayList<>();

		Chatter(Session user, long conversation, int port) {
			this.user = user;
			this.conversation = conversation;
			this.port = port;
		}

		void connect() {
			this.client = ChatTestSupport.device(this.port, this.user);
		}

		/** Subscribes first, then catches up, then resends (the sync algorithm). */
		void reconnectTo(int port) {
			this.reconnects++;
			this.resent += this.unacknowledged.size();
			this.client.close();
			this.port = port;
			connect();
			sync(new Api(port));
			resendUnacknowledged();
		}

		void sendNext() {
			String id = this.user.userId() + "-" + this.count++;
			this.sent.add(id);
			this.unacknowledged.add(id);
			send(id);
		}

		void resendUnacknowledged() {
			List.copyOf(this.unacknowledged).forEach(this::send);
		}

		private void send(String id) {
			try {
				this.client.sendJson("/app/chat.send",
						ChatTestSupport.send(this.conversation, id, "TEXT", "message " + id));
			}
			catch (RuntimeException ex) {
				// the connection died under it: resent after the reconnect
			}
		}

		void readWhatArrived() {
			for (Frame ack = this.client.nextOn("acks", Duration.ZERO); ack != null; ack = this.client.nextOn("acks",
					Duration.ZERO)) {
				JsonNode body = JSON.readTree(ack.body());
				String id = body.get("clientMsgId").asString();
				this.acknowledged.put(id, body.get("seq").asLong());
				this.unacknowledged.remove(id);
			}
			for (Frame message = this.client.nextOn("messages", Duration.ZERO); message != null; message = this.client
				.nextOn("messages", Duration.ZERO)) {
				JsonNode body = JSON.readTree(message.body());
				hold(body.get("seq").asLong(), body.get("clientMsgId").asString());
			}
			Frame error = this.client.nextOn("errors", Duration.ZERO);
			assertThat(error).as("no send refused").isNull();
		}

		/** Catches up from the end of what it holds without a gap. */
		void sync(Api api) {
			long contiguous = 0;
			while (this.received.containsKey(contiguous + 1)) {
				contiguous++;
			}
			page(api, this, contiguous, this::hold);
		}

		private void hold(long seq, String clientMsgId) {
			String held = this.received.putIfAbsent(seq, clientMsgId);
			if (held != null && !held.equals(clientMsgId)) {
				this.conflicts.add(seq + ": " + held + " and " + clientMsgId);
			}
		}

	}

}
