package im.api.chat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import im.ImApplication;
import im.support.Api;
import im.support.Api.Session;
import im.support.ClusterServices;
import im.support.RawStompClient;
import im.support.RealServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static im.api.chat.ChatTests.WAIT;
import static im.api.chat.ChatTests.event;
import static im.api.chat.ChatTests.json;
import static im.api.chat.ChatTests.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on a Redis server of this test's own, which it stops and starts again
 * empty, as a Redis without persistence comes back: while it is away, clients still
 * connect and chat across instances; presence queries answer 503; health says Redis is
 * down and readiness stays up. When it is back, each instance registers its sessions
 * again, so presence and routing are right without anyone reconnecting.
 */
@TestInstance(Lifecycle.PER_CLASS)
class RedisOutageTests {

	private final int redisPort = freePort();

	private RedisServer redis;

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	private Api a;

	private Api b;

	@BeforeAll
	void startTwoInstancesOnTheirOwnRedis() throws IOException {
		startRedis();
		this.first = start("redis-outage-a");
		this.second = start("redis-outage-b");
		this.a = new Api(port(this.first));
		this.b = new Api(port(this.second));
	}

	@AfterAll
	void stop() throws IOException {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { this.first,
				this.second }) {
			if (context != null) {
				context.close();
			}
		}
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
		try (RawStompClient alices = ChatTests.device(port(this.first), alice);
				RawStompClient bobs = ChatTests.device(port(this.second), bob)) {
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
			try (RawStompClient carolsNew = ChatTests.device(port(this.second), carol)) {
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

			awaitPresence(alices, carol, false);
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

	private ConfigurableApplicationContext start(String instanceId) {
		return new SpringApplicationBuilder(ImApplication.class).profiles("test", "cluster")
			.initializers(new ClusterServices(Map.of("spring.data.redis.url", "redis://127.0.0.1:" + this.redisPort,
					"im.cluster.topic", "im.deliveries.redis-outage")))
			.run("--server.port=0", "--im.cluster.instance-id=" + instanceId + "-" + RealServices.RUN_ID);
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port", ex);
		}
	}

}
