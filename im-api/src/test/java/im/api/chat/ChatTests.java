package im.api.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import im.support.Api.Response;
import im.support.Api.Session;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat as clients meet it: STOMP clients that subscribe to their queues and send, REST
 * for conversations and history; acknowledgements, retries, order, history, read marks
 * and sync. Groups, media and presence have classes of their own. Runs once per run mode
 * (H2, PostgreSQL).
 */
abstract class ChatTests extends ChatTestSupport {

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

}
