package im.api.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import im.core.delivery.ClusterSettings;
import im.support.Api;
import im.support.Api.Session;
import im.support.CallDevice;
import im.support.Instance;
import im.support.OwnJvm;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import im.support.RealServices;
import im.support.WebhookReceiver;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.JsonNode;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;

import static im.api.chat.ChatTestSupport.WAIT;
import static im.api.chat.ChatTestSupport.event;
import static im.api.chat.ChatTestSupport.json;
import static im.api.chat.ChatTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the platform in one test, on random ports, sharing this run's real
 * PostgreSQL, Redis and Kafka, as behind a load balancer: clients of one reach clients of
 * the other, and when one goes away its clients carry on at the other with nothing lost.
 */
@OwnJvm
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstanceTests {

	private Instance first;

	private Instance second;

	private Api a;

	private Api b;

	@BeforeAll
	void startTwoInstances() {
		this.first = Instance.start("node-a", Map.of(), "--im.presence.max-devices=3");
		// instance ids are random per run; one in eleven pairs would share a partition,
		// where each instance also fetches the other's records (and skips them)
		for (int attempt = 0; this.second == null; attempt++) {
			Instance candidate = Instance.start("node-b" + attempt, Map.of(), "--im.presence.max-devices=3");
			if (ownPartition(candidate) != ownPartition(this.first) || attempt == 4) {
				this.second = candidate;
			}
			else {
				candidate.close();
			}
		}
		this.a = this.first.api();
		this.b = this.second.api();
	}

	@AfterAll
	void stop() {
		Stream.of(this.first, this.second).filter(Objects::nonNull).forEach(Instance::close);
	}

	@Test
	void clientsOfDifferentInstancesChatAndSeeEachOther() {
		Session alice = this.a.newUser("across");
		Session bob = this.b.newUser("over");
		long conversation = direct(alice, bob);
		try (RawStompClient alicesPhone = device(this.a, alice);
				RawStompClient alicesLaptop = device(this.b, alice);
				RawStompClient bobs = device(this.b, bob)) {
			JsonNode online = event(alicesPhone, "presence");
			assertThat(online.get("userId").asLong()).isEqualTo(bob.userId());
			assertThat(online.get("online").asBoolean()).isTrue();

			alicesPhone.sendJson("/app/chat.send", send(conversation, "x-1", "TEXT", "from node a"));
			JsonNode ack = json(alicesPhone.nextOn("acks", WAIT));
			for (RawStompClient device : List.of(alicesPhone, alicesLaptop, bobs)) {
				JsonNode message = json(device.nextOn("messages", WAIT));
				assertThat(message.get("seq").asLong()).isEqualTo(ack.get("seq").asLong());
				assertThat(message.get("text").asString()).isEqualTo("from node a");
			}

			bobs.sendJson("/app/chat.typing", "{\"conversationId\":" + conversation + "}");
			assertThat(event(alicesPhone, "typing").get("userId").asLong()).isEqualTo(bob.userId());

			bobs.sendJson("/app/chat.read", "{\"conversationId\":" + conversation + ",\"seq\":1}");
			assertThat(event(alicesPhone, "read").get("userId").asLong()).isEqualTo(bob.userId());

			alicesLaptop.sendJson("/app/chat.edit",
					"{\"conversationId\":" + conversation + ",\"seq\":1,\"text\":\"edited on node b\"}");
			assertThat(event(alicesPhone, "message-edited").get("text").asString()).isEqualTo("edited on node b");
			assertThat(event(bobs, "message-edited").get("text").asString()).isEqualTo("edited on node b");
		}
	}

	/**
	 * The relay does not wait for Kafka's acknowledgement of one batch before it sends
	 * the next: the producer keeps one partition's records in order across its requests.
	 */
	@Test
	void aConversationsMessagesReachTheOtherInstanceInOrder() {
		Session alice = this.a.newUser("burst");
		Session bob = this.b.newUser("reader");
		long conversation = direct(alice, bob);
		try (RawStompClient alices = device(this.a, alice); RawStompClient bobs = device(this.b, bob)) {
			int count = 60;
			for (int i = 0; i < count; i++) {
				alices.sendJson("/app/chat.send", send(conversation, "burst-" + i, "TEXT", "m" + i));
			}
			List<Long> received = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				received.add(json(bobs.nextOn("messages", WAIT)).get("seq").asLong());
			}
			assertThat(received).containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
		}
	}

	/**
	 * An instance reads the partition every instance reads and its own, and a delivery
	 * for a client of the other instance goes to that one's partition alone: so the
	 * sender's instance never fetches it (room counts and broadcasts, on partition 0, may
	 * go on meanwhile).
	 */
	@Test
	void anInstanceReadsWhatIsAddressedToItAndNotWhatIsAddressedToTheOther() {
		int firstsOwn = ownPartition(this.first);
		int secondsOwn = ownPartition(this.second);
		assertThat(firstsOwn).as("the instances' ids hash to different partitions").isNotEqualTo(secondsOwn);

		Session alice = this.a.newUser("reader");
		Session bob = this.b.newUser("writer");
		long conversation = direct(alice, bob);
		try (RawStompClient alices = device(this.a, alice); RawStompClient bobs = device(this.b, bob)) {
			// bob's presence reaches alice through Kafka; nothing else is in flight then
			event(alices, "presence");
			Map<Integer, Long> before = endOffsets(firstsOwn, secondsOwn);
			bobs.sendJson("/app/chat.send", send(conversation, "only-to-a", "TEXT", "to node a"));
			assertThat(json(alices.nextOn("messages", WAIT)).get("text").asString()).isEqualTo("to node a");
			assertThat(json(bobs.nextOn("messages", WAIT)).get("text").asString()).isEqualTo("to node a");
			Map<Integer, Long> after = endOffsets(firstsOwn, secondsOwn);
			assertThat(after.get(firstsOwn) - before.get(firstsOwn)).as("records for the first instance")
				.isGreaterThanOrEqualTo(1);
			assertThat(after.get(secondsOwn)).as("records for the sender's own instance")
				.isEqualTo(before.get(secondsOwn));
		}
	}

	/**
	 * Operators see how long deliveries take between instances, in two parts: the wait in
	 * the sender's relay and the transit through Kafka to the receiver's pushes.
	 */
	@Test
	void theHopBetweenInstancesIsTimedForOperators() {
		Session alice = this.a.newUser("timed");
		Session bob = this.b.newUser("timer");
		long conversation = direct(alice, bob);
		try (RawStompClient alices = device(this.a, alice); RawStompClient bobs = device(this.b, bob)) {
			event(alices, "presence");
			double relayedBefore = this.b.metric("im_delivery_relay_wait_seconds_count");
			double transitsBefore = this.a.metric("im_delivery_transit_seconds_count");
			double transitTimeBefore = this.a.metric("im_delivery_transit_seconds_sum");
			bobs.sendJson("/app/chat.send", send(conversation, "timed-1", "TEXT", "to node a, timed"));
			assertThat(json(alices.nextOn("messages", WAIT)).get("text").asString()).isEqualTo("to node a, timed");
			assertThat(this.b.metric("im_delivery_relay_wait_seconds_count")).as("deliveries relayed by the sender's")
				.isGreaterThan(relayedBefore);
			assertThat(this.a.metric("im_delivery_transit_seconds_count")).as("deliveries received through Kafka")
				.isGreaterThan(transitsBefore);
			assertThat(this.a.metric("im_delivery_transit_seconds_sum") - transitTimeBefore)
				.as("seconds in transit, for what arrived meanwhile")
				.isBetween(0.0, WAIT.toSeconds() * 1.0);
			assertThat(this.a.metric("im_delivery_transit_seconds_bucket{le=\"+Inf\"}"))
				.as("a histogram, for percentiles over any window")
				.isEqualTo(this.a.metric("im_delivery_transit_seconds_count"));
		}
	}

	/** The partition besides 0 that the instance reads, checking that it reads two. */
	private static int ownPartition(Instance instance) {
		List<Integer> partitions = instance.bean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer("im-deliveries")
			.getAssignedPartitions()
			.stream()
			.map(TopicPartition::partition)
			.sorted()
			.toList();
		assertThat(partitions).as("the partitions the instance reads").hasSize(2).first().isEqualTo(0);
		return partitions.get(1);
	}

	/** How many records each of the partitions holds so far. */
	private Map<Integer, Long> endOffsets(int... partitions) {
		String topic = this.first.bean(ClusterSettings.class).topic();
		List<TopicPartition> asked = IntStream.of(partitions).mapToObj((p) -> new TopicPartition(topic, p)).toList();
		try (Consumer<?, ?> consumer = this.first.bean(ConsumerFactory.class).createConsumer()) {
			Map<Integer, Long> ends = new HashMap<>();
			consumer.endOffsets(asked).forEach((partition, end) -> ends.put(partition.partition(), end));
			return ends;
		}
	}

	@Test
	void aGroupSpreadOverBothInstancesGetsEveryMessage() {
		Session owner = this.a.newUser("spread");
		List<Session> members = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			members.add(((i % 2 == 0) ? this.a : this.b).newUser("member"));
		}
		long group = this.a
			.post("/api/v1/conversations/groups",
					Map.of("name", "Spread", "memberIds", members.stream().map(Session::userId).toList()),
					owner.accessToken())
			.json()
			.get("id")
			.asLong();
		long lastSeq = this.a.get("/api/v1/conversations/" + group + "/messages", owner.accessToken())
			.json()
			.get("lastSeq")
			.asLong();
		List<RawStompClient> devices = new ArrayList<>();
		try {
			for (int i = 0; i < members.size(); i++) {
				devices.add(device((i % 2 == 0) ? this.a : this.b, members.get(i)));
			}
			int perMember = 25;
			for (int m = 0; m < perMember; m++) {
				for (int i = 0; i < devices.size(); i++) {
					devices.get(i).sendJson("/app/chat.send", send(group, "g" + i + "-" + m, "TEXT", "m" + m));
				}
			}
			int total = perMember * devices.size();
			for (RawStompClient device : devices) {
				List<Long> received = new ArrayList<>();
				for (int i = 0; i < total; i++) {
					received.add(json(device.nextOn("messages", WAIT)).get("seq").asLong());
				}
				assertThat(received).containsExactlyInAnyOrderElementsOf(
						LongStream.rangeClosed(lastSeq + 1, lastSeq + total).boxed().toList());
			}
		}
		finally {
			devices.forEach(RawStompClient::close);
		}
	}

	@Test
	void theDeviceLimitCountsDevicesOnEveryInstance() {
		Session user = this.a.newUser("many");
		List<RawStompClient> devices = new ArrayList<>();
		try {
			devices.add(device(this.a, user));
			devices.add(device(this.b, user));
			devices.add(device(this.a, user));
			devices.add(device(this.b, user));
			Frame error = devices.get(0).next(WAIT);
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("code")).isEqualTo("device-limit");
			devices.add(device(this.a, user));
			Frame second = devices.get(1).next(WAIT);
			assertThat(second.command()).as("the oldest, on the other instance").isEqualTo("ERROR");
			assertThat(second.header("code")).isEqualTo("device-limit");
		}
		finally {
			devices.forEach(RawStompClient::close);
		}
	}

	@Test
	void aCallConnectsConnectionsOfDifferentInstances() {
		Session alice = this.a.newUser("calling");
		Session bob = this.b.newUser("called");
		long conversation = direct(alice, bob);
		try (CallDevice alices = CallDevice.connect(this.first.port(), alice);
				CallDevice phone = CallDevice.connect(this.second.port(), bob);
				CallDevice laptop = CallDevice.connect(this.first.port(), bob)) {
			alices.send("start", Map.of("conversationId", conversation, "kind", "VIDEO"));
			JsonNode room = alices.next("call-room");
			long call = room.get("callId").asLong();
			long alicePeer = room.get("peerId").asLong();
			phone.next("call-ringing");
			laptop.next("call-ringing");
			phone.send("join", Map.of("callId", call));
			long bobPeer = phone.next("call-room").get("peerId").asLong();
			assertThat(alices.next("peer-joined").get("peer").get("peerId").asLong()).isEqualTo(bobPeer);
			assertThat(laptop.next("call-accepted").get("userId").asLong()).isEqualTo(bob.userId());

			// from one instance's connection to the other's, through Kafka, in order
			alices.send("signal", Map.of("callId", call, "to", bobPeer, "kind", "offer", "sdp", "v=0 across"));
			for (int i = 0; i < 20; i++) {
				alices.send("signal", Map.of("callId", call, "to", bobPeer, "kind", "candidate", "candidate",
						Map.of("candidate", "candidate:" + i)));
			}
			assertThat(phone.next("signal").get("sdp").asString()).isEqualTo("v=0 across");
			for (int i = 0; i < 20; i++) {
				assertThat(phone.next("signal").get("candidate").get("candidate").asString())
					.isEqualTo("candidate:" + i);
			}
			phone.send("signal", Map.of("callId", call, "to", alicePeer, "kind", "answer", "sdp", "v=0 back"));
			assertThat(alices.next("signal").get("sdp").asString()).isEqualTo("v=0 back");
			assertThat(laptop.none("signal", Duration.ofMillis(500))).isTrue();

			phone.send("leave", Map.of("callId", call));
			for (CallDevice device : List.of(alices, phone, laptop)) {
				assertThat(device.next("call-ended").get("reason").asString()).isEqualTo("HUNG_UP");
			}
		}
	}

	@Test
	void integratorPushesReachConnectionsOnEitherInstance() {
		Session admin = this.a.login("admin", "admin-test-password");
		String key = this.a
			.post("/api/v1/admin/api-keys", Map.of("name", "two instances", "scopes", List.of("push")),
					admin.accessToken())
			.json()
			.get("key")
			.asString();
		Session alice = this.a.newUser("pushed-a");
		Session bob = this.b.newUser("pushed-b");
		try (RawStompClient alices = pushDevice(this.first.port(), alice, "tablet");
				RawStompClient bobs = pushDevice(this.second.port(), bob, "watch")) {
			// sent to instance a, for connections of instance b
			assertThat(integratorPush(key, "/users",
					Map.of("userIds", List.of(bob.userId()), "type", "to-user", "payload", Map.of())))
				.isEqualTo(1);
			assertThat(json(bobs.nextOn("push", WAIT)).get("type").asString()).isEqualTo("to-user");
			assertThat(integratorPush(key, "/devices",
					Map.of("devices", List.of(Map.of("userId", bob.userId(), "deviceId", "watch")), "type", "to-device",
							"payload", Map.of())))
				.isEqualTo(1);
			assertThat(json(bobs.nextOn("push", WAIT)).get("type").asString()).isEqualTo("to-device");
			assertThat(integratorPush(key, "/broadcast", Map.of("type", "to-all", "payload", Map.of())))
				.isGreaterThanOrEqualTo(2);
			for (RawStompClient device : List.of(alices, bobs)) {
				assertThat(json(device.nextOn("push", WAIT)).get("type").asString()).isEqualTo("to-all");
			}
			assertThat(alices.nextOn("push", Duration.ofMillis(500))).as("nothing else, nothing twice").isNull();
			assertThat(bobs.nextOn("push", Duration.ofMillis(200))).isNull();
		}
	}

	@Test
	void eachWebhookEventIsSentOnceThoughBothInstancesSend() throws InterruptedException {
		Session admin = this.a.login("admin", "admin-test-password");
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			long endpoint = this.a
				.post("/api/v1/admin/webhooks", Map.of("url", receiver.url(), "events", List.of("message.created")),
						admin.accessToken())
				.json()
				.get("endpoint")
				.get("id")
				.asLong();
			Session alice = this.a.newUser("hooked-a");
			Session bob = this.b.newUser("hooked-b");
			long conversation = this.a
				.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
				.json()
				.get("id")
				.asLong();
			// the other instance reads a new endpoint within five seconds
			WebhookReceiver.Received probe = null;
			for (int i = 0; i < 40 && probe == null; i++) {
				postMessage(this.b, bob, conversation, "probe " + i);
				probe = receiver.next("message.created", "probe " + i, Duration.ofMillis(250));
			}
			assertThat(probe).as("instance b records events for the endpoint instance a registered").isNotNull();
			receiver.drain();

			Set<String> expected = new HashSet<>();
			for (int i = 0; i < 40; i++) {
				boolean onA = i % 2 == 0;
				postMessage(onA ? this.a : this.b, onA ? alice : bob, conversation, "burst " + i);
				expected.add("burst " + i);
			}
			Map<String, Integer> received = new HashMap<>();
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (!received.keySet().containsAll(expected) && System.nanoTime() < deadline) {
				WebhookReceiver.Received event = receiver.next((request) -> request.body().contains("burst "),
						Duration.ofMillis(200));
				if (event != null) {
					received.merge(event.data().get("text").asString(), 1, Integer::sum);
				}
			}
			// long enough for a second sending of any of them to arrive
			Thread.sleep(1000);
			receiver.drain()
				.stream()
				.filter((request) -> request.body().contains("burst "))
				.forEach((event) -> received.merge(event.data().get("text").asString(), 1, Integer::sum));
			assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(expected);
			assertThat(received.values()).as("each event sent by one instance, once").containsOnly(1);
			// deleted on a while b still lists it for a few seconds: b's sends go on
			assertThat(this.a.delete("/api/v1/admin/webhooks/" + endpoint, admin.accessToken()).status())
				.isEqualTo(204);
			postMessage(this.b, bob, conversation, "after the endpoint went");
			assertThat(receiver.next("message.created", "after the endpoint went", Duration.ofMillis(500))).isNull();
		}
	}

	private static void postMessage(Api api, Session sender, long conversation, String text) {
		assertThat(api
			.post("/api/v1/conversations/" + conversation + "/messages",
					Map.of("clientMsgId", java.util.UUID.randomUUID().toString(), "type", "TEXT", "text", text),
					sender.accessToken())
			.status()).isEqualTo(201);
	}

	@Test
	void anAdministratorOnOneInstanceDisconnectsAndBansUsersOnTheOther() {
		Session admin = this.a.login("admin", "admin-test-password");
		Session mallory = this.b.newUser("far-away");
		try (RawStompClient phone = pushDevice(this.second.port(), mallory, "mallorys-phone");
				RawStompClient laptop = RawStompClient.open(this.second.port(), null)) {
			laptop.connect(mallory.accessToken());
			JsonNode sessions = this.a.get("/api/v1/admin/users/" + mallory.userId(), admin.accessToken())
				.json()
				.get("sessions");
			assertThat(sessions).hasSize(2);
			assertThat(sessions.valueStream()
				.map((session) -> session.get("deviceId").isNull() ? "none" : session.get("deviceId").asString())
				.toList()).as("the devices named on the other instance")
				.containsExactlyInAnyOrder("mallorys-phone", "none");
			String instance = sessions.get(0).get("instanceId").asString();
			assertThat(instance).startsWith("node-b");
			// one connection, named with its instance, from the other instance
			this.a.delete("/api/v1/admin/users/" + mallory.userId() + "/sessions/" + instance + "/"
					+ sessions.get(0).get("sessionId").asString(), admin.accessToken());
			Frame first = firstErrorOf(phone, laptop);
			assertThat(first.header("code")).isEqualTo("kicked");
			// a ban closes the rest, wherever they are
			this.a.put("/api/v1/admin/users/" + mallory.userId() + "/ban", Map.of("reason", "spam"),
					admin.accessToken());
			Frame second = firstErrorOf(phone, laptop);
			assertThat(second.header("code")).isEqualTo("account-banned");
		}
	}

	@Test
	void signingOutOnOneInstanceClosesThatSignInsConnectionOnTheOther() {
		Session user = this.b.newUser("signs-out");
		Session otherSignIn = this.b.login(user.username(), user.password());
		try (RawStompClient signedOut = RawStompClient.open(this.second.port(), null);
				RawStompClient stays = RawStompClient.open(this.second.port(), null)) {
			assertThat(signedOut.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
			assertThat(stays.connect(otherSignIn.accessToken()).command()).isEqualTo("CONNECTED");
			assertThat(this.a.post("/api/v1/auth/logout", Map.of("refreshToken", user.refreshToken()), null).status())
				.isEqualTo(204);
			Frame error = firstErrorOf(signedOut, stays);
			assertThat(error.header("code")).isEqualTo("token-invalid");
			assertThat(signedOut.awaitClose(WAIT)).as("the signed-out sign-in's connection").isNotNull();
			stays.send("SUBSCRIBE", Map.of("id", "s1", "destination", "/user/queue/messages", "receipt", "r1"), "");
			assertThat(stays.next(WAIT).command()).as("the other sign-in's connection stays").isEqualTo("RECEIPT");
		}
	}

	/** The next ERROR frame on either connection. */
	private static Frame firstErrorOf(RawStompClient one, RawStompClient two) {
		long until = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < until) {
			for (RawStompClient client : List.of(one, two)) {
				Frame frame = client.next(Duration.ofMillis(100));
				if (frame != null && frame.command().equals("ERROR")) {
					return frame;
				}
			}
		}
		throw new AssertionError("No ERROR frame on either connection");
	}

	@Test
	void aLiveRoomSpansBothInstances() {
		Session admin = this.a.login("admin", "admin-test-password");
		String room = "spanning-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		assertThat(
				this.a.post("/api/v1/admin/rooms", Map.of("id", room, "title", "Both"), admin.accessToken()).status())
			.isEqualTo(201);
		Session alice = this.a.newUser("audience-a");
		Session bob = this.b.newUser("audience-b");
		try (RawStompClient alices = roomViewer(this.first.port(), alice, room);
				RawStompClient bobs = roomViewer(this.second.port(), bob, room)) {
			alices.sendJson("/app/rooms.comment",
					tools.jackson.databind.json.JsonMapper.builder()
						.build()
						.writeValueAsString(Map.of("roomId", room, "text", "from a")));
			assertThat(im.api.room.RoomTestsSupport.next(bobs, "comment").get("text").asString()).isEqualTo("from a");
			assertThat(im.api.room.RoomTestsSupport.next(alices, "comment").get("text").asString()).isEqualTo("from a");
			// the count adds both instances' audiences, whichever instance answers
			assertThat(im.api.room.RoomTestsSupport.awaitAudience(alices, 2)).isEqualTo(2);
			long deadline = System.nanoTime() + WAIT.toNanos();
			long online = 0;
			while (online != 2 && System.nanoTime() < deadline) {
				online = this.b.get("/api/v1/rooms/" + room, bob.accessToken()).json().get("online").asLong();
			}
			assertThat(online).isEqualTo(2);
		}
	}

	private static RawStompClient roomViewer(int port, Session user, String room) {
		RawStompClient client = RawStompClient.open(port, null);
		assertThat(client.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
		client.subscribe("room", "/topic/rooms/" + room);
		return client;
	}

	private long integratorPush(String key, String target, Map<String, ?> body) {
		Api.Response response = this.a.send(this.a.request("/api/v1/push" + target, null)
			.header("Content-Type", "application/json")
			.header("X-Api-Key", key)
			.POST(java.net.http.HttpRequest.BodyPublishers
				.ofString(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body)))
			.build());
		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		return response.json().get("sessions").asLong();
	}

	private static RawStompClient pushDevice(int port, Session user, String deviceId) {
		RawStompClient client = RawStompClient.open(port, null);
		client.send("CONNECT", Map.of("accept-version", "1.2", "host", "127.0.0.1", "heart-beat", "0,0",
				"Authorization", "Bearer " + user.accessToken(), "device-id", deviceId), "");
		assertThat(client.next(WAIT).command()).isEqualTo("CONNECTED");
		client.subscribe("push", "/user/queue/push");
		return client;
	}

	@Test
	void theSessionsOfAnInstanceThatDiedStopCountingAndItsUsersGoOffline() {
		Session ghost = this.a.newUser("ghost");
		Session friend = this.b.newUser("friend");
		direct(friend, ghost);
		StringRedisTemplate redis = this.first.bean(StringRedisTemplate.class);
		String prefix = RealServices.redisKeyPrefix();
		try (RawStompClient friends = device(this.b, friend)) {
			// an instance that died a minute ago, leaving a session of ghost's behind
			// (its heart-beat last, as a live instance writes it first)
			long aMinuteAgo = System.currentTimeMillis() - 60_000;
			redis.opsForZSet().add(prefix + "sessions:" + ghost.userId(), "dead-node/s-1", aMinuteAgo * 1000.0);
			redis.opsForSet().add(prefix + "instance:dead-node:sessions", ghost.userId() + "/s-1");
			redis.opsForZSet().add(prefix + "instances", "dead-node", aMinuteAgo);
			JsonNode offline = event(friends, "presence");
			assertThat(offline.get("userId").asLong()).isEqualTo(ghost.userId());
			assertThat(offline.get("online").asBoolean()).isFalse();
		}
		assertThat(redis.opsForZSet().score(prefix + "instances", "dead-node")).isNull();
		assertThat(redis.hasKey(prefix + "instance:dead-node:sessions")).isFalse();
		JsonNode presence = this.a.get("/api/v1/presence?userIds=" + ghost.userId(), friend.accessToken()).json();
		assertThat(presence.get(0).get("online").asBoolean()).isFalse();
	}

	/**
	 * Runs last (it stops the second instance): while clients on both exchange messages,
	 * one instance goes away; its clients reconnect to the other and sync.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void whenAnInstanceStopsItsClientsSyncAtTheOtherAndNothingAcknowledgedIsLost() throws Exception {
		Session alice = this.a.newUser("stays");
		Session bob = this.b.newUser("moves");
		long conversation = direct(alice, bob);
		Map<String, Long> acknowledged = new HashMap<>();
		long bobsLastSeq = 0;
		try (RawStompClient alices = device(this.a, alice)) {
			RawStompClient bobs = device(this.b, bob);
			for (int i = 0; i < 50; i++) {
				alices.sendJson("/app/chat.send", send(conversation, "a-" + i, "TEXT", "a" + i));
				bobs.sendJson("/app/chat.send", send(conversation, "b-" + i, "TEXT", "b" + i));
			}
			for (int i = 0; i < 25; i++) {
				JsonNode ack = json(bobs.nextOn("acks", WAIT));
				acknowledged.put(ack.get("clientMsgId").asString(), ack.get("seq").asLong());
			}
			Set<Long> received = new HashSet<>();
			for (int i = 0; i < 10; i++) {
				received.add(json(bobs.nextOn("messages", WAIT)).get("seq").asLong());
			}
			// the client's last seq: the end of what it holds without a gap
			// (docs/protocol.md)
			while (received.contains(bobsLastSeq + 1)) {
				bobsLastSeq++;
			}
			this.second.close();
			assertThat(bobs.awaitClose(WAIT)).as("the stopped instance closed the connection").isNotNull();
			bobs.close();
			for (int i = 0; i < 50; i++) {
				JsonNode ack = json(alices.nextOn("acks", WAIT));
				acknowledged.put(ack.get("clientMsgId").asString(), ack.get("seq").asLong());
			}
		}
		// bob reconnects through the load balancer, to the instance that is left, and
		// syncs
		try (RawStompClient bobs = device(this.a, bob)) {
			List<JsonNode> synced = new ArrayList<>();
			long after = bobsLastSeq;
			JsonNode page;
			do {
				page = this.a
					.get("/api/v1/conversations/" + conversation + "/messages?limit=200&afterSeq=" + after,
							bob.accessToken())
					.json();
				page.get("messages").forEach(synced::add);
				after = synced.isEmpty() ? after : synced.get(synced.size() - 1).get("seq").asLong();
			}
			while (page.get("hasMore").asBoolean());
			List<JsonNode> history = new ArrayList<>();
			this.a.get("/api/v1/conversations/" + conversation + "/messages?limit=200&afterSeq=0", bob.accessToken())
				.json()
				.get("messages")
				.forEach(history::add);
			List<Long> seqs = history.stream().map((m) -> m.get("seq").asLong()).toList();
			assertThat(seqs).as("gap-free, once each, in order")
				.containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
			Map<String, Long> stored = new HashMap<>();
			history.forEach((m) -> stored.put(m.get("clientMsgId").asString(), m.get("seq").asLong()));
			assertThat(stored).containsAllEntriesOf(acknowledged);
			assertThat(synced.stream().map((m) -> m.get("seq").asLong()).toList())
				.containsExactlyElementsOf(LongStream.rangeClosed(bobsLastSeq + 1, seqs.size()).boxed().toList());
		}
	}

	private long direct(Session from, Session to) {
		return this.a.post("/api/v1/conversations/direct", Map.of("userId", to.userId()), from.accessToken())
			.json()
			.get("id")
			.asLong();
	}

	private RawStompClient device(Api api, Session user) {
		return ChatTestSupport.device((api == this.a) ? this.first.port() : this.second.port(), user);
	}

}
