package im.api.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import im.core.delivery.ClusterSettings;
import im.support.Api;
import im.support.Api.Session;
import im.support.Instance;
import im.support.OwnJvm;
import im.support.RawStompClient;
import im.support.RealServices;
import kafka.server.BrokerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static im.api.chat.ChatTestSupport.WAIT;
import static im.api.chat.ChatTestSupport.json;
import static im.api.chat.ChatTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on a Kafka broker of this test's own, which it stops and starts again:
 * while Kafka is away, messages are still accepted and stored, each instance's own
 * clients still get them, health says Kafka is down (readiness does not); once it is
 * back, the clients of the other instance get what was stored meanwhile, in order. What
 * was sent leaves the outbox, also when an instance stops.
 */
@OwnJvm
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaOutageTests {

	private final EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);

	private Instance first;

	private Instance second;

	private Api a;

	private Api b;

	@BeforeAll
	void startTwoInstancesOnTheirOwnBroker() {
		this.kafka.afterPropertiesSet();
		this.first = Instance.start("kafka-outage-a", ownServers());
		this.second = Instance.start("kafka-outage-b", ownServers());
		this.a = this.first.api();
		this.b = this.second.api();
	}

	@AfterAll
	void stop() {
		Stream.of(this.first, this.second).filter(Objects::nonNull).forEach(Instance::close);
		this.kafka.destroy();
	}

	@Test
	@Order(1)
	void messagesStoredWhileKafkaIsAwayReachTheOtherInstanceWhenItReturns() {
		Session alice = this.a.newUser("sender");
		Session bob = this.b.newUser("across");
		long conversation = this.a
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		try (RawStompClient alices = ChatTestSupport.device(this.first.port(), alice);
				RawStompClient alicesOther = ChatTestSupport.device(this.first.port(), alice);
				RawStompClient bobs = ChatTestSupport.device(this.second.port(), bob)) {
			alices.sendJson("/app/chat.send", send(conversation, "before", "TEXT", "before the outage"));
			alices.nextOn("acks", WAIT);
			assertThat(json(bobs.nextOn("messages", WAIT)).get("clientMsgId").asString()).isEqualTo("before");
			alicesOther.nextOn("messages", WAIT);

			broker().shutdown();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(component(this.a, "/actuator/health", "kafka")).isEqualTo("DOWN"));
			assertThat(this.a.get("/actuator/health/readiness", null).json().get("status").asString())
				.as("an instance without Kafka still serves its own clients")
				.isEqualTo("UP");
			Map<String, Long> acknowledged = new HashMap<>();
			for (int i = 0; i < 5; i++) {
				alices.sendJson("/app/chat.send", send(conversation, "during-" + i, "TEXT", "during " + i));
				JsonNode ack = json(alices.nextOn("acks", WAIT));
				acknowledged.put(ack.get("clientMsgId").asString(), ack.get("seq").asLong());
				// well within the producer's delivery timeout (10 s), which the first
				// send to the missing broker waits for: this instance's own sessions
				// must not wait with it
				assertThat(json(alicesOther.nextOn("messages", Duration.ofSeconds(4))).get("clientMsgId").asString())
					.as("the sender's other device, on the same instance, at once without Kafka")
					.isEqualTo("during-" + i);
			}
			assertThat(acknowledged).hasSize(5);
			assertThat(this.b.get("/api/v1/conversations/" + conversation + "/messages?afterSeq=1", bob.accessToken())
				.json()
				.get("messages")).as("stored while Kafka is away").hasSize(5);

			broker().startup();
			List<Long> received = new ArrayList<>();
			while (received.size() < 5) {
				long seq = json(bobs.nextOn("messages", Duration.ofSeconds(60))).get("seq").asLong();
				if (!received.contains(seq)) {
					received.add(seq);
				}
			}
			assertThat(received).as("every acknowledged message, in order")
				.containsExactly(acknowledged.get("during-0"), acknowledged.get("during-1"),
						acknowledged.get("during-2"), acknowledged.get("during-3"), acknowledged.get("during-4"));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(component(this.a, "/actuator/health", "kafka")).isEqualTo("UP"));

			alices.sendJson("/app/chat.send", send(conversation, "after", "TEXT", "after the outage"));
			assertThat(json(bobs.nextOn("messages", WAIT)).get("clientMsgId").asString()).isEqualTo("after");
			String sender = this.first.bean(ClusterSettings.class).instanceId();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(outboxRowsOf(sender)).as("the backlog and what came after, once sent")
					.isZero());
		}
	}

	/**
	 * Sent rows are deleted together, a moment later; an instance that stops deletes
	 * those it has sent first, or a restart under its name would send them again.
	 */
	@Test
	@Order(2)
	void anInstanceThatStopsLeavesNothingItSentInTheOutbox() {
		Session carol = this.a.newUser("stopping");
		Session dave = this.b.newUser("staying");
		long conversation = this.a
			.post("/api/v1/conversations/direct", Map.of("userId", dave.userId()), carol.accessToken())
			.json()
			.get("id")
			.asLong();
		try (RawStompClient carols = ChatTestSupport.device(this.first.port(), carol);
				RawStompClient daves = ChatTestSupport.device(this.second.port(), dave)) {
			for (int i = 0; i < 3; i++) {
				carols.sendJson("/app/chat.send", send(conversation, "last-" + i, "TEXT", "last words " + i));
				carols.nextOn("acks", WAIT);
				assertThat(json(daves.nextOn("messages", WAIT)).get("clientMsgId").asString()).isEqualTo("last-" + i);
			}
			String stopped = this.first.bean(ClusterSettings.class).instanceId();
			this.first.close();
			assertThat(outboxRowsOf(stopped)).isZero();
		}
	}

	/** Read through the second instance, which outlives the first. */
	private long outboxRowsOf(String instanceId) {
		return this.second.bean(JdbcTemplate.class)
			.queryForObject("SELECT COUNT(*) FROM delivery_outbox WHERE instance_id = ?", Long.class, instanceId);
	}

	private BrokerServer broker() {
		return this.kafka.getCluster().brokers().values().iterator().next();
	}

	private static String component(Api api, String path, String name) {
		return api.get(path, null).json().get("components").get(name).get("status").asString();
	}

	private Map<String, String> ownServers() {
		return Map.of("spring.kafka.bootstrap-servers", this.kafka.getBrokersAsString(), "im.redis.key-prefix",
				RealServices.redisKeyPrefix() + "kafka-outage:");
	}

}
