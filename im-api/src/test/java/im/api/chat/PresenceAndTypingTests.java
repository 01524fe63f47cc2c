package im.api.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import im.support.Api.Session;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence, typing and the device limit: the ephemeral side of chat. Runs once per run
 * mode.
 */
abstract class PresenceAndTypingTests extends ChatTestSupport {

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

}
