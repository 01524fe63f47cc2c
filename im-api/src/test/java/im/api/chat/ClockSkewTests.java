package im.api.chat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.Instance;
import im.support.OwnJvm;
import im.support.RawStompClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.JsonNode;

import static im.api.chat.ChatTestSupport.WAIT;
import static im.api.chat.ChatTestSupport.json;
import static im.api.chat.ChatTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two cluster instances whose clocks disagree by 8 seconds, within the documented leeway
 * ({@code IM_CLOCK_SKEW}, 10 s): messages sent through both in turn take their
 * {@code seq} in the order they were sent though their {@code serverTime} goes back and
 * forth, and every device, merging by {@code seq}, holds them in that order; an access
 * token issued by either works at the other; an expired one is accepted only within the
 * leeway, as the instance checking it sees the time.
 */
@OwnJvm
@TestInstance(Lifecycle.PER_CLASS)
class ClockSkewTests {

	private static final Duration SKEW = Duration.ofSeconds(4);

	/** application-test.yaml's. */
	private static final String JWT_SECRET = "test-secret-of-at-least-32-bytes-for-hs256!";

	private Instance ahead;

	private Instance behind;

	private Api a;

	private Api b;

	@BeforeAll
	void startTwoInstancesWhoseClocksDisagree() {
		Map<String, String> topic = Map.of("im.cluster.topic", "im.deliveries.clock-skew");
		this.ahead = Instance.startWithClockSkew("clock-ahead", SKEW, topic);
		this.behind = Instance.startWithClockSkew("clock-behind", SKEW.negated(), topic);
		this.a = this.ahead.api();
		this.b = this.behind.api();
	}

	@AfterAll
	void stop() {
		for (Instance instance : new Instance[] { this.ahead, this.behind }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Test
	void messagesAreOrderedBySeqWhateverTheClocksSay() {
		Session alice = this.a.newUser("ahead");
		Session bob = this.b.newUser("behind");
		long conversation = this.a
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		try (RawStompClient alices = ChatTestSupport.device(this.ahead.port(), alice);
				RawStompClient bobs = ChatTestSupport.device(this.behind.port(), bob)) {
			List<Instant> serverTimes = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				RawStompClient sender = (i % 2 == 0) ? alices : bobs;
				sender.sendJson("/app/chat.send", send(conversation, "turn-" + i, "TEXT", "turn " + i));
				JsonNode ack = json(sender.nextOn("acks", WAIT));
				assertThat(ack.get("clientMsgId").asString()).isEqualTo("turn-" + i);
				assertThat(ack.get("seq").asLong()).as("seq in the order sent").isEqualTo(i + 1);
				serverTimes.add(Instant.parse(ack.get("serverTime").asString()));
			}
			assertThat(serverTimes.get(1)).as("the instance behind dates its message before the one ahead did")
				.isBefore(serverTimes.get(0));
			// a device may get a message from its own instance before an earlier one from
			// the other (protocol.md §6): merged by seq, each device holds the turns in
			// order
			for (RawStompClient device : List.of(alices, bobs)) {
				Map<Long, String> bySeq = new TreeMap<>();
				for (int i = 0; i < 10; i++) {
					JsonNode message = json(device.nextOn("messages", WAIT));
					bySeq.put(message.get("seq").asLong(), message.get("clientMsgId").asString());
				}
				assertThat(bySeq.keySet()).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
				assertThat(bySeq.values())
					.containsExactlyElementsOf(LongStream.range(0, 10).mapToObj((i) -> "turn-" + i).toList());
			}
		}
		JsonNode page = this.b.get("/api/v1/conversations/" + conversation + "/messages?afterSeq=0", bob.accessToken())
			.json();
		assertThat(ChatTestSupport.seqs(page))
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
		assertThat(page.get("messages").valueStream().map((m) -> m.get("clientMsgId").asString()).toList())
			.containsExactlyElementsOf(LongStream.range(0, 10).mapToObj((i) -> "turn-" + i).toList());
	}

	@Test
	void tokensHoldAcrossTheSkewAndExpireWithinTheLeeway() throws Exception {
		Session alice = this.a.newUser("signs-in-ahead");
		// issued by the clock ahead: 8 s in the future for the instance behind
		assertThat(this.b.get("/api/v1/me", alice.accessToken()).status()).isEqualTo(200);
		try (RawStompClient device = ChatTestSupport.device(this.behind.port(), alice)) {
			assertThat(device.isClosed()).isFalse();
		}

		// expired 7 s ago by the machine's clock: 3 s ago for the instance behind, within
		// the leeway; 11 s ago for the one ahead, beyond it
		String sevenSecondsGone = expiringAt(alice.accessToken(), Instant.now().minusSeconds(7));
		Response withinLeeway = this.b.get("/api/v1/me", sevenSecondsGone);
		assertThat(withinLeeway.status()).as(withinLeeway.toString()).isEqualTo(200);
		assertExpired(this.a.get("/api/v1/me", sevenSecondsGone));

		// 15 s ago: beyond the leeway everywhere
		String fifteenSecondsGone = expiringAt(alice.accessToken(), Instant.now().minusSeconds(15));
		assertExpired(this.a.get("/api/v1/me", fifteenSecondsGone));
		assertExpired(this.b.get("/api/v1/me", fifteenSecondsGone));
	}

	private static void assertExpired(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.json().get("code").asString()).isEqualTo("token-expired");
	}

	/** The same token with other times, signed as the instances sign. */
	private static String expiringAt(String token, Instant expiry) throws Exception {
		SignedJWT original = SignedJWT.parse(token);
		// issued a minute before it expires: a token ends after it begins
		JWTClaimsSet claims = new JWTClaimsSet.Builder(original.getJWTClaimsSet())
			.issueTime(Date.from(expiry.minusSeconds(60)))
			.notBeforeTime(null)
			.expirationTime(Date.from(expiry))
			.build();
		SignedJWT changed = new SignedJWT(original.getHeader(), claims);
		changed.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
		return changed.serialize();
	}

}
