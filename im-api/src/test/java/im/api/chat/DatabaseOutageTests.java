package im.api.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.Instance;
import im.support.OwnJvm;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import im.support.RealServices;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

import static im.api.chat.ChatTestSupport.WAIT;
import static im.api.chat.ChatTestSupport.json;
import static im.api.chat.ChatTestSupport.send;
import static im.api.chat.ChatTestSupport.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster instance on a PostgreSQL server of this test's own, which it stops and starts
 * again on the same data: while the database is away no message is acknowledged, every
 * send is answered {@code service-unavailable} with its {@code clientMsgId} within the
 * connection wait (3 s here), sends beyond the write queue (4 here) at once, REST answers
 * 503 problems with {@code Retry-After}, and readiness is down. When it is back, the same
 * sends, retried with their ids, are stored once each, in order, without a gap.
 */
@OwnJvm
@TestInstance(Lifecycle.PER_CLASS)
class DatabaseOutageTests {

	/** Two alone, then forty in one burst: ten times the write queue (4 here). */
	private static final int SENT_DURING = 42;

	private static final Duration CONNECTION_WAIT = Duration.ofSeconds(3);

	private final int port = RealServices.freePort();

	private Path data;

	private EmbeddedPostgres postgres;

	private Instance instance;

	private Api api;

	@BeforeAll
	void startAnInstanceOnItsOwnDatabase() throws IOException {
		this.data = Files.createTempDirectory("im-database-outage");
		startPostgres();
		this.instance = Instance.start("database-outage",
				Map.of("spring.datasource.url", this.postgres.getJdbcUrl("postgres", "postgres"),
						"spring.datasource.username", "postgres", "spring.datasource.password", "", "im.cluster.topic",
						"im.deliveries.database-outage"),
				"--im.db.connection-wait=" + CONNECTION_WAIT.toSeconds() + "s", "--im.chat.write-queue=4");
		this.api = this.instance.api();
	}

