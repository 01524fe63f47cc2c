package im.api.chat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import javax.imageio.ImageIO;

import im.support.Api;
import im.support.Images;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat as clients meet it: STOMP clients that subscribe to their queues and send, REST
 * for conversations and history. Runs once per run mode (H2, PostgreSQL).
 */
abstract class ChatTests {

	static final Duration WAIT = Duration.ofSeconds(10);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	/** To hold a conversation's lock as another instance's batch would. */
	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	Api api;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@Test
	void aDirectMessageReachesEveryDeviceOfBothUsersAndHistory() {
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		long conversation = direct(alice, bob);
		try (RawStompClient phone = device(alice);
				RawStompClient laptop = device(alice);
				RawStompClient bobs = device(bob)) {
			phone.sendJson("/app/chat.send", send(conversation, "c-1", "TEXT", "Hello Bob"));

			JsonNode ack = json(phone.nextOn("acks", WAIT));
			assertThat(ack.get("clientMsgId").asString()).isEqualTo("c-1");
			assertThat(ack.get("seq").asLong()).isEqualTo(1);
			assertThat(ack.get("duplicate").asBoolean()).isFalse();
			assertThat(ack.get("serverTime").asString()).isNotBlank();
			assertThat(laptop.nextOn("acks", Duration.ofMillis(300))).as("acks go to the sending device only").isNull();

			for (RawStompClient device : List.of(phone, laptop, bobs)) {
				JsonNode message = json(device.nextOn("messages", WAIT));
				assertThat(message.get("conversationId").asLong()).isEqualTo(conversation);
				assertThat(message.get("seq").asLong()).isEqualTo(1);
				assertThat(message.get("senderId").asLong()).isEqualTo(alice.userId());
				assertThat(message.get("text").asString()).isEqualTo("Hello Bob");
				assertThat(message.get("id").asLong()).isEqualTo(ack.get("messageId").asLong());
			}
		}
		JsonNode history = this.api.get("/api/v1/conversations/" + conversation + "/messages", bob.accessToken())
			.json();
		assertThat(history.get("messages")).hasSize(1);
		assertThat(history.get("messages").get(0).get("text").asString()).isEqualTo("Hello Bob");
		assertThat(history.get("lastSeq").asLong()).isEqualTo(1);
	}

	/**
	 * Operators see how many messages each transaction of the chat writers stores (what
	 * IM_CHAT_WRITE_GATHER and the load make of a batch).
	 */
	@Test
	void theMessagesEachWriteStoresAreCountedForOperators() {
		Session alice = this.api.newUser("counted");
		Session bob = this.api.newUser("counter");
		long conversation = direct(alice, bob);
		double batches = this.api.metric("im_chat_write_batch_messages_count");
		double messages = this.api.metric("im_chat_write_batch_messages_sum");
		try (RawStompClient alices = device(alice)) {
			alices.sendJson("/app/chat.send", send(conversation, "counted-1", "TEXT", "one"));
			assertThat(json(alices.nextOn("acks", WAIT)).get("seq").asLong()).isEqualTo(1);
		}
		assertThat(this.api.metric("im_chat_write_batch_messages_count")).as("transactions").isGreaterThan(batches);
		assertThat(this.api.metric("im_chat_write_batch_messages_sum")).as("messages stored in them")
			.isGreaterThanOrEqualTo(messages + 1);
	}

	/**
	 * Pushes to a user queue are written past Spring's broker (UserQueues): each
	 * subscription gets its own copy under its own id, however the id must be escaped,
	 * and one unsubscribed gets nothing more.
	 */
	@Test
	void eachSubscriptionToAUserQueueGetsItsCopyUntilItIsUnsubscribed() {
		Session alice = this.api.newUser("twice");
		Session bob = this.api.newUser("listener");
		long conversation = direct(alice, bob);
		try (RawStompClient alices = device(alice); RawStompClient bobs = RawStompClient.open(this.port, null)) {
			assertThat(bobs.connect(bob.accessToken()).command()).isEqualTo("CONNECTED");
			bobs.subscribe("in:1", "/user/queue/messages");
			bobs.subscribe("in\\2", "/user/queue/messages");
			alices.sendJson("/app/chat.send", send(conversation, "to-both", "TEXT", "both"));
			Frame first = bobs.nextOn("in:1", WAIT);
			assertThat(json(first).get("text").asString()).isEqualTo("both");
			assertThat(first.header("destination")).isEqualTo("/user/queue/messages");
			assertThat(first.header("content-type")).isEqualTo("application/json");
			assertThat(json(bobs.nextOn("in\\2", WAIT)).get("text").asString()).isEqualTo("both");

			bobs.send("UNSUBSCRIBE", Map.of("id", "in:1", "receipt", "left"), "");
			Frame receipt = bobs.next(WAIT);
			assertThat(receipt).isNotNull();
			assertThat(receipt.header("receipt-id")).isEqualTo("left");
			alices.sendJson("/app/chat.send", send(conversation, "to-one", "TEXT", "one"));
			assertThat(json(bobs.nextOn("in\\2", WAIT)).get("text").asString()).isEqualTo("one");
			assertThat(bobs.nextOn("in:1", Duration.ofMillis(300))).as("nothing after the UNSUBSCRIBE").isNull();
		}
	}

