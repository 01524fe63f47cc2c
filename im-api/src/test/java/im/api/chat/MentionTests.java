package im.api.chat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import im.support.Api.Response;
import im.support.Api.Session;
import im.support.RawStompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @username} and {@code @all}: who a message names is in the message as pushed and
 * in history, and each member's list counts the unread messages that mention them. Runs
 * once per run mode.
 */
abstract class MentionTests extends ChatTestSupport {

	@Test
	void membersNamedOrEveryoneAreMentionedAndCountedUntilRead() {
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		Session carol = this.api.newUser("carol");
		Session dave = this.api.newUser("dave");
		Response created = this.api.post("/api/v1/conversations/groups",
				Map.of("name", "Mentions", "memberIds", List.of(bob.userId(), carol.userId())), alice.accessToken());
		long group = created.json().get("id").asLong();

		try (RawStompClient bobs = device(bob); RawStompClient carols = device(carol)) {
			// a name in any case, a name that ends a sentence, an address, a non-member,
			// the
			// sender: only bob is named
			String text = "@" + bob.username().toUpperCase() + " and @" + bob.username() + ". see mail@"
					+ carol.username() + " cc @" + dave.username() + " @" + alice.username();
			drain(bobs);
			drain(carols);
			assertThat(say(alice, group, text).status()).isEqualTo(201);
			JsonNode pushed = json(bobs.nextOn("messages", WAIT));
			assertThat(ids(pushed.get("mentions"))).containsExactly(bob.userId());
			assertThat(pushed.has("mentionsAll")).isFalse();
			assertThat(ids(json(carols.nextOn("messages", WAIT)).get("mentions"))).containsExactly(bob.userId());

			assertThat(say(alice, group, "@all standup in five").status()).isEqualTo(201);
			JsonNode all = json(carols.nextOn("messages", WAIT));
			assertThat(all.get("mentionsAll").asBoolean()).isTrue();
			assertThat(all.has("mentions")).isFalse();
		}
		assertThat(say(alice, group, "nobody named").status()).isEqualTo(201);

		assertThat(unreadMentions(bob, group)).isEqualTo(2);
		assertThat(unreadMentions(carol, group)).isEqualTo(1);
		assertThat(unreadMentions(alice, group)).isZero();
		JsonNode history = history(carol, group, "").get("messages");
		JsonNode named = history.get(history.size() - 3);
		assertThat(ids(named.get("mentions"))).containsExactly(bob.userId());
		assertThat(history.get(history.size() - 2).get("mentionsAll").asBoolean()).isTrue();

		// reading past a mention clears it; a recalled mention no longer counts
		long namedSeq = named.get("seq").asLong();
		assertThat(this.api.post("/api/v1/conversations/" + group + "/read", Map.of("seq", namedSeq), bob.accessToken())
			.status()).isEqualTo(200);
		assertThat(unreadMentions(bob, group)).isEqualTo(1);
		long allSeq = history.get(history.size() - 2).get("seq").asLong();
		assertThat(
				this.api.delete("/api/v1/conversations/" + group + "/messages/" + allSeq, alice.accessToken()).status())
			.isEqualTo(200);
		assertThat(unreadMentions(bob, group)).isZero();
		assertThat(unreadMentions(carol, group)).isZero();
	}

	private Response say(Session from, long conversation, String text) {
		return this.api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", "m-" + unique(), "type", "TEXT", "text", text), from.accessToken());
	}

	private long unreadMentions(Session member, long conversation) {
		Response response = this.api.get("/api/v1/conversations/" + conversation, member.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		long fromItem = response.json().get("unreadMentions").asLong();
		JsonNode list = this.api.get("/api/v1/conversations", member.accessToken()).json().get("items");
		long fromList = list.valueStream()
			.filter((c) -> c.get("id").asLong() == conversation)
			.findFirst()
			.orElseThrow()
			.get("unreadMentions")
			.asLong();
		assertThat(fromList).as("the list and the conversation agree").isEqualTo(fromItem);
		return fromItem;
	}

	private static void drain(RawStompClient client) {
		while (client.nextOn("messages", Duration.ofMillis(300)) != null) {
			// the group's creation
		}
	}

	private static List<Long> ids(JsonNode array) {
		return array.valueStream().map(JsonNode::asLong).toList();
	}

}