	@AfterAll
	void stop() throws IOException {
		if (this.instance != null) {
			this.instance.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
		FileSystemUtils.deleteRecursively(this.data);
	}

	@Test
	void nothingIsAcknowledgedWhileTheDatabaseIsAwayAndRetriesAreStoredOnceWhenItIsBack() throws Exception {
		Session alice = this.api.newUser("writes");
		Session bob = this.api.newUser("reads");
		long conversation = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		try (RawStompClient alices = ChatTestSupport.device(this.instance.port(), alice);
				RawStompClient bobs = ChatTestSupport.device(this.instance.port(), bob)) {
			alices.sendJson("/app/chat.send", send(conversation, "before", "TEXT", "before the outage"));
			assertThat(json(alices.nextOn("acks", WAIT)).get("seq").asLong()).isEqualTo(1);
			assertThat(json(bobs.nextOn("messages", WAIT)).get("clientMsgId").asString()).isEqualTo("before");

			this.postgres.close();
			List<String> during = IntStream.range(0, SENT_DURING).mapToObj((i) -> "during-" + i).toList();
			Set<String> refused = new HashSet<>();
			List<String> details = new ArrayList<>();
			// the first finds the database gone (a pooled connection fails, or the wait
			// for
			// a new one runs out): after it, every batch waits the whole connection wait
			long sentAt = System.nanoTime();
			alices.sendJson("/app/chat.send", send(conversation, during.get(0), "TEXT", "while the database is away"));
			refused(alices, refused, details);
			assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).as("answered after the connection wait, not 30 s")
				.isLessThan(CONNECTION_WAIT.plusSeconds(2));
			// the next holds the writer for the connection wait (unless a pooled
			// connection
			// fails it at once); of the burst sent meanwhile, what does not fit in the
			// write
			// queue is refused at once
			alices.sendJson("/app/chat.send", send(conversation, during.get(1), "TEXT", "while the database is away"));
			Thread.sleep(CONNECTION_WAIT.dividedBy(3).toMillis());
			alices.sendTogether(during.subList(2, SENT_DURING)
				.stream()
				.map((id) -> new Frame("SEND",
						Map.of("destination", "/app/chat.send", "content-type", "application/json"),
						send(conversation, id, "TEXT", "while the database is away")))
				.toArray(Frame[]::new));
			for (int i = 1; i < SENT_DURING; i++) {
				refused(alices, refused, details);
			}
			assertThat(refused).containsExactlyInAnyOrderElementsOf(during);
			assertThat(details).as("the writer's: told to send again")
				.anyMatch((detail) -> detail.contains("not stored") && detail.contains("same clientMsgId"));
			assertThat(details).as("beyond the write queue: refused at once")
				.anyMatch((detail) -> detail.contains("waiting to be stored"));
			assertThat(alices.nextOn("acks", Duration.ofMillis(200))).as("nothing acknowledged").isNull();
			assertThat(bobs.nextOn("messages", Duration.ofMillis(200))).as("nothing delivered").isNull();

			Response history = this.api.get("/api/v1/conversations/" + conversation + "/messages", bob.accessToken());
			assertThat(history.status()).as(history.toString()).isEqualTo(503);
			assertThat(history.header("Content-Type")).startsWith("application/problem+json");
			assertThat(history.json().get("code").asString()).isEqualTo("service-unavailable");
			assertThat(history.header("Retry-After")).isEqualTo("5");
			Response posted = this.api.post("/api/v1/conversations/" + conversation + "/messages",
					Map.of("clientMsgId", "rest-during", "type", "TEXT", "text", "over REST"), alice.accessToken());
			assertThat(posted.status()).as(posted.toString()).isEqualTo(503);
			// refused by the send, or before it, by the token's check when it needs the
			// database: either way not stored, and said so
			assertThat(posted.json().get("code").asString()).isEqualTo("service-unavailable");
			assertThat(posted.header("Retry-After")).isEqualTo("5");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(this.api.get("/actuator/health/readiness", null).status()).isEqualTo(503));

			startPostgres();
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(
						() -> assertThat(this.api.get("/actuator/health/readiness", null).status()).isEqualTo(200));
			// one at a time, each once the one before is acknowledged: four would fill
			// this test's write queue
			for (int i = 0; i < SENT_DURING; i++) {
				alices.sendJson("/app/chat.send",
						send(conversation, during.get(i), "TEXT", "while the database is away"));
				JsonNode ack = json(alices.nextOn("acks", WAIT));
				assertThat(ack.get("clientMsgId").asString()).isEqualTo(during.get(i));
				assertThat(ack.get("seq").asLong()).isEqualTo(2 + i);
				assertThat(ack.get("duplicate").asBoolean()).isFalse();
			}
			for (String id : during) {
				assertThat(json(bobs.nextOn("messages", WAIT)).get("clientMsgId").asString()).isEqualTo(id);
			}
			// a retry of one stored meanwhile: its first acknowledgement again, no copy
			alices.sendJson("/app/chat.send", send(conversation, "during-0", "TEXT", "while the database is away"));
			JsonNode again = json(alices.nextOn("acks", WAIT));
			assertThat(again.get("seq").asLong()).isEqualTo(2);
			assertThat(again.get("duplicate").asBoolean()).isTrue();
			Frame copy = bobs.nextOn("messages", Duration.ofMillis(500));
			assertThat(copy).as("delivered once").isNull();
		}
		JsonNode page = this.api.get("/api/v1/conversations/" + conversation + "/messages", bob.accessToken()).json();
		assertThat(seqs(page)).containsExactlyInAnyOrderElementsOf(
				IntStream.rangeClosed(1, 1 + SENT_DURING).mapToObj(Long::valueOf).toList());
	}

	/**
	 * The next error on the client's errors queue: the database's, with the send's id.
	 */
	private static void refused(RawStompClient client, Set<String> refused, List<String> details) {
		JsonNode error = json(client.nextOn("errors", WAIT));
		assertThat(error.get("code").asString()).isEqualTo("service-unavailable");
		assertThat(error.get("status").asInt()).isEqualTo(503);
		refused.add(error.get("clientMsgId").asString());
		details.add(error.get("detail").asString());
	}

	private void startPostgres() throws IOException {
		this.postgres = EmbeddedPostgres.builder()
			.setPort(this.port)
			.setDataDirectory(this.data)
			.setCleanDataDirectory(false)
			.start();
	}

}
