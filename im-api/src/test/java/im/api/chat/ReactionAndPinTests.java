package im.api.chat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import im.support.Api.Response;
import im.support.Api.Session;
import im.support.RawStompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Emoji reactions and pinned messages, as members meet them: changed over REST or STOMP,
 * told to every member's devices at once, kept in history and the conversation's pins.
 * Runs once per run mode.
 */
abstract class ReactionAndPinTests extends ChatTestSupport {

	private static final String THUMBS_UP = "👍";

	/** With its variation selector: two code points, one emoji. */
	private static final String HEART = "❤️";

	@Test
	void reactionsAreToldAtOnceAndKeptInHistory() {
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		Session outsider = this.api.newUser("outsider");
		long chat = direct(alice, bob);
		assertThat(sendRest(alice, chat, "r-" + unique()).status()).isEqualTo(201);
		try (RawStompClient alices = device(alice); RawStompClient bobs = device(bob)) {
			bobs.sendJson("/app/chat.react", react(chat, 1, THUMBS_UP, false, "like-1"));
			JsonNode added = event(alices, "reaction-added");
			assertThat(added.get("conversationId").asLong()).isEqualTo(chat);
			assertThat(added.get("seq").asLong()).isEqualTo(1);
			assertThat(added.get("emoji").asString()).isEqualTo(THUMBS_UP);
			assertThat(added.get("userId").asLong()).isEqualTo(bob.userId());
			// the reacting member's devices are told too
			assertThat(event(bobs, "reaction-added").get("userId").asLong()).isEqualTo(bob.userId());

			assertThat(this.api.put(reaction(chat, 1, THUMBS_UP), null, alice.accessToken()).status()).isEqualTo(204);
			assertThat(event(bobs, "reaction-added").get("userId").asLong()).isEqualTo(alice.userId());
			assertThat(this.api.put(reaction(chat, 1, HEART), null, alice.accessToken()).status()).isEqualTo(204);
			assertThat(event(bobs, "reaction-added").get("emoji").asString()).isEqualTo(HEART);
			// what changes nothing tells no one
			assertThat(this.api.put(reaction(chat, 1, HEART), null, alice.accessToken()).status()).isEqualTo(204);
			assertThat(noEvent(bobs, "reaction-added", Duration.ofMillis(500))).isTrue();

			JsonNode reactions = message(history(bob, chat, ""), 1).get("reactions");
			assertThat(reactions.size()).isEqualTo(2);
			assertThat(reactions.get(0).get("emoji").asString()).isEqualTo(THUMBS_UP);
			assertThat(reactions.get(0).get("count").asInt()).isEqualTo(2);
			assertThat(ids(reactions.get(0).get("userIds"))).containsExactly(bob.userId(), alice.userId());
			assertThat(reactions.get(1).get("emoji").asString()).isEqualTo(HEART);

			bobs.sendJson("/app/chat.react", react(chat, 1, THUMBS_UP, true, "unlike-1"));
			JsonNode removed = event(alices, "reaction-removed");
			assertThat(removed.get("userId").asLong()).isEqualTo(bob.userId());
			assertThat(removed.get("emoji").asString()).isEqualTo(THUMBS_UP);
			reactions = message(history(alice, chat, ""), 1).get("reactions");
			assertThat(ids(reactions.get(0).get("userIds"))).containsExactly(alice.userId());

			bobs.sendJson("/app/chat.react", react(chat, 1, "ok", false, "not-an-emoji"));
			JsonNode refused = json(bobs.nextOn("errors", WAIT));
			assertThat(refused.get("requestId").asString()).isEqualTo("not-an-emoji");
			assertThat(refused.get("code").asString()).isEqualTo("validation-failed");
		}
		for (String notOne : List.of("1", "👍👍", "a👍", " ")) {
			assertProblem(this.api.put(reaction(chat, 1, notOne), null, bob.accessToken()), 400, "validation-failed");
		}
		assertProblem(this.api.put(reaction(chat, 1, THUMBS_UP), null, outsider.accessToken()), 403, "not-a-member");
		assertProblem(this.api.put(reaction(chat, 9, THUMBS_UP), null, bob.accessToken()), 404, "not-found");

		// a recalled message keeps no reactions and takes none
		assertThat(this.api.delete("/api/v1/conversations/" + chat + "/messages/1", alice.accessToken()).status())
			.isEqualTo(200);
		assertThat(message(history(bob, chat, ""), 1).has("reactions")).isFalse();
		assertProblem(this.api.put(reaction(chat, 1, THUMBS_UP), null, bob.accessToken()), 403, "forbidden");
	}

