package im.api.chat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import im.support.Api.Response;
import im.support.Api.Session;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static im.support.ProblemAssertions.assertProblem;
import static im.support.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Message search as a user meets it over REST: Chinese text by its characters, Latin
 * words by their stems, only what the caller may read, never a recalled message, an
 * edited one by its new text only, the filters, the pages, and the index rebuilt. Runs
 * once per run mode (Lucene standalone, PostgreSQL in a cluster).
 */
abstract class MessageSearchTests extends ChatTestSupport {

	private static final Duration INDEXED = Duration.ofSeconds(10);

	@Test
	void chineseIsFoundByItsCharactersAndLatinWordsByTheirStems() {
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		long chat = direct(alice, bob);
		sendText(alice, chat, "我们在搜索引擎上见");
		sendText(alice, chat, "Two meetings tomorrow, one on Friday");
		sendText(bob, chat, "Nothing to see here");

		JsonNode chinese = awaitResults(bob, "q=" + encode("搜索"), 1).get(0);
		assertThat(chinese.get("message").get("text").asString()).isEqualTo("我们在搜索引擎上见");
		assertThat(chinese.get("message").get("conversationId").asLong()).isEqualTo(chat);
		assertThat(highlighted(chinese)).containsExactly("搜索");

		JsonNode latin = results(bob, "q=MEETING").get(0);
		assertThat(latin.get("message").get("text").asString()).isEqualTo("Two meetings tomorrow, one on Friday");
		assertThat(highlighted(latin)).containsExactly("meetings");
		assertThat(results(alice, "q=" + encode("meeting friday"))).hasSize(1);
		assertThat(results(alice, "q=" + encode("meeting saturday"))).isEmpty();
		assertThat(results(alice, "q=" + encode("引擎 搜索"))).hasSize(1);
	}

	@Test
	void aNonMemberNeverSeesAHit() {
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		Session outsider = this.api.newUser("outsider");
		long chat = direct(alice, bob);
		String word = word();
		sendText(alice, chat, "the secret word is " + word);
		awaitResults(bob, "q=" + word, 1);
		assertThat(results(outsider, "q=" + word)).isEmpty();
		assertProblem(this.api.get(search("q=" + word + "&conversationId=" + chat), outsider.accessToken()), 403,
				"not-a-member");
	}

	@Test
	void aGroupLeftIsSearchedUpToLeaving() {
		Session owner = this.api.newUser("owner");
		Session member = this.api.newUser("member");
		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Leaving", "memberIds", List.of(member.userId())),
					owner.accessToken())
			.json()
			.get("id")
			.asLong();
		String word = word();
		sendText(owner, group, "before leaving " + word);
		awaitResults(member, "q=" + word, 1);
		assertThat(
				this.api.delete("/api/v1/conversations/" + group + "/members/" + member.userId(), member.accessToken())
					.status())
			.isEqualTo(204);
		sendText(owner, group, "after leaving " + word);
		awaitResults(owner, "q=" + word, 2);

