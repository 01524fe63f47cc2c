package im.api.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import im.support.Api;
import im.support.Api.Session;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static im.api.chat.ChatTestSupport.device;
import static im.api.chat.ChatTestSupport.json;
import static im.api.chat.ChatTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that pretends to be someone else, or to be somewhere it is not: another user's
 * queues, the broker's topics, a sender named in the body or the headers, a membership
 * that ended, a subscription selector (CVE-2018-1270). Each is refused or ignored.
 */
@StandaloneModeTest
class SpoofingTests {

	static final Duration WAIT = Duration.ofSeconds(5);

	/**
	 * Long enough for a delivery that is coming to arrive: what does not is not coming.
	 */
	static final Duration QUIET = Duration.ofMillis(700);

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@Test
	void anotherUsersQueuesAreClosed() {
		Session mallory = this.api.newUser("mallory");
		Session alice = this.api.newUser("alice");
		for (String destination : List.of("/user/" + alice.userId() + "/queue/messages",
				"/user/" + alice.username() + "/queue/messages", "/queue/messages", "/topic/messages",
				"/queue/messages-user" + alice.userId(), "/app/chat.send")) {
			try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
				assertThat(stomp.connect(mallory.accessToken()).command()).isEqualTo("CONNECTED");
				stomp.send("SUBSCRIBE", Map.of("id", "s1", "destination", destination, "receipt", "r1"), "");
				Frame answer = stomp.next(WAIT);
				assertThat(answer).as(destination).isNotNull();
				assertThat(answer.command()).as(destination).isEqualTo("ERROR");
				assertThat(answer.header("code")).as(destination).isEqualTo("forbidden");
			}
		}
	}

	@Test
	void sendingToTheBrokerOrAsAMessageFrameIsRefused() {
		Session mallory = this.api.newUser("mallory");
		Session alice = this.api.newUser("alice");
		try (RawStompClient alices = device(this.port, alice)) {
			for (Frame forged : List.of(
					new Frame("SEND", Map.of("destination", "/user/" + alice.userId() + "/queue/messages"),
							"{\"text\":\"forged\"}"),
					new Frame("SEND", Map.of("destination", "/topic/rooms/anything"), "{\"text\":\"forged\"}"),
					new Frame("MESSAGE", Map.of("destination", "/user/queue/messages", "subscription", "messages",
							"message-id", "1"), "{\"text\":\"forged\"}"))) {
				try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
					assertThat(stomp.connect(mallory.accessToken()).command()).isEqualTo("CONNECTED");
					stomp.sendTogether(forged);
					Frame answer = stomp.next(WAIT);
					assertThat(answer).as(forged.command() + " " + forged.header("destination")).isNotNull();
					assertThat(answer.command()).isEqualTo("ERROR");
					assertThat(answer.header("code")).isIn("forbidden", "malformed-request");
				}
			}
			assertThat(alices.nextOn("messages", QUIET)).as("nothing forged reached alice").isNull();
		}
	}

	@Test
	void theSenderIsWhoeverSignedInWhateverTheBodyOrHeadersSay() {
		Session mallory = this.api.newUser("mallory");
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		long toBob = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), mallory.accessToken())
			.json()
			.get("id")
			.asLong();
		try (RawStompClient mallorys = device(this.port, mallory); RawStompClient bobs = device(this.port, bob)) {
			String body = "{\"conversationId\":" + toBob + ",\"clientMsgId\":\"forged-1\",\"type\":\"TEXT\","
					+ "\"text\":\"It's alice\",\"senderId\":" + alice.userId() + ",\"sender\":\"" + alice.username()
					+ "\",\"seq\":99,\"createdAt\":\"2000-01-01T00:00:00Z\"}";
			mallorys.sendTogether(new Frame("SEND",
					Map.of("destination", "/app/chat.send", "content-type", "application/json", "user-name",
							String.valueOf(alice.userId()), "simpUser", alice.username(), "login", alice.username()),
					body));
			JsonNode delivered = json(bobs.nextOn("messages", WAIT));
			assertThat(delivered.get("senderId").asLong()).isEqualTo(mallory.userId());
			assertThat(delivered.get("seq").asLong()).as("the server numbers messages").isEqualTo(1);
			assertThat(delivered.get("createdAt").asString()).doesNotStartWith("2000");
			assertThat(json(mallorys.nextOn("acks", WAIT)).get("clientMsgId").asString()).isEqualTo("forged-1");
		}
	}

	@Test
	void aRemovedMemberStopsReceivingAtOnceThoughStillSubscribed() {
		Session owner = this.api.newUser("owner");
		Session stays = this.api.newUser("stays");
		Session removed = this.api.newUser("removed");
		long group = this.api
			.post("/api/v1/conversations/groups",
					Map.of("name", "Club", "memberIds", List.of(stays.userId(), removed.userId())), owner.accessToken())
			.json()
			.get("id")
			.asLong();
		try (RawStompClient owners = device(this.port, owner);
				RawStompClient stayings = device(this.port, stays);
				RawStompClient removeds = device(this.port, removed)) {
			owners.sendJson("/app/chat.send", send(group, "before", "TEXT", "before"));
			assertThat(json(removeds.nextOn("messages", WAIT)).get("text").asString()).isEqualTo("before");
			assertThat(json(stayings.nextOn("messages", WAIT)).get("text").asString()).isEqualTo("before");

			assertThat(
					this.api
						.send(this.api.request("/api/v1/conversations/" + group + "/members/" + removed.userId(),
								owner.accessToken())
							.DELETE()
							.build())
						.status())
				.isEqualTo(204);
			owners.sendJson("/app/chat.send", send(group, "after", "TEXT", "after"));
			// the system message of the removal, then the next one
			JsonNode next = json(stayings.nextOn("messages", WAIT));
			if (next.get("type").asString().equals("SYSTEM")) {
				next = json(stayings.nextOn("messages", WAIT));
			}
			assertThat(next.get("text").asString()).isEqualTo("after");
			Frame leaked;
			while ((leaked = removeds.nextOn("messages", QUIET)) != null) {
				assertThat(json(leaked).get("text").isNull() || !json(leaked).get("text").asString().equals("after"))
					.as("the removed member got a message sent after the removal: %s", leaked.body())
					.isTrue();
			}
		}
	}

	/**
	 * CVE-2018-1270: a {@code selector} header was evaluated as SpEL. Here it is no
	 * selector at all: the subscription takes no notice of it and nothing runs.
	 */
	@Test
	void aSelectorHeaderIsNeitherEvaluatedNorObeyed() throws Exception {
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		Path marker = Files.createTempDirectory("selector").resolve("pwned-" + UUID.randomUUID());
		long conversation = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		try (RawStompClient alices = device(this.port, alice);
				RawStompClient bobs = RawStompClient.open(this.port, null)) {
			assertThat(bobs.connect(bob.accessToken()).command()).isEqualTo("CONNECTED");
			bobs.send("SUBSCRIBE",
					Map.of("id", "messages", "destination", "/user/queue/messages", "receipt", "r1", "selector",
							"T(java.nio.file.Files).createFile(T(java.nio.file.Path).of('" + marker + "')) != null"
									+ " and headers['nothing'] == 'matches'"),
					"");
			assertThat(bobs.next(WAIT).command()).isEqualTo("RECEIPT");
			alices.sendJson("/app/chat.send", send(conversation, "sel-1", "TEXT", "through"));
			Frame got = bobs.next(WAIT);
			assertThat(got).as("the selector filters nothing out").isNotNull();
			assertThat(got.command()).isEqualTo("MESSAGE");
			assertThat(json(got).get("text").asString()).isEqualTo("through");
		}
		assertThat(marker).as("nothing in the header ran").doesNotExist();
	}

}
