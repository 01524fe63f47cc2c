package im.api.chat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import im.support.Api;
import im.support.Api.Session;
import im.support.Instance;
import im.support.OwnJvm;
import im.support.RawStompClient;
import im.support.RealServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;

import static im.api.chat.ChatTestSupport.WAIT;
import static im.api.chat.ChatTestSupport.event;
import static im.api.chat.ChatTestSupport.json;
import static im.api.chat.ChatTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on a Redis server of this test's own, which it stops and starts again
 * empty, as a Redis without persistence comes back: while it is away, clients still
 * connect and chat across instances; presence queries answer 503; health says Redis is
 * down and readiness stays up. When it is back, each instance registers its sessions
 * again, so presence and routing are right without anyone reconnecting.
 */
@OwnJvm
@TestInstance(Lifecycle.PER_CLASS)
class RedisOutageTests {

	private final int redisPort = RealServices.freePort();

	private RedisServer redis;

	private Instance first;

	private Instance second;

	private Api a;

	private Api b;

	@BeforeAll
	void startTwoInstancesOnTheirOwnRedis() throws IOException {
		startRedis();
		this.first = Instance.start("redis-outage-a", ownServers());
		this.second = Instance.start("redis-outage-b", ownServers());
		this.a = this.first.api();
		this.b = this.second.api();
	}

	@AfterAll
	void stop() throws IOException {
		Stream.of(this.first, this.second).filter(Objects::nonNull).forEach(Instance::close);
		if (this.redis != null && this.redis.isActive()) {
			this.redis.stop();
		}
	}

	@Test
	void clientsChatAcrossInstancesWhileRedisIsAwayAndTheRegistryRecoversWhenItReturns() throws IOException {
		Session alice = this.a.newUser("stays");
		Session bob = this.b.newUser("there");
		Session carol = this.b.newUser("joins");
		long conversation = direct(alice, bob);
		long carols = direct(alice, carol);
		try (RawStompClient alices = ChatTestSupport.device(this.first.port(), alice);
				RawStompClient bobs = ChatTestSupport.device(this.second.port(), bob)) {
			alices.sendJson("/app/chat.send", send(conversation, "before", "TEXT", "before the outage"));
			assertThat(json(bobs.nextOn("messages", WAIT)).get("clientMsgId").asString()).isEqualTo("before");

			this.redis.stop();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(component(this.a, "redis")).isEqualTo("DOWN"));
			assertThat(this.a.get("/actuator/health/readiness", null).json().get("status").asString())
				.as("an instance without Redis still serves its clients")
				.isEqualTo("UP");

			alices.sendJson("/app/chat.send", send(conversation, "during", "TEXT", "while Redis is away"));
			assertThat(json(bobs.nextOn("messages", WAIT)).get("clientMsgId").asString())
				.as("to every instance, for want of the registry")
				.isEqualTo("during");
			try (RawStompClient carolsNew = ChatTestSupport.device(this.second.port(), carol)) {
				alices.sendJson("/app/chat.send", send(carols, "to-carol", "TEXT", "connected during the outage"));
				assertThat(json(carolsNew.nextOn("messages", WAIT)).get("clientMsgId").asString())
					.isEqualTo("to-carol");
			}
			Api.Response presence = this.a.get("/api/v1/presence?userIds=" + bob.userId(), alice.accessToken());
			assertThat(presence.status()).isEqualTo(503);
			assertThat(presence.header("Content-Type")).startsWith("application/problem+json");
			assertThat(presence.json().get("detail").asString()).contains("try again");
			assertThat(presence.header("Retry-After")).isEqualTo("5");

			// back, and empty: everything it knew is gone
			startRedis();
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				Api.Response answer = this.a.get("/api/v1/presence?userIds=" + bob.userId() + "," + carol.userId(),
						alice.accessToken());
				assertThat(answer.status()).as("Redis answers again").isEqualTo(200);
				JsonNode online = answer.json();
				assertThat(online.get(0).get("online").asBoolean()).as("bob, connected all along").isTrue();
				assertThat(online.get(1).get("online").asBoolean()).as("carol, gone during the outage").isFalse();
			});
			assertThat(component(this.a, "redis")).isEqualTo("UP");
			alices.sendJson("/app/chat.send", send(conversation, "after", "TEXT", "after the outage"));
			assertThat(json(bobs.nextOn("messages", WAIT)).get("clientMsgId").asString()).isEqualTo("after");

			// carol's going offline is in the presence query above; its push to alice is
			// best
			// effort: it may be announced before either instance found Redis empty
			bobs.close();
			awaitPresence(alices, bob, false);
		}
	}

	/** Skips events until the user's presence is announced as expected. */
	private static void awaitPresence(RawStompClient client, Session user, boolean online) {
		JsonNode presence;
		do {
			presence = event(client, "presence");
		}
		while (presence.get("userId").asLong() != user.userId() || presence.get("online").asBoolean() != online);
	}

	private long direct(Session from, Session to) {
		return this.a.post("/api/v1/conversations/direct", Map.of("userId", to.userId()), from.accessToken())
			.json()
			.get("id")
			.asLong();
	}

	private void startRedis() throws IOException {
		this.redis = RedisServer.newRedisServer()
			.port(this.redisPort)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		this.redis.start();
	}

	private static String component(Api api, String name) {
		return api.get("/actuator/health", null).json().get("components").get(name).get("status").asString();
	}

	private Map<String, String> ownServers() {
		return Map.of("spring.data.redis.url", "redis://127.0.0.1:" + this.redisPort, "im.cluster.topic",
				"im.deliveries.redis-outage");
	}

}