	@Test
	void aMessageTakesAtMostTwentyDifferentEmoji() {
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		long chat = direct(alice, bob);
		assertThat(sendRest(alice, chat, "r-" + unique()).status()).isEqualTo(201);
		// flags, keycaps, skin tones and joined sequences among them: each one emoji
		List<String> emoji = List
			.of("😀 😂 😊 😍 🤔 😢 😮 👍 👎 👏 🙏 🎉 🔥 ✅ 👀 🇨🇳 1️⃣ 👍🏽 👨‍👩‍👧 ❤️ 🚀".split(" "));
		for (String each : emoji.subList(0, 20)) {
			assertThat(this.api.put(reaction(chat, 1, each), null, alice.accessToken()).status()).as(each)
				.isEqualTo(204);
		}
		assertProblem(this.api.put(reaction(chat, 1, emoji.get(20)), null, bob.accessToken()), 409, "limit-reached");
		// one of those it has is still welcome
		assertThat(this.api.put(reaction(chat, 1, emoji.get(0)), null, bob.accessToken()).status()).isEqualTo(204);
		assertThat(message(history(bob, chat, ""), 1).get("reactions").size()).isEqualTo(20);
	}

	@Test
	void ownersAndAdminsPinInAGroupEitherMemberInADirectChat() {
		Session owner = this.api.newUser("owner");
		Session member = this.api.newUser("member");
		Session outsider = this.api.newUser("outsider");
		Response created = this.api.post("/api/v1/conversations/groups",
				Map.of("name", "Pins", "memberIds", List.of(member.userId())), owner.accessToken());
		long group = created.json().get("id").asLong();
		assertThat(sendRest(owner, group, "p-" + unique()).status()).isEqualTo(201);
		long seq = history(owner, group, "").get("lastSeq").asLong();

		try (RawStompClient members = device(member)) {
			assertProblem(this.api.put(pin(group, seq), null, member.accessToken()), 403, "forbidden");
			assertThat(this.api.put(pin(group, seq), null, owner.accessToken()).status()).isEqualTo(204);
			JsonNode pinned = event(members, "message-pinned");
			assertThat(pinned.get("seq").asLong()).isEqualTo(seq);
			assertThat(pinned.get("by").asLong()).isEqualTo(owner.userId());
			assertThat(pinned.get("pinnedAt").asString()).isNotBlank();
			assertThat(this.api.put(pin(group, seq), null, owner.accessToken()).status()).isEqualTo(204);
			assertThat(noEvent(members, "message-pinned", Duration.ofMillis(500))).isTrue();

			JsonNode pins = pins(member, group);
			assertThat(pins.size()).isEqualTo(1);
			assertThat(pins.get(0).get("message").get("seq").asLong()).isEqualTo(seq);
			assertThat(pins.get(0).get("message").get("text").asString()).startsWith("text of p-");
			assertThat(pins.get(0).get("pinnedBy").asLong()).isEqualTo(owner.userId());

			// the group's creation is a system message: not pinnable
			assertProblem(this.api.put(pin(group, 1), null, owner.accessToken()), 403, "forbidden");
			assertProblem(this.api.get("/api/v1/conversations/" + group + "/pins", outsider.accessToken()), 403,
					"not-a-member");

			assertThat(this.api.delete(pin(group, seq), owner.accessToken()).status()).isEqualTo(204);
			assertThat(event(members, "message-unpinned").get("seq").asLong()).isEqualTo(seq);
			assertThat(pins(member, group).size()).isZero();
		}

		long chat = direct(owner, member);
		assertThat(sendRest(owner, chat, "d-" + unique()).status()).isEqualTo(201);
		assertThat(this.api.put(pin(chat, 1), null, member.accessToken()).status()).isEqualTo(204);
		assertThat(pins(owner, chat).get(0).get("pinnedBy").asLong()).isEqualTo(member.userId());
		// recalling a message unpins it
		assertThat(this.api.delete("/api/v1/conversations/" + chat + "/messages/1", owner.accessToken()).status())
			.isEqualTo(200);
		assertThat(pins(owner, chat).size()).isZero();
	}

	private JsonNode pins(Session reader, long conversation) {
		Response response = this.api.get("/api/v1/conversations/" + conversation + "/pins", reader.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static String react(long conversation, long seq, String emoji, boolean remove, String requestId) {
		return JSON.writeValueAsString(Map.of("conversationId", conversation, "seq", seq, "emoji", emoji, "remove",
				remove, "requestId", requestId));
	}

	private static String reaction(long conversation, long seq, String emoji) {
		return "/api/v1/conversations/" + conversation + "/messages/" + seq + "/reactions/"
				+ URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String pin(long conversation, long seq) {
		return "/api/v1/conversations/" + conversation + "/pins/" + seq;
	}

	private static JsonNode message(JsonNode page, long seq) {
		return page.get("messages").valueStream().filter((m) -> m.get("seq").asLong() == seq).findFirst().orElseThrow();
	}

	private static List<Long> ids(JsonNode array) {
		return array.valueStream().map(JsonNode::asLong).toList();
	}

}