	@Test
	void framesSentBackToBackOnOneConnectionAreStoredAndPushedInThatOrder() {
		Session alice = this.api.newUser("burst");
		Session bob = this.api.newUser("reader");
		long conversation = direct(alice, bob);
		int count = 100;
		try (RawStompClient phone = device(alice); RawStompClient bobs = device(bob)) {
			for (int i = 0; i < count; i++) {
				phone.sendJson("/app/chat.send", send(conversation, "burst-" + i, "TEXT", "m" + i));
			}
			List<Long> pushed = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				JsonNode message = json(bobs.nextOn("messages", WAIT));
				assertThat(message.get("text").asString()).isEqualTo("m" + i);
				pushed.add(message.get("seq").asLong());
			}
			assertThat(pushed).containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
		}
		List<String> stored = history(bob, conversation, "?limit=" + count).get("messages")
			.valueStream()
			.map((m) -> m.get("text").asString())
			.toList();
		assertThat(stored).containsExactlyElementsOf(IntStream.range(0, count).mapToObj((i) -> "m" + i).toList());
	}

	@Test
	void theDirectConversationOfTwoUsersIsOne() {
		Session alice = this.api.newUser("one");
		Session bob = this.api.newUser("two");
		assertThat(direct(alice, bob)).isEqualTo(direct(bob, alice));
		JsonNode summary = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json();
		assertThat(summary.get("kind").asString()).isEqualTo("DIRECT");
		assertThat(summary.get("peerId").asLong()).isEqualTo(bob.userId());
		assertProblem(
				this.api.post("/api/v1/conversations/direct", Map.of("userId", alice.userId()), alice.accessToken()),
				400, "validation-failed");
		assertProblem(this.api.post("/api/v1/conversations/direct", Map.of("userId", 99_999_999L), alice.accessToken()),
				404, "not-found");
	}

	@Test
	void aRetriedClientMsgIdIsStoredOnceAndAcknowledgedAlike() {
		Session alice = this.api.newUser("retry");
		Session bob = this.api.newUser("retried");
		long conversation = direct(alice, bob);
		try (RawStompClient phone = device(alice)) {
			phone.sendJson("/app/chat.send", send(conversation, "same-id", "TEXT", "once"));
			phone.sendJson("/app/chat.send", send(conversation, "same-id", "TEXT", "once"));
			JsonNode first = json(phone.nextOn("acks", WAIT));
			JsonNode second = json(phone.nextOn("acks", WAIT));
			assertThat(second.get("messageId")).isEqualTo(first.get("messageId"));
			assertThat(second.get("seq")).isEqualTo(first.get("seq"));
			assertThat(second.get("serverTime")).as("the stored time, as first acknowledged")
				.isEqualTo(first.get("serverTime"));
			assertThat(List.of(first.get("duplicate").asBoolean(), second.get("duplicate").asBoolean()))
				.containsExactlyInAnyOrder(false, true);
		}
		Response rest = this.api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", "same-id", "type", "TEXT", "text", "once"), alice.accessToken());
		assertThat(rest.status()).isEqualTo(200);
		assertThat(rest.json().get("duplicate").asBoolean()).isTrue();
		assertThat(history(alice, conversation, "").get("messages")).hasSize(1);
	}

	/**
	 * Sent in one go, these frames reach the conversation's writer while it stores the
	 * first, so they are stored as a batch: the refused one and the retries must not cost
	 * the others their place, nor leave a gap.
	 */
	@Test
	void aBurstMixingRetriesAndRefusalsStoresEachMessageOnceWithoutGaps() {
		Session alice = this.api.newUser("mixed");
		Session bob = this.api.newUser("mixed-peer");
		long conversation = direct(alice, bob);
		Session third = this.api.newUser("third");
		long notHers = direct(third, this.api.newUser("fourth"));
		try (RawStompClient phone = device(alice); RawStompClient bobs = device(bob)) {
			phone.sendJson("/app/chat.send", send(conversation, "m1", "TEXT", "one"));
			phone.sendJson("/app/chat.send", send(conversation, "m2", "TEXT", "two"));
			phone.sendJson("/app/chat.send", send(conversation, "m1", "TEXT", "one"));
			phone.sendJson("/app/chat.send", send(notHers, "x", "TEXT", "not mine"));
			phone.sendJson("/app/chat.send", send(conversation, "m3", "TEXT", "three"));
			phone.sendJson("/app/chat.send", send(conversation, "m2", "TEXT", "two"));
			phone.sendJson("/app/chat.send", send(conversation, "m4", "TEXT", "four"));

			Map<String, List<String>> acks = new HashMap<>();
			for (int i = 0; i < 6; i++) {
				JsonNode ack = json(phone.nextOn("acks", WAIT));
				acks.computeIfAbsent(ack.get("clientMsgId").asString(), (id) -> new ArrayList<>())
					.add(ack.get("seq").asLong() + (ack.get("duplicate").asBoolean() ? " again" : ""));
			}
			assertThat(acks).containsOnly(Map.entry("m1", List.of("1", "1 again")),
					Map.entry("m2", List.of("2", "2 again")), Map.entry("m3", List.of("3")),
					Map.entry("m4", List.of("4")));
			assertError(phone, "x", "not-a-member");

			List<String> received = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				JsonNode message = json(bobs.nextOn("messages", WAIT));
				received.add(message.get("seq").asLong() + " " + message.get("text").asString());
			}
			assertThat(received).containsExactly("1 one", "2 two", "3 three", "4 four");
			assertThat(bobs.nextOn("messages", Duration.ofMillis(300))).as("no retry is delivered again").isNull();
		}
		assertThat(history(bob, conversation, "").get("messages").valueStream().map((m) -> m.get("text").asString()))
			.containsExactly("one", "two", "three", "four");
		assertThat(history(third, notHers, "").get("messages")).isEmpty();
	}

	/**
	 * Another instance storing into the same conversation holds its lock while its batch
	 * lasts: a writer skips the conversation, stores whatever else it has, and puts the
	 * skipped messages first into its next batch, which waits for the lock. Nothing is
	 * stored while the lock is held, and afterwards nothing is lost, reordered or
	 * numbered twice.
	 */
	@Test
	void messagesToAConversationLockedElsewhereAreStoredInOrderOnceItIsFree() throws Exception {
		Session alice = this.api.newUser("contended");
		Session bob = this.api.newUser("contended-peer");
		long conversation = direct(alice, bob);
		ExecutorService otherInstance = Executors.newSingleThreadExecutor();
		try (RawStompClient phone = device(alice); RawStompClient bobs = device(bob)) {
			CountDownLatch locked = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			Future<?> holding = otherInstance.submit(() -> this.transactions.executeWithoutResult((status) -> {
				this.jdbc.queryForList("SELECT id FROM conversations WHERE id = ? FOR UPDATE", conversation);
				locked.countDown();
				awaitQuietly(release);
			}));
			assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
			for (int i = 1; i <= 5; i++) {
				phone.sendJson("/app/chat.send", send(conversation, "held-" + i, "TEXT", "held " + i));
			}
			assertThat(phone.nextOn("acks", Duration.ofMillis(400))).as("not stored while the lock is held elsewhere")
				.isNull();
			release.countDown();
			holding.get(10, TimeUnit.SECONDS);
			List<String> acks = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				JsonNode ack = json(phone.nextOn("acks", WAIT));
				acks.add(ack.get("clientMsgId").asString() + "=" + ack.get("seq").asLong());
			}
			assertThat(acks).containsExactly("held-1=1", "held-2=2", "held-3=3", "held-4=4", "held-5=5");
			List<String> received = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				received.add(json(bobs.nextOn("messages", WAIT)).get("text").asString());
			}
			assertThat(received).containsExactly("held 1", "held 2", "held 3", "held 4", "held 5");
		}
		finally {
			otherInstance.shutdownNow();
		}
		assertThat(history(bob, conversation, "").get("messages").valueStream().map((m) -> m.get("seq").asLong()))
			.containsExactly(1L, 2L, 3L, 4L, 5L);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aClientMsgIdUsedInAnotherConversationIsRefusedAndTakesNoSeq() {
		Session alice = this.api.newUser("reuser");
		long withBob = direct(alice, this.api.newUser("first-peer"));
		long withCarol = direct(alice, this.api.newUser("second-peer"));
		try (RawStompClient phone = device(alice)) {
			phone.sendJson("/app/chat.send", send(withBob, "reused", "TEXT", "to Bob"));
			assertThat(json(phone.nextOn("acks", WAIT)).get("seq").asLong()).isEqualTo(1);
			phone.sendJson("/app/chat.send", send(withCarol, "reused", "TEXT", "to Carol"));
			JsonNode refused = json(phone.nextOn("errors", WAIT));
			assertThat(refused.get("code").asString()).isEqualTo("client-msg-id-conflict");
			assertThat(refused.get("clientMsgId").asString()).isEqualTo("reused");
			phone.sendJson("/app/chat.send", send(withCarol, "fresh", "TEXT", "to Carol"));
			assertThat(json(phone.nextOn("acks", WAIT)).get("seq").asLong()).as("the refused message left no gap")
				.isEqualTo(1);
		}
		assertProblem(
				this.api.post("/api/v1/conversations/" + withCarol + "/messages",
						Map.of("clientMsgId", "reused", "type", "TEXT", "text", "to Carol"), alice.accessToken()),
				409, "client-msg-id-conflict");
		assertThat(history(alice, withCarol, "").get("messages").valueStream().map((m) -> m.get("text").asString()))
			.containsExactly("to Carol");
	}

	@Test
	void aGroupRecordsMembershipChangesAndTellsItsMembers() {
		Session owner = this.api.newUser("owner");
		Session member = this.api.newUser("member");
		Session late = this.api.newUser("late");
		Session outsider = this.api.newUser("outsider");
		Response created = this.api.post("/api/v1/conversations/groups",
				Map.of("name", "Team", "description", "All of us", "memberIds", List.of(member.userId())),
				owner.accessToken());
		assertThat(created.status()).isEqualTo(201);
		long group = created.json().get("id").asLong();
		assertThat(created.json().get("memberCount").asInt()).isEqualTo(2);

		try (RawStompClient members = device(member); RawStompClient lates = device(late)) {
			Response added = this.api.post("/api/v1/conversations/" + group + "/members",
					Map.of("userIds", List.of(late.userId())), owner.accessToken());
			assertThat(added.status()).isEqualTo(200);
			JsonNode event = event(lates, "members-added");
			assertThat(event.get("type").asString()).isEqualTo("members-added");
			assertThat(event.get("userIds").get(0).asLong()).isEqualTo(late.userId());
			assertThat(event(members, "members-added").get("type").asString()).isEqualTo("members-added");
			JsonNode system = json(members.nextOn("messages", WAIT));
			assertThat(system.get("type").asString()).isEqualTo("SYSTEM");
			assertThat(system.get("seq").asLong()).isEqualTo(2);

			assertProblem(this.api.post("/api/v1/conversations/" + group + "/members",
					Map.of("userIds", List.of(outsider.userId())), member.accessToken()), 403, "forbidden");

			lates.sendJson("/app/chat.send", send(group, "late-1", "TEXT", "Hi all"));
			assertThat(json(lates.nextOn("acks", WAIT)).get("seq").asLong()).isEqualTo(3);
			assertThat(json(members.nextOn("messages", WAIT)).get("text").asString()).isEqualTo("Hi all");

			assertThat(
					this.api
						.send(this.api.request("/api/v1/conversations/" + group + "/members/" + late.userId(),
								owner.accessToken())
							.DELETE()
							.build())
						.status())
				.isEqualTo(204);
			assertThat(event(lates, "member-removed").get("type").asString()).isEqualTo("member-removed");
			lates.sendJson("/app/chat.send", send(group, "late-2", "TEXT", "Still here?"));
			JsonNode refused = json(lates.nextOn("errors", WAIT));
			assertThat(refused.get("code").asString()).isEqualTo("not-a-member");
			assertThat(refused.get("clientMsgId").asString()).isEqualTo("late-2");
		}
		JsonNode history = history(owner, group, "");
		assertThat(history.get("messages").valueStream().map((m) -> m.get("type").asString()).toList())
			.containsExactly("SYSTEM", "SYSTEM", "TEXT", "SYSTEM");
		assertProblem(this.api.get("/api/v1/conversations/" + group + "/messages", outsider.accessToken()), 403,
				"not-a-member");
		// a removed member reads nothing more, the history of their time included
		assertProblem(this.api.get("/api/v1/conversations/" + group + "/messages", late.accessToken()), 403,
				"not-a-member");
		assertThat(this.api.get("/api/v1/conversations", late.accessToken()).body())
			.doesNotContain("\"id\":" + group + ",");
	}

	@Test
	void ownersAndAdminsAdministerTheGroup() {
		Session owner = this.api.newUser("admin-owner");
		Session admin = this.api.newUser("admin-to-be");
		Session member = this.api.newUser("plain");
		long group = this.api
			.post("/api/v1/conversations/groups",
					Map.of("name", "Ops", "memberIds", List.of(admin.userId(), member.userId())), owner.accessToken())
			.json()
			.get("id")
			.asLong();
		String base = "/api/v1/conversations/" + group;
		try (RawStompClient members = device(member)) {
			Response renamed = this.api.patch(base, Map.of("name", "Operations", "announcement", "Standup at 9"),
					owner.accessToken());
			assertThat(renamed.status()).isEqualTo(200);
			assertThat(renamed.json().get("name").asString()).isEqualTo("Operations");
			assertThat(renamed.json().get("announcement").asString()).isEqualTo("Standup at 9");
			JsonNode updated = event(members, "group-updated");
			assertThat(updated.get("type").asString()).isEqualTo("group-updated");
			assertThat(updated.get("announcement").asString()).isEqualTo("Standup at 9");
		}
		assertProblem(this.api.patch(base, Map.of("name", "Mine"), member.accessToken()), 403, "forbidden");

		assertThat(this.api
			.send(this.api.request(base + "/members/" + admin.userId() + "/role", owner.accessToken())
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"ADMIN\"}"))
				.build())
			.status()).isEqualTo(200);
		long early = sendRest(member, group, "early").json().get("seq").asLong();
		assertThat(put(base + "/members/" + member.userId() + "/mute",
				Map.of("until", Instant.now().plusSeconds(3600).toString()), admin)
			.status()).isEqualTo(200);
		assertProblem(sendRest(member, group, "muted-1"), 403, "muted");
		// editing is posting the new text: refused the same way
		assertProblem(
				this.api.patch(base + "/messages/" + early, Map.of("text", "edited while muted"), member.accessToken()),
				403, "muted");
		try (RawStompClient members = device(member)) {
			members.sendJson("/app/chat.send", send(group, "muted-2", "TEXT", "can I?"));
			JsonNode refused = json(members.nextOn("errors", WAIT));
			assertThat(refused.get("code").asString()).isEqualTo("muted");
			assertThat(refused.get("clientMsgId").asString()).isEqualTo("muted-2");
		}
		assertProblem(put(base + "/members/" + owner.userId() + "/mute",
				Map.of("until", Instant.now().plusSeconds(60).toString()), admin), 403, "forbidden");
		assertThat(this.api.send(
				this.api.request(base + "/members/" + member.userId() + "/mute", admin.accessToken()).DELETE().build())
			.status()).isEqualTo(200);
		assertThat(sendRest(member, group, "unmuted").status()).isEqualTo(201);

		assertThat(put(base + "/mute", Map.of("muted", true), admin).json().get("allMuted").asBoolean()).isTrue();
		assertProblem(sendRest(member, group, "all-muted"), 403, "muted");
		assertProblem(this.api.patch(base + "/messages/" + early, Map.of("text", "edited in a muted group"),
				member.accessToken()), 403, "muted");
		assertThat(sendRest(admin, group, "admins-speak").status()).isEqualTo(201);
		put(base + "/mute", Map.of("muted", false), owner);

		Response handedOver = this.api.post(base + "/owner", Map.of("userId", admin.userId()), owner.accessToken());
		assertThat(handedOver.status()).isEqualTo(200);
		Map<Long, String> roles = new HashMap<>();
		handedOver.json().valueStream().forEach((m) -> roles.put(m.get("userId").asLong(), m.get("role").asString()));
		assertThat(roles).containsEntry(admin.userId(), "OWNER").containsEntry(owner.userId(), "ADMIN");

		assertProblem(this.api.send(this.api.request(base, owner.accessToken()).DELETE().build()), 403, "forbidden");
		assertThat(this.api.send(this.api.request(base, admin.accessToken()).DELETE().build()).status()).isEqualTo(204);
		assertProblem(sendRest(member, group, "too-late"), 410, "group-dissolved");
		assertProblem(this.api.patch(base, Map.of("name", "Back"), admin.accessToken()), 410, "group-dissolved");
		// a dissolved group's history stays as it was
		assertProblem(this.api.patch(base + "/messages/" + early, Map.of("text", "rewritten"), member.accessToken()),
				410, "group-dissolved");
		assertProblem(this.api.delete(base + "/messages/" + early, member.accessToken()), 410, "group-dissolved");
		assertProblem(this.api.delete(base + "/messages/" + early, admin.accessToken()), 410, "group-dissolved");
		JsonNode history = history(member, group, "?limit=100");
		assertThat(history.get("messages")
			.valueStream()
			.filter((m) -> m.get("type").asString().equals("SYSTEM"))
			.map((m) -> JSON.readTree(m.get("text").asString()).get("type").asString())
			.toList()).containsExactly("group-created", "group-updated", "role-changed", "member-muted", "member-muted",
					"group-muted", "group-muted", "owner-changed", "group-dissolved");
		assertThat(this.api.get(base, member.accessToken()).json().get("dissolved").asBoolean()).isTrue();
	}

	@Test
	void anOwnerWhoLeavesHandsTheGroupOn() {
		Session owner = this.api.newUser("leaver");
		Session heir = this.api.newUser("heir");
		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Hand-over", "memberIds", List.of(heir.userId())),
					owner.accessToken())
			.json()
			.get("id")
			.asLong();
		assertThat(this.api
			.send(this.api.request("/api/v1/conversations/" + group + "/members/" + owner.userId(), owner.accessToken())
				.DELETE()
				.build())
			.status()).isEqualTo(204);
		JsonNode members = this.api.get("/api/v1/conversations/" + group + "/members", heir.accessToken()).json();
		assertThat(members).hasSize(1);
		assertThat(members.get(0).get("role").asString()).isEqualTo("OWNER");
	}

	@Test
	void badMessagesAreRefusedWithTheirClientMsgIdAndNothingIsStored() {
		Session alice = this.api.newUser("bad");
		Session bob = this.api.newUser("badder");
		long conversation = direct(alice, bob);
		try (RawStompClient phone = device(alice)) {
			phone.sendJson("/app/chat.send", send(conversation, "long", "TEXT", "x".repeat(4001)));
			assertError(phone, "long", "validation-failed");
			// a frame far larger than the connection's buffers (and than Tomcat's usual
			// limit of one WebSocket message) is still read whole and answered
			phone.sendJson("/app/chat.send", send(conversation, "huge", "TEXT", "x".repeat(40_000)));
			assertError(phone, "huge", "validation-failed");
			phone.sendJson("/app/chat.send", send(conversation, "empty", "TEXT", "   "));
			assertError(phone, "empty", "validation-failed");
			phone.sendJson("/app/chat.send", send(conversation, "link", "LINK", "no url here"));
			assertError(phone, "link", "validation-failed");
			phone.sendJson("/app/chat.send", send(conversation, "sys", "SYSTEM", "forged"));
			assertError(phone, "sys", "validation-failed");
			phone.sendJson("/app/chat.send", send(987_654_321L, "lost", "TEXT", "anyone?"));
			assertError(phone, "lost", "not-found");
			phone.sendJson("/app/chat.send",
					send(conversation, "quote", "TEXT", "re").replace("}", ",\"replyToSeq\":5}"));
			JsonNode quote = json(phone.nextOn("errors", WAIT));
			assertThat(quote.get("clientMsgId").asString()).isEqualTo("quote");
			assertThat(quote.get("code").asString()).isEqualTo("validation-failed");
			assertThat(quote.get("errors").get(0).get("field").asString()).as("the field to correct")
				.isEqualTo("replyToSeq");

			phone.sendJson("/app/chat.send",
					"{\"conversationId\":" + conversation + ",\"type\":\"TEXT\",\"text\":\"a\"}");
			JsonNode missing = json(phone.nextOn("errors", WAIT));
			assertThat(missing.get("code").asString()).isEqualTo("validation-failed");
			assertThat(missing.get("errors").get(0).get("field").asString()).isEqualTo("clientMsgId");

			phone.sendJson("/app/chat.send", "{\"conversationId\":" + conversation
					+ ",\"clientMsgId\":\"kind\",\"type\":\"HOLOGRAM\",\"text\":\"a\"}");
			assertThat(json(phone.nextOn("errors", WAIT)).get("code").asString()).isEqualTo("malformed-request");
			phone.sendJson("/app/chat.send", "{not json");
			assertThat(json(phone.nextOn("errors", WAIT)).get("code").asString()).isEqualTo("malformed-request");

			phone.sendJson("/app/chat.send", send(conversation, "fine", "TEXT", "after all that"));
			assertThat(json(phone.nextOn("acks", WAIT)).get("seq").asLong()).as("the connection survives errors")
				.isEqualTo(1);
		}
		assertThat(history(alice, conversation, "").get("messages")).hasSize(1);
	}

	@Test
	void editsAndRecallsReachTheMembersAndShowInHistory() {
		Session alice = this.api.newUser("editor");
		Session bob = this.api.newUser("watcher");
		long conversation = direct(alice, bob);
		try (RawStompClient alices = device(alice); RawStompClient bobs = device(bob)) {
			alices.sendJson("/app/chat.send", send(conversation, "e-1", "TEXT", "Helo"));
			long seq = json(alices.nextOn("acks", WAIT)).get("seq").asLong();
			json(bobs.nextOn("messages", WAIT));

			alices.sendJson("/app/chat.edit", "{\"conversationId\":" + conversation + ",\"seq\":" + seq
					+ ",\"text\":\"Hello\",\"requestId\":\"q1\"}");
			JsonNode edited = event(bobs, "message-edited");
			assertThat(edited.get("type").asString()).isEqualTo("message-edited");
			assertThat(edited.get("seq").asLong()).isEqualTo(seq);
			assertThat(edited.get("text").asString()).isEqualTo("Hello");

			bobs.sendJson("/app/chat.edit", "{\"conversationId\":" + conversation + ",\"seq\":" + seq
					+ ",\"text\":\"Mine\",\"requestId\":\"q2\"}");
			JsonNode refused = json(bobs.nextOn("errors", WAIT));
			assertThat(refused.get("code").asString()).isEqualTo("forbidden");
			assertThat(refused.get("requestId").asString()).isEqualTo("q2");
			bobs.sendJson("/app/chat.recall",
					"{\"conversationId\":" + conversation + ",\"seq\":" + seq + ",\"requestId\":\"q3\"}");
			assertThat(json(bobs.nextOn("errors", WAIT)).get("requestId").asString()).isEqualTo("q3");

			JsonNode message = history(bob, conversation, "").get("messages").get(0);
			assertThat(message.get("text").asString()).isEqualTo("Hello");
			assertThat(message.get("editedAt").isNull()).isFalse();

			alices.sendJson("/app/chat.recall", "{\"conversationId\":" + conversation + ",\"seq\":" + seq + "}");
			JsonNode recalled = event(bobs, "message-recalled");
			assertThat(recalled.get("type").asString()).isEqualTo("message-recalled");
			assertThat(recalled.get("by").asLong()).isEqualTo(alice.userId());
		}
		JsonNode message = history(bob, conversation, "").get("messages").get(0);
		assertThat(message.get("recalled").asBoolean()).isTrue();
		assertThat(message.get("text").isNull()).isTrue();
		assertThat(message.get("seq").asLong()).as("a recalled message keeps its place").isEqualTo(1);
		JsonNode listed = this.api.get("/api/v1/conversations/" + conversation, bob.accessToken()).json();
		assertThat(listed.get("lastMessage").get("text").isNull()).isTrue();
		assertProblem(this.api
			.send(this.api.request("/api/v1/conversations/" + conversation + "/messages/99", alice.accessToken())
				.DELETE()
				.build()), 404, "not-found");
	}

	@Test
	void groupAdminsRecallAnyMessage() {
		Session owner = this.api.newUser("moderator");
		Session member = this.api.newUser("poster");
		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Moderated", "memberIds", List.of(member.userId())),
					owner.accessToken())
			.json()
			.get("id")
			.asLong();
		long seq = this.api
			.post("/api/v1/conversations/" + group + "/messages",
					Map.of("clientMsgId", "bad-1", "type", "TEXT", "text", "spam"), member.accessToken())
			.json()
			.get("seq")
			.asLong();
		Response recalled = this.api
			.send(this.api.request("/api/v1/conversations/" + group + "/messages/" + seq, owner.accessToken())
				.DELETE()
				.build());
		assertThat(recalled.status()).isEqualTo(200);
		assertThat(recalled.json().get("recalled").asBoolean()).isTrue();
		Response system = this.api
			.send(this.api.request("/api/v1/conversations/" + group + "/messages/1", owner.accessToken())
				.DELETE()
				.build());
		assertProblem(system, 403, "forbidden");
	}

	@Test
	void typingReachesTheOthersAtMostOncePerInterval() {
		Session alice = this.api.newUser("typist");
		Session bob = this.api.newUser("reads");
		long conversation = direct(alice, bob);
		try (RawStompClient alices = device(alice); RawStompClient bobs = device(bob)) {
			alices.sendJson("/app/chat.typing", "{\"conversationId\":" + conversation + "}");
			alices.sendJson("/app/chat.typing", "{\"conversationId\":" + conversation + "}");
			JsonNode typing = event(bobs, "typing");
			assertThat(typing.get("type").asString()).isEqualTo("typing");
			assertThat(typing.get("userId").asLong()).isEqualTo(alice.userId());
			assertThat(noEvent(bobs, "typing", Duration.ofMillis(500))).as("throttled").isTrue();
			assertThat(noEvent(alices, "typing", Duration.ofMillis(200))).as("not echoed to the typist").isTrue();

			bobs.sendJson("/app/chat.typing", "{\"conversationId\":987654321}");
			assertThat(json(bobs.nextOn("errors", WAIT)).get("code").asString()).isEqualTo("not-found");
		}
	}

	@Test
	void presenceIsPushedToContactsAndCanBeAskedFor() {
		Session alice = this.api.newUser("present");
		Session bob = this.api.newUser("observer");
		direct(alice, bob);
		String query = "/api/v1/presence?userIds=" + alice.userId();
		try (RawStompClient bobs = device(bob)) {
			try (RawStompClient alices = device(alice)) {
				JsonNode online = event(bobs, "presence");
				assertThat(online.get("type").asString()).isEqualTo("presence");
				assertThat(online.get("userId").asLong()).isEqualTo(alice.userId());
				assertThat(online.get("online").asBoolean()).isTrue();
				assertThat(this.api.get(query, bob.accessToken()).json().get(0).get("online").asBoolean()).isTrue();
				try (RawStompClient second = device(alice)) {
					assertThat(noEvent(bobs, "presence", Duration.ofMillis(300))).as("a second device changes nothing")
						.isTrue();
				}
			}
			JsonNode offline = event(bobs, "presence");
			assertThat(offline.get("online").asBoolean()).isFalse();
			assertThat(offline.get("lastSeenAt").asString()).isNotBlank();
		}
		JsonNode asked = this.api.get(query, bob.accessToken()).json().get(0);
		assertThat(asked.get("online").asBoolean()).isFalse();
		assertThat(asked.get("lastSeenAt").asString()).isNotBlank();
	}

	@Test
	void aDevicePastTheLimitPushesTheOldestOut() {
		Session user = this.api.newUser("devices");
		List<RawStompClient> devices = new ArrayList<>();
		try {
			for (int i = 0; i < 6; i++) {
				devices.add(device(user));
			}
			Frame error = devices.get(0).next(WAIT);
			assertThat(error.command()).isEqualTo("ERROR");
			assertThat(error.header("code")).isEqualTo("device-limit");
			assertThat(error.header("message")).contains("more than 5 devices");
			assertThat(devices.get(0).awaitClose(WAIT)).isNotNull();
			for (RawStompClient other : devices.subList(1, 6)) {
				assertThat(other.next(Duration.ofMillis(100))).isNull();
			}
		}
		finally {
			devices.forEach(RawStompClient::close);
		}
	}

	@Test
	void anImageIsTypedThumbnailedAndSeenOnlyByTheConversation() throws Exception {
		Session alice = this.api.newUser("photographer");
		Session bob = this.api.newUser("viewer");
		Session carol = this.api.newUser("stranger");
		long conversation = direct(alice, bob);
		byte[] png = Images.png(800, 600);
		Response uploaded = this.api.upload(alice.accessToken(), "IMAGE", "holiday.PNG", "application/octet-stream",
				png);
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		JsonNode media = uploaded.json();
		assertThat(media.get("contentType").asString()).as("sniffed, not claimed").isEqualTo("image/png");
		assertThat(media.get("width").asInt()).isEqualTo(800);
		assertThat(media.get("hasThumbnail").asBoolean()).isTrue();
		String mediaId = media.get("id").asString();
		String path = "/api/v1/media/" + mediaId;
		assertThat(this.api.download(path, bob.accessToken()).statusCode()).as("not posted yet").isEqualTo(404);

		try (RawStompClient bobs = device(bob); RawStompClient alices = device(alice)) {
			alices.sendJson("/app/chat.send", JSON.writeValueAsString(Map.of("conversationId", conversation,
					"clientMsgId", "img-1", "type", "IMAGE", "mediaId", mediaId, "text", "Look!")));
			assertThat(json(alices.nextOn("acks", WAIT)).get("seq").asLong()).isEqualTo(1);
			JsonNode received = json(bobs.nextOn("messages", WAIT));
			assertThat(received.get("type").asString()).isEqualTo("IMAGE");
			assertThat(received.get("media").get("id").asString()).isEqualTo(mediaId);
			assertThat(received.get("text").asString()).isEqualTo("Look!");
		}
		HttpResponse<byte[]> download = this.api.download(path, bob.accessToken());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(png);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline")
			.contains("holiday.PNG");
		HttpResponse<byte[]> thumbnail = this.api.download(path + "/thumbnail", bob.accessToken());
		assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
		BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
		assertThat(small.getWidth()).isEqualTo(320);
		assertThat(small.getHeight()).isEqualTo(240);
		assertThat(this.api.download(path, carol.accessToken()).statusCode()).isEqualTo(404);

		long carols = direct(carol, bob);
		Response stolen = this.api.post("/api/v1/conversations/" + carols + "/messages",
				Map.of("clientMsgId", "steal", "type", "IMAGE", "mediaId", mediaId), carol.accessToken());
		assertProblem(stolen, 403, "forbidden");
		assertThat(history(bob, carols, "").get("messages")).isEmpty();
	}

	@Test
	void uploadsAreTypedByTheirBytesNotTheirNames() {
		Session alice = this.api.newUser("uploader");
		byte[] script = "<script>alert('hi')</script>".getBytes(StandardCharsets.UTF_8);
		assertProblem(this.api.upload(alice.accessToken(), "IMAGE", "cat.png", "image/png", script), 415,
				"unsupported-media-type");
		Response asFile = this.api.upload(alice.accessToken(), "FILE", "../../etc/cat.png", "image/png", script);
		assertThat(asFile.status()).isEqualTo(201);
		assertThat(asFile.json().get("contentType").asString()).isEqualTo("text/plain");
		assertThat(asFile.json().get("fileName").asString()).isEqualTo("cat.png");
		HttpResponse<byte[]> download = this.api.download("/api/v1/media/" + asFile.json().get("id").asString(),
				alice.accessToken());
		assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
		assertThat(download.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
		assertProblem(this.api.upload(alice.accessToken(), "VIDEO", "clip.mp4", "video/mp4", new byte[0]), 400,
				"validation-failed");
		assertProblem(this.api.upload(alice.accessToken(), "HOLOGRAM", "x.bin", "application/octet-stream", script),
				400, "malformed-request");
	}

	@Test
	void mediaMessagesNeedMatchingUploads() {
		Session alice = this.api.newUser("sender");
		Session bob = this.api.newUser("receiver");
		long conversation = direct(alice, bob);
		String fileId = this.api
			.upload(alice.accessToken(), "FILE", "notes.txt", "text/plain", "notes".getBytes(StandardCharsets.UTF_8))
			.json()
			.get("id")
			.asString();
		String base = "/api/v1/conversations/" + conversation + "/messages";
		assertProblem(this.api.post(base, Map.of("clientMsgId", "m1", "type", "IMAGE"), alice.accessToken()), 400,
				"validation-failed");
		assertProblem(this.api.post(base, Map.of("clientMsgId", "m2", "type", "IMAGE", "mediaId", fileId),
				alice.accessToken()), 400, "validation-failed");
		assertProblem(this.api.post(base, Map.of("clientMsgId", "m3", "type", "TEXT", "text", "hi", "mediaId", fileId),
				alice.accessToken()), 400, "validation-failed");
		assertProblem(this.api.post(base, Map.of("clientMsgId", "m4", "type", "FILE", "mediaId", "no-such-id"),
				alice.accessToken()), 404, "not-found");
		Response file = this.api.post(base, Map.of("clientMsgId", "m5", "type", "FILE", "mediaId", fileId),
				alice.accessToken());
		assertThat(file.status()).isEqualTo(201);
		JsonNode message = history(bob, conversation, "").get("messages").get(0);
		assertThat(message.get("media").get("fileName").asString()).isEqualTo("notes.txt");
		assertThat(message.get("text").isNull()).isTrue();

		this.api.send(this.api.request(base + "/1", alice.accessToken()).DELETE().build());
		assertThat(this.api.download("/api/v1/media/" + fileId, bob.accessToken()).statusCode())
			.as("a recalled message no longer shares its file")
			.isEqualTo(404);
		assertThat(history(bob, conversation, "").get("messages").get(0).get("media").isNull()).isTrue();
	}

	@Test
	void historyPagesByCursorsAndSaysWhenThereIsMore() {
		Session alice = this.api.newUser("pager");
		Session bob = this.api.newUser("paged");
		long conversation = direct(alice, bob);
		for (int i = 1; i <= 5; i++) {
			assertThat(this.api
				.post("/api/v1/conversations/" + conversation + "/messages",
						Map.of("clientMsgId", "p" + i, "type", "TEXT", "text", "m" + i), alice.accessToken())
				.status()).isEqualTo(201);
		}
		assertThat(seqs(history(bob, conversation, "?afterSeq=2&limit=2"))).containsExactly(3L, 4L);
		assertThat(history(bob, conversation, "?afterSeq=2&limit=2").get("hasMore").asBoolean()).isTrue();
		assertThat(seqs(history(bob, conversation, "?afterSeq=3&limit=2"))).containsExactly(4L, 5L);
		assertThat(history(bob, conversation, "?afterSeq=3&limit=2").get("hasMore").asBoolean()).isFalse();
		assertThat(seqs(history(bob, conversation, "?beforeSeq=3"))).containsExactly(1L, 2L);
		assertThat(seqs(history(bob, conversation, "?limit=2"))).containsExactly(4L, 5L);
		assertThat(seqs(history(bob, conversation, "?afterSeq=1&beforeSeq=4"))).containsExactly(2L, 3L);
		assertProblem(this.api.get("/api/v1/conversations/" + conversation + "/messages?limit=500", bob.accessToken()),
				400, "validation-failed");
	}

	@Test
	void readMarksMoveForwardAndTellTheOthers() {
		Session alice = this.api.newUser("reader");
		Session bob = this.api.newUser("writer");
		long conversation = direct(alice, bob);
		for (int i = 1; i <= 3; i++) {
			this.api.post("/api/v1/conversations/" + conversation + "/messages",
					Map.of("clientMsgId", "r" + i, "type", "TEXT", "text", "m" + i), bob.accessToken());
		}
		JsonNode before = this.api.get("/api/v1/conversations", alice.accessToken()).json().get("items").get(0);
		assertThat(before.get("unreadCount").asLong()).isEqualTo(3);
		assertThat(before.get("lastMessage").get("text").asString()).isEqualTo("m3");
		assertThat(this.api.get("/api/v1/conversations/" + conversation, bob.accessToken())
			.json()
			.get("unreadCount")
			.asLong()).as("your own messages are read").isZero();

		try (RawStompClient bobs = device(bob); RawStompClient alices = device(alice)) {
			alices.sendJson("/app/chat.read", "{\"conversationId\":" + conversation + ",\"seq\":2}");
			JsonNode read = event(bobs, "read");
			assertThat(read.get("type").asString()).isEqualTo("read");
			assertThat(read.get("userId").asLong()).isEqualTo(alice.userId());
			assertThat(read.get("readSeq").asLong()).isEqualTo(2);
		}
		assertThat(
				this.api.post("/api/v1/conversations/" + conversation + "/read", Map.of("seq", 1), alice.accessToken())
					.json()
					.get("readSeq")
					.asLong())
			.as("never back")
			.isEqualTo(2);
		assertThat(this.api.get("/api/v1/conversations/" + conversation, alice.accessToken())
			.json()
			.get("unreadCount")
			.asLong()).isEqualTo(1);
	}

	@Test
	void concurrentSendersGetGapFreeSequenceAndEveryMemberEverything() throws Exception {
		int senders = 20;
		int perSender = 200;
		List<Session> members = new ArrayList<>();
		for (int i = 0; i < senders; i++) {
			members.add(this.api.newUser("crowd"));
		}
		long group = this.api
			.post("/api/v1/conversations/groups",
					Map.of("name", "Crowd", "memberIds",
							members.subList(1, senders).stream().map(Session::userId).toList()),
					members.get(0).accessToken())
			.json()
			.get("id")
			.asLong();
		long firstSeq = history(members.get(0), group, "").get("lastSeq").asLong() + 1;
		List<RawStompClient> devices = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
			for (Session member : members) {
				devices.add(device(member));
			}
			List<Future<?>> sending = new ArrayList<>();
			for (int s = 0; s < senders; s++) {
				RawStompClient device = devices.get(s);
				int sender = s;
				sending.add(pool.submit(() -> {
					for (int m = 0; m < perSender; m++) {
						device.sendJson("/app/chat.send", send(group, "s" + sender + "-" + m, "TEXT", "m" + m));
					}
				}));
			}
			for (Future<?> done : sending) {
				done.get(60, TimeUnit.SECONDS);
			}
			int total = senders * perSender;
			for (RawStompClient device : devices) {
				Set<Long> received = new HashSet<>();
				for (int i = 0; i < total; i++) {
					Frame frame = device.nextOn("messages", Duration.ofSeconds(30));
					assertThat(frame).as("message %d of %d", i + 1, total).isNotNull();
					received.add(json(frame).get("seq").asLong());
				}
				assertThat(received).hasSize(total);
			}
			List<Long> all = new ArrayList<>();
			long after = firstSeq - 1;
			JsonNode page;
			do {
				page = history(members.get(0), group, "?limit=200&afterSeq=" + after);
				all.addAll(seqs(page));
				after = all.get(all.size() - 1);
			}
			while (page.get("hasMore").asBoolean());
			assertThat(all).containsExactlyElementsOf(LongStream.range(firstSeq, firstSeq + total).boxed().toList());
		}
		finally {
			devices.forEach(RawStompClient::close);
		}
	}

	@Test
	void aClientThatWasAwaySyncsEveryMessageOnceInOrder() {
		Session alice = this.api.newUser("away");
		Session bob = this.api.newUser("busy");
		long conversation = direct(alice, bob);
		try (RawStompClient bobs = device(bob)) {
			this.api.post("/api/v1/conversations/" + conversation + "/messages",
					Map.of("clientMsgId", "before", "type", "TEXT", "text", "seen live"), alice.accessToken());
			assertThat(json(bobs.nextOn("messages", WAIT)).get("seq").asLong()).isEqualTo(1);
		}
		for (int i = 0; i < 500; i++) {
			this.api.post("/api/v1/conversations/" + conversation + "/messages",
					Map.of("clientMsgId", "while-away-" + i, "type", "TEXT", "text", "m" + i), alice.accessToken());
		}
		try (RawStompClient bobs = device(bob)) {
			// the client's algorithm (docs/protocol.md): subscribe first, then page from
			// its last seq, merging what arrives live meanwhile by seq
			List<Long> synced = new ArrayList<>();
			long after = 1;
			JsonNode page;
			boolean sentDuringSync = false;
			do {
				page = history(bob, conversation, "?limit=200&afterSeq=" + after);
				synced.addAll(seqs(page));
				after = synced.get(synced.size() - 1);
				if (!sentDuringSync) {
					assertThat(sendRest(alice, conversation, "during-sync").status()).isEqualTo(201);
					sentDuringSync = true;
				}
			}
			while (page.get("hasMore").asBoolean());
			assertThat(synced).as("history pages: in order, each once").isSorted().doesNotHaveDuplicates();
			JsonNode live = json(bobs.nextOn("messages", WAIT));
			assertThat(live.get("seq").asLong()).as("the message sent during the sync arrives live").isEqualTo(502);
			Set<Long> merged = new TreeSet<>(synced);
			merged.add(live.get("seq").asLong());
			assertThat(merged).containsExactlyElementsOf(LongStream.rangeClosed(2, 502).boxed().toList());
		}
	}

	Response put(String path, Object body, Session as) {
		return this.api.send(this.api.request(path, as.accessToken())
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build());
	}

	Response sendRest(Session from, long conversation, String clientMsgId) {
		return this.api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", clientMsgId, "type", "TEXT", "text", "text of " + clientMsgId),
				from.accessToken());
	}

	RawStompClient device(Session user) {
		return device(this.port, user);
	}

	/** A connected device of the user, subscribed to all four of its queues. */
	static RawStompClient device(int port, Session user) {
		RawStompClient client = RawStompClient.open(port, null);
		Frame connected = client.connect(user.accessToken());
		assertThat(connected.command()).isEqualTo("CONNECTED");
		client.subscribe("messages", "/user/queue/messages");
		client.subscribe("acks", "/user/queue/acks");
		client.subscribe("errors", "/user/queue/errors");
		client.subscribe("events", "/user/queue/events");
		return client;
	}

	long direct(Session from, Session to) {
		Response response = this.api.post("/api/v1/conversations/direct", Map.of("userId", to.userId()),
				from.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("id").asLong();
	}

	JsonNode history(Session reader, long conversation, String query) {
		Response response = this.api.get("/api/v1/conversations/" + conversation + "/messages" + query,
				reader.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	static List<Long> seqs(JsonNode page) {
		return page.get("messages").valueStream().map((m) -> m.get("seq").asLong()).toList();
	}

	static String send(long conversation, String clientMsgId, String type, String text) {
		return JSON.writeValueAsString(
				Map.of("conversationId", conversation, "clientMsgId", clientMsgId, "type", type, "text", text));
	}

	/**
	 * The next event of the given type, skipping others (presence, for one, comes at any
	 * time).
	 */
	static JsonNode event(RawStompClient client, String type) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Frame frame = client.nextOn("events", Duration.ofNanos(deadline - System.nanoTime()));
			if (frame != null && json(frame).get("type").asString().equals(type)) {
				return json(frame);
			}
		}
		throw new AssertionError("No '" + type + "' event within " + WAIT);
	}

	/** True when no event of the type arrives within the wait. */
	static boolean noEvent(RawStompClient client, String type, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		while (System.nanoTime() < deadline) {
			Frame frame = client.nextOn("events", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			if (frame != null && json(frame).get("type").asString().equals(type)) {
				return false;
			}
		}
		return true;
	}

	static JsonNode json(Frame frame) {
		assertThat(frame).as("a frame within the wait").isNotNull();
		return JSON.readTree(frame.body());
	}

	static void assertError(RawStompClient client, String clientMsgId, String code) {
		JsonNode error = json(client.nextOn("errors", WAIT));
		assertThat(error.get("clientMsgId").asString()).isEqualTo(clientMsgId);
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.get("detail").asString()).isNotBlank();
		assertThat(error.get("type").asString()).isEqualTo("urn:im:problem:" + code);
	}

	static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