		List<JsonNode> found = results(member, "q=" + word);
		assertThat(found).extracting((hit) -> hit.get("message").get("text").asString())
			.containsExactly("before leaving " + word);
		assertThat(results(member, "q=" + word + "&conversationId=" + group)).hasSize(1);
	}

	@Test
	void aRecalledMessageIsNeverFoundAnEditedOneByItsNewTextOnly() {
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		long chat = direct(alice, bob);
		String old = word();
		String edited = word();
		String recalled = word();
		long first = sendText(alice, chat, "draft " + old);
		long second = sendText(alice, chat, "oops " + recalled);
		awaitResults(bob, "q=" + old, 1);
		awaitResults(bob, "q=" + recalled, 1);

		assertThat(this.api
			.patch("/api/v1/conversations/" + chat + "/messages/" + first, Map.of("text", "final " + edited),
					alice.accessToken())
			.status()).isEqualTo(200);
		// at once, even before the index has taken the change
		assertThat(results(bob, "q=" + old)).isEmpty();
		JsonNode found = awaitResults(bob, "q=" + edited, 1).get(0);
		assertThat(found.get("message").get("text").asString()).isEqualTo("final " + edited);
		assertThat(found.get("message").get("editedAt").isNull()).isFalse();

		assertThat(
				this.api.delete("/api/v1/conversations/" + chat + "/messages/" + second, alice.accessToken()).status())
			.isEqualTo(200);
		assertThat(results(bob, "q=" + recalled)).isEmpty();
		assertThat(results(alice, "q=" + recalled)).isEmpty();
	}

	@Test
	void filtersNarrowTheResults() {
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		Session carol = this.api.newUser("carol");
		long withBob = direct(alice, bob);
		long withCarol = direct(alice, carol);
		String word = word();
		sendText(alice, withBob, "alice to bob " + word);
		sendText(bob, withBob, "bob to alice " + word);
		Instant between = Instant.now();
		sendText(carol, withCarol, "carol to alice " + word);
		String fileId = this.api
			.upload(alice.accessToken(), "FILE", "quarterly-" + word + ".pdf", "application/pdf",
					"%PDF-1.4".getBytes(StandardCharsets.UTF_8))
			.json()
			.get("id")
			.asString();
		assertThat(this.api
			.post("/api/v1/conversations/" + withCarol + "/messages",
					Map.of("clientMsgId", "f-" + unique(), "type", "FILE", "mediaId", fileId), alice.accessToken())
			.status()).isEqualTo(201);
		awaitResults(alice, "q=" + word, 4);

		assertThat(texts(results(alice, "q=" + word + "&conversationId=" + withBob)))
			.containsExactly("bob to alice " + word, "alice to bob " + word);
		assertThat(texts(results(alice, "q=" + word + "&senderId=" + carol.userId())))
			.containsExactly("carol to alice " + word);
		assertThat(texts(results(alice, "q=" + word + "&to=" + between))).containsExactly("bob to alice " + word,
				"alice to bob " + word);
		assertThat(results(alice, "q=" + word + "&from=" + between)).hasSize(2);
		// the file is found by its name, and is the one message with a file
		JsonNode file = results(alice, "q=" + word + "&hasFile=true").get(0);
		assertThat(results(alice, "q=" + word + "&hasFile=true")).hasSize(1);
		assertThat(file.get("message").get("media").get("fileName").asString()).isEqualTo("quarterly-" + word + ".pdf");
		assertThat(file.get("fileNameHighlights").size()).isEqualTo(1);
		assertThat(results(alice, "q=" + encode("quarterly " + word))).hasSize(1);
		assertThat(results(alice, "q=" + word + "&hasFile=false")).hasSize(3);
	}

	@Test
	void pagesFollowTheCursorInEitherOrder() {
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		long chat = direct(alice, bob);
		String word = word();
		for (int i = 1; i <= 5; i++) {
			sendText(alice, chat, "number " + i + " " + word);
		}
		sendText(alice, chat, word + " " + word + " the best match, " + word);
		awaitResults(bob, "q=" + word, 6);

		List<String> newest = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = page(bob, "q=" + word + "&limit=4" + ((cursor != null) ? "&cursor=" + cursor : ""));
			page.get("results").forEach((hit) -> newest.add(hit.get("message").get("text").asString()));
			cursor = page.get("next").isNull() ? null : page.get("next").asString();
			pages++;
		}
		while (cursor != null && pages < 5);
		assertThat(newest).hasSize(6).doesNotHaveDuplicates();
		assertThat(newest.get(0)).startsWith(word + " " + word);
		assertThat(newest.get(5)).startsWith("number 1 ");

		List<String> relevant = new ArrayList<>();
		cursor = null;
		pages = 0;
		do {
			JsonNode page = page(bob,
					"q=" + word + "&order=relevance&limit=4" + ((cursor != null) ? "&cursor=" + cursor : ""));
			page.get("results").forEach((hit) -> relevant.add(hit.get("message").get("text").asString()));
			cursor = page.get("next").isNull() ? null : page.get("next").asString();
			pages++;
		}
		while (cursor != null && pages < 5);
		assertThat(relevant).hasSize(6).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(newest);
		assertThat(relevant.get(0)).as("the message that says it three times").startsWith(word + " " + word);

		assertProblem(this.api.get(search("q=" + word + "&cursor=o4"), bob.accessToken()), 400, "validation-failed");
		assertProblem(this.api.get(search("q=" + word + "&cursor=nonsense"), bob.accessToken()), 400,
				"validation-failed");
	}

	@Test
	void badQueriesAreAnsweredWithWhatIsWrong() {
		Session alice = this.api.newUser("alice");
		// a parameter missing or not of its type: Spring's detail names it, as everywhere
		// in the API
		assertProblem(this.api.get("/api/v1/search/messages", alice.accessToken()), 400, "malformed-request");
		Response blank = this.api.get(search("q=%20"), alice.accessToken());
		assertProblem(blank, 400, "validation-failed");
		assertThat(fields(blank)).containsExactly("q");
		assertThat(fields(this.api.get(search("q=the%20of"), alice.accessToken()))).containsExactly("q");
		assertThat(fields(this.api.get(search("q=" + "a".repeat(201)), alice.accessToken()))).containsExactly("q");
		assertThat(fields(this.api.get(search("q=hello&limit=0"), alice.accessToken()))).containsExactly("limit");
		assertThat(fields(this.api.get(search("q=hello&limit=101"), alice.accessToken()))).containsExactly("limit");
		assertThat(fields(this.api.get(search("q=hello&order=oldest"), alice.accessToken()))).containsExactly("order");
		assertThat(fields(
				this.api.get(search("q=hello&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), alice.accessToken())))
			.containsExactly("to");
		assertProblem(this.api.get(search("q=hello&from=yesterday"), alice.accessToken()), 400, "malformed-request");
		assertProblem(this.api.get(search("q=hello"), null), 401, "unauthenticated");
	}

	@Test
	void aRebuiltIndexFindsEverythingAgain() {
		Session admin = this.api.login("admin", "admin-test-password");
		Session alice = this.api.newUser("alice");
		Session bob = this.api.newUser("bob");
		long chat = direct(alice, bob);
		String word = word();
		sendText(alice, chat, "kept through a rebuild " + word);
		awaitResults(bob, "q=" + word, 1);

		Response status = this.api.get("/api/v1/admin/search", admin.accessToken());
		assertThat(status.status()).isEqualTo(200);
		assertThat(status.json().get("latestMessageId").asLong()).isPositive();
		assertThat(status.json().get("documents").asLong()).isPositive();
		assertProblem(this.api.get("/api/v1/admin/search", alice.accessToken()), 403, "forbidden");
		assertProblem(this.api.post("/api/v1/admin/search/rebuild", null, alice.accessToken()), 403, "forbidden");

		Response rebuilt = this.api.post("/api/v1/admin/search/rebuild", null, admin.accessToken());
		assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(202);
		awaitResults(bob, "q=" + word, 1);
		await().atMost(INDEXED)
			.until(() -> this.api.get("/api/v1/admin/search", admin.accessToken())
				.json()
				.get("indexedUpTo")
				.asLong() >= status.json().get("latestMessageId").asLong());
	}

	/** Sends a text message over REST; its seq. */
	private long sendText(Session from, long conversation, String text) {
		Response sent = this.api.post("/api/v1/conversations/" + conversation + "/messages",
				Map.of("clientMsgId", "s-" + unique(), "type", "TEXT", "text", text), from.accessToken());
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
		return sent.json().get("seq").asLong();
	}

	/** A word no other message of the test run holds. */
	private static String word() {
		return "w" + unique().replace("-", "");
	}

	private List<JsonNode> awaitResults(Session user, String query, int count) {
		await().atMost(INDEXED).until(() -> results(user, query).size() == count);
		return results(user, query);
	}

	private List<JsonNode> results(Session user, String query) {
		List<JsonNode> results = new ArrayList<>();
		page(user, query).get("results").forEach(results::add);
		return results;
	}

	private JsonNode page(Session user, String query) {
		Response response = this.api.get(search(query), user.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static String search(String query) {
		return "/api/v1/search/messages?" + query;
	}

	private static List<String> texts(List<JsonNode> hits) {
		return hits.stream().map((hit) -> hit.get("message").get("text").asString()).toList();
	}

	/** The parts of the hit's text its highlights cover. */
	private static List<String> highlighted(JsonNode hit) {
		String text = hit.get("message").get("text").asString();
		List<String> parts = new ArrayList<>();
		hit.get("textHighlights")
			.forEach((range) -> parts.add(text.substring(range.get("start").asInt(), range.get("end").asInt())));
		return parts;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
