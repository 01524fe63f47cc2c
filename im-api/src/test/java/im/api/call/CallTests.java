package im.api.call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.CallDevice;
import im.support.WebhookReceiver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls as clients meet them: STOMP clients that ring, answer, exchange offers, answers
 * and candidates through the server, and hang up; the record each call leaves in history.
 * Runs once per run mode.
 */
abstract class CallTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Duration QUIET = Duration.ofMillis(500);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@Test
	void aDirectCallRingsEveryDeviceOfTheCalleeAndOneAnswers() {
		Session alice = this.api.newUser("caller");
		Session bob = this.api.newUser("callee");
		long conversation = direct(alice, bob);
		try (CallDevice alices = device(alice); CallDevice phone = device(bob); CallDevice laptop = device(bob)) {
			alices.send("start", Map.of("conversationId", conversation, "kind", "VIDEO", "requestId", "r1"));
			JsonNode room = alices.next("call-room");
			long call = room.get("callId").asLong();
			long alicePeer = room.get("peerId").asLong();
			assertThat(room.get("state").asString()).isEqualTo("RINGING");
			assertThat(room.get("peers")).isEmpty();
			for (CallDevice device : List.of(phone, laptop, alices)) {
				JsonNode ringing = device.next("call-ringing");
				assertThat(ringing.get("callId").asLong()).isEqualTo(call);
				assertThat(ringing.get("conversationId").asLong()).isEqualTo(conversation);
				assertThat(ringing.get("callerId").asLong()).isEqualTo(alice.userId());
				assertThat(ringing.get("kind").asString()).isEqualTo("VIDEO");
				assertThat(ringing.get("group").asBoolean()).isFalse();
			}

			phone.send("join", Map.of("callId", call));
			JsonNode joined = phone.next("call-room");
			long bobPeer = joined.get("peerId").asLong();
			assertThat(joined.get("state").asString()).isEqualTo("ACTIVE");
			assertThat(joined.get("peers")).hasSize(1);
			assertThat(joined.get("peers").get(0).get("peerId").asLong()).isEqualTo(alicePeer);
			assertThat(joined.get("peers").get(0).get("userId").asLong()).isEqualTo(alice.userId());
			JsonNode peerJoined = alices.next("peer-joined");
			assertThat(peerJoined.get("peer").get("peerId").asLong()).isEqualTo(bobPeer);
			assertThat(peerJoined.get("peer").get("userId").asLong()).isEqualTo(bob.userId());
			// the laptop stops ringing: the call was accepted by bob, on another device
			assertThat(laptop.next("call-accepted").get("userId").asLong()).isEqualTo(bob.userId());
			assertThat(alices.next("call-accepted").get("userId").asLong()).isEqualTo(bob.userId());

			// the one already in the call offers; signals reach the named connection only
			alices.send("signal", Map.of("callId", call, "to", bobPeer, "kind", "offer", "sdp", "v=0 offer"));
			JsonNode offer = phone.next("signal");
			assertThat(offer.get("kind").asString()).isEqualTo("offer");
			assertThat(offer.get("sdp").asString()).isEqualTo("v=0 offer");
			assertThat(offer.get("from").get("peerId").asLong()).isEqualTo(alicePeer);
			assertThat(offer.get("from").get("userId").asLong()).isEqualTo(alice.userId());
			phone.send("signal", Map.of("callId", call, "to", alicePeer, "kind", "answer", "sdp", "v=0 answer"));
			assertThat(alices.next("signal").get("sdp").asString()).isEqualTo("v=0 answer");
			Map<String, Object> candidate = Map.of("candidate", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host",
					"sdpMid", "0", "sdpMLineIndex", 0);
			phone.send("signal", Map.of("callId", call, "to", alicePeer, "kind", "candidate", "candidate", candidate));
			JsonNode forwarded = alices.next("signal");
			assertThat(forwarded.get("kind").asString()).isEqualTo("candidate");
			assertThat(forwarded.get("candidate").get("candidate").asString()).startsWith("candidate:1 1 udp");
			assertThat(forwarded.get("candidate").get("sdpMLineIndex").asInt()).isZero();
			assertThat(forwarded.has("sdp")).isFalse();
			// a renegotiation (or an ICE restart) is another offer and answer, the same
			// way
			phone.send("signal", Map.of("callId", call, "to", alicePeer, "kind", "offer", "sdp", "v=0 restart"));
			assertThat(alices.next("signal").get("sdp").asString()).isEqualTo("v=0 restart");
			// a real video offer is many times the connection's buffers: it travels in
			// parts both ways and arrives whole
			String large = "v=0 " + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n".repeat(450);
			phone.send("signal", Map.of("callId", call, "to", alicePeer, "kind", "offer", "sdp", large));
			assertThat(alices.next("signal").get("sdp").asString()).isEqualTo(large);
			assertThat(laptop.none("signal", QUIET)).isTrue();

			alices.send("leave", Map.of("callId", call));
			for (CallDevice device : List.of(alices, phone, laptop)) {
				JsonNode ended = device.next("call-ended");
				assertThat(ended.get("reason").asString()).isEqualTo("HUNG_UP");
				assertThat(ended.get("answered").asBoolean()).isTrue();
			}
		}
		JsonNode record = lastMessage(bob, conversation);
		assertThat(record.get("type").asString()).isEqualTo("SYSTEM");
		JsonNode body = JSON.readTree(record.get("text").asString());
		assertThat(body.get("type").asString()).isEqualTo("call-ended");
		assertThat(body.get("callerId").asLong()).isEqualTo(alice.userId());
		assertThat(body.get("kind").asString()).isEqualTo("VIDEO");
		assertThat(body.get("answered").asBoolean()).isTrue();
		assertThat(body.get("durationSeconds").asLong()).isGreaterThanOrEqualTo(0);
		assertThat(body.get("participantIds").valueStream().map(JsonNode::asLong).toList())
			.containsExactly(alice.userId(), bob.userId());
	}

	@Test
	void aDeviceThatConnectsWhileACallRingsFindsIt() {
		Session alice = this.api.newUser("caller");
		Session bob = this.api.newUser("late-device");
		long conversation = direct(alice, bob);
		try (CallDevice alices = device(alice)) {
			long call = start(alices, conversation, "VIDEO");
			JsonNode running = this.api.get("/api/v1/calls", bob.accessToken()).json();
			assertThat(running).hasSize(1);
			assertThat(running.get(0).get("callId").asLong()).isEqualTo(call);
			assertThat(running.get(0).get("conversationId").asLong()).isEqualTo(conversation);
			assertThat(running.get(0).get("state").asString()).isEqualTo("RINGING");
			assertThat(running.get(0).get("callerId").asLong()).isEqualTo(alice.userId());
			assertThat(running.get(0).get("participants").get(0).get("userId").asLong()).isEqualTo(alice.userId());
			assertThat(this.api.get("/api/v1/calls", this.api.newUser("stranger").accessToken()).json()).isEmpty();
			alices.send("leave", Map.of("callId", call));
			alices.next("call-ended");
			assertThat(this.api.get("/api/v1/calls", bob.accessToken()).json()).isEmpty();
		}
	}

	@Test
	void theCalleeRejects() {
		Session alice = this.api.newUser("caller");
		Session bob = this.api.newUser("rejecter");
		long conversation = direct(alice, bob);
		try (CallDevice alices = device(alice); CallDevice bobs = device(bob)) {
			long call = start(alices, conversation, "AUDIO");
			bobs.next("call-ringing");
			bobs.send("reject", Map.of("callId", call));
			for (CallDevice device : List.of(alices, bobs)) {
				JsonNode ended = device.next("call-ended");
				assertThat(ended.get("reason").asString()).isEqualTo("REJECTED");
				assertThat(ended.get("answered").asBoolean()).isFalse();
				assertThat(ended.get("durationSeconds").asLong()).isZero();
			}
			// the call is over: joining it now is refused
			bobs.send("join", Map.of("callId", call, "requestId", "late"));
			assertError(bobs.error(), "late", "call-ended");
		}
		JsonNode body = JSON.readTree(lastMessage(alice, conversation).get("text").asString());
		assertThat(body.get("reason").asString()).isEqualTo("REJECTED");
		assertThat(body.get("kind").asString()).isEqualTo("AUDIO");
	}

	@Test
	void theCallerCancelsBeforeAnAnswer() {
		Session alice = this.api.newUser("caller");
		Session bob = this.api.newUser("away");
		long conversation = direct(alice, bob);
		try (CallDevice alices = device(alice); CallDevice bobs = device(bob)) {
			long call = start(alices, conversation, "VIDEO");
			bobs.next("call-ringing");
			alices.send("leave", Map.of("callId", call));
			assertThat(bobs.next("call-ended").get("reason").asString()).isEqualTo("CANCELLED");
			// the callee's late answer finds the call over
			bobs.send("join", Map.of("callId", call, "requestId", "too-late"));
			assertError(bobs.error(), "too-late", "call-ended");
		}
	}

	@Test
	void aWebhookEndpointHearsThatACallEnded() {
		Session admin = this.api.login("admin", "admin-test-password");
		Session alice = this.api.newUser("caller");
		Session bob = this.api.newUser("away");
		long conversation = direct(alice, bob);
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			long endpoint = this.api
				.post("/api/v1/admin/webhooks", Map.of("url", receiver.url(), "events", List.of("call.ended")),
						admin.accessToken())
				.json()
				.get("endpoint")
				.get("id")
				.asLong();
			try (CallDevice alices = device(alice); CallDevice bobs = device(bob)) {
				long call = start(alices, conversation, "AUDIO");
				bobs.next("call-ringing");
				alices.send("leave", Map.of("callId", call));
				WebhookReceiver.Received ended = receiver.next("call.ended", "\"callId\":" + call + ",",
						Duration.ofSeconds(10));
				assertThat(ended).as("call.ended").isNotNull();
				assertThat(ended.data().get("conversationId").asLong()).isEqualTo(conversation);
				assertThat(ended.data().get("reason").asString()).isEqualTo("CANCELLED");
				assertThat(ended.data().get("callerId").asLong()).isEqualTo(alice.userId());
			}
			finally {
				this.api.delete("/api/v1/admin/webhooks/" + endpoint, admin.accessToken());
			}
		}
	}

	@Test
	void aCalleeInAnotherCallIsBusy() {
		Session alice = this.api.newUser("caller");
		Session bob = this.api.newUser("busy");
		Session carol = this.api.newUser("talking");
		long withBob = direct(alice, bob);
		long bobAndCarol = direct(bob, carol);
		try (CallDevice alices = device(alice); CallDevice bobs = device(bob); CallDevice carols = device(carol)) {
			long call = start(carols, bobAndCarol, "AUDIO");
			bobs.send("join", Map.of("callId", call));
			bobs.next("call-room");

			alices.send("start", Map.of("conversationId", withBob, "kind", "VIDEO"));
			JsonNode ended = alices.next("call-ended");
			assertThat(ended.get("reason").asString()).isEqualTo("BUSY");
			assertThat(ended.get("conversationId").asLong()).isEqualTo(withBob);
			assertThat(alices.none("call-room", QUIET)).isTrue();
			// bob learns of the missed call, and his own call goes on
			assertThat(bobs.next("call-ended").get("reason").asString()).isEqualTo("BUSY");
			assertThat(carols.none("call-ended", QUIET)).isTrue();
		}
		assertThat(JSON.readTree(lastMessage(alice, withBob).get("text").asString()).get("reason").asString())
			.isEqualTo("BUSY");
	}

	@Test
	void aCallNobodyAnswersEndsAfterTheRingTimeout() {
		Session alice = this.api.newUser("caller");
		Session bob = this.api.newUser("asleep");
		long conversation = direct(alice, bob);
		try (CallDevice alices = device(alice); CallDevice bobs = device(bob)) {
			long call = start(alices, conversation, "AUDIO");
			JsonNode ringing = bobs.next("call-ringing");
			assertThat(ringing.get("ringUntil").asString()).isNotBlank();
			// the test profile rings for 5 seconds
			for (CallDevice device : List.of(alices, bobs)) {
				JsonNode ended = device.next("call-ended");
				assertThat(ended.get("callId").asLong()).isEqualTo(call);
				assertThat(ended.get("reason").asString()).isEqualTo("NO_ANSWER");
			}
		}
		assertThat(JSON.readTree(lastMessage(bob, conversation).get("text").asString()).get("answered").asBoolean())
			.isFalse();
	}

	@Test
	void aConnectionThatDropsLeavesItsCall() {
		Session alice = this.api.newUser("caller");
		Session bob = this.api.newUser("dropper");
		long conversation = direct(alice, bob);
		try (CallDevice alices = device(alice)) {
			long call;
			try (CallDevice bobs = device(bob)) {
				call = start(alices, conversation, "VIDEO");
				alices.next("call-room");
				bobs.send("join", Map.of("callId", call));
				bobs.next("call-room");
				alices.next("peer-joined");
			}
			JsonNode ended = alices.next("call-ended");
			assertThat(ended.get("callId").asLong()).isEqualTo(call);
			assertThat(ended.get("reason").asString()).isEqualTo("HUNG_UP");
			assertThat(ended.get("answered").asBoolean()).isTrue();
			// and the caller is free for the next call
			alices.send("start", Map.of("conversationId", conversation, "kind", "AUDIO"));
			assertThat(alices.next("call-room").get("callId").asLong()).isNotEqualTo(call);
		}
	}

	/**
	 * A participant whose connection is gone without a word (its instance died, or this
	 * one restarted) is dropped by the sweep, and the call carries on or ends as if they
	 * had left.
	 */
	@Test
	void aParticipantWhoseConnectionVanishedIsDropped() {
		Session alice = this.api.newUser("caller");
		Session ghost = this.api.newUser("ghost");
		long conversation = direct(alice, ghost);
		try (CallDevice alices = device(alice)) {
			long call = start(alices, conversation, "AUDIO");
			alices.next("call-room");
			// the ghost answered from a connection of an instance that then died
			this.jdbc.update("""
					insert into call_participants (call_id, user_id, active_user_id, instance_id, session_id, joined_at)
					values (?, ?, ?, 'dead-node', 's-1', current_timestamp)""", call, ghost.userId(), ghost.userId());
			this.jdbc.update("update calls set state = 'ACTIVE', answered_at = current_timestamp where id = ?", call);
			JsonNode ended = alices.next("call-ended", Duration.ofSeconds(20));
			assertThat(ended.get("callId").asLong()).isEqualTo(call);
			assertThat(ended.get("reason").asString()).isEqualTo("HUNG_UP");
		}
		assertThat(this.jdbc.queryForObject("select count(*) from call_participants where active_user_id = ?",
				Long.class, ghost.userId()))
			.isZero();
	}

	@Test
	void aGroupCallGoesOnWhileMembersComeAndGoAndEndsWithTheLast() {
		Session alice = this.api.newUser("host");
		Session bob = this.api.newUser("guest");
		Session carol = this.api.newUser("late");
		Session dave = this.api.newUser("decliner");
		long group = group(alice, bob, carol, dave);
		try (CallDevice alices = device(alice);
				CallDevice bobs = device(bob);
				CallDevice carols = device(carol);
				CallDevice daves = device(dave)) {
			long call = start(alices, group, "VIDEO");
			for (CallDevice device : List.of(bobs, carols, daves)) {
				assertThat(device.next("call-ringing").get("group").asBoolean()).isTrue();
			}
			daves.send("reject", Map.of("callId", call));
			assertThat(alices.next("call-declined").get("userId").asLong()).isEqualTo(dave.userId());

			bobs.send("join", Map.of("callId", call));
			long bobPeer = bobs.next("call-room").get("peerId").asLong();
			alices.next("peer-joined");
			// a member who comes later starts-or-joins from the conversation, and meets
			// both
			carols.send("start", Map.of("conversationId", group, "kind", "VIDEO"));
			JsonNode room = carols.next("call-room");
			assertThat(room.get("callId").asLong()).isEqualTo(call);
			assertThat(room.get("peers").valueStream().map((p) -> p.get("userId").asLong()).toList())
				.containsExactly(alice.userId(), bob.userId());
			long carolPeer = room.get("peerId").asLong();
			assertThat(alices.next("peer-joined").get("peer").get("peerId").asLong()).isEqualTo(carolPeer);
			assertThat(bobs.next("peer-joined").get("peer").get("peerId").asLong()).isEqualTo(carolPeer);

			bobs.send("leave", Map.of("callId", call));
			assertThat(alices.next("peer-left").get("peer").get("peerId").asLong()).isEqualTo(bobPeer);
			assertThat(carols.next("peer-left").get("peer").get("peerId").asLong()).isEqualTo(bobPeer);
			assertThat(carols.none("call-ended", QUIET)).isTrue();
			// bob may come back while it runs
			bobs.send("join", Map.of("callId", call));
			assertThat(bobs.next("call-room").get("peers")).hasSize(2);

			for (CallDevice leaving : List.of(alices, carols, bobs)) {
				leaving.send("leave", Map.of("callId", call));
			}
			JsonNode ended = daves.next("call-ended");
			assertThat(ended.get("reason").asString()).isEqualTo("HUNG_UP");
			assertThat(ended.get("participantIds").valueStream().map(JsonNode::asLong).distinct().toList())
				.containsExactly(alice.userId(), bob.userId(), carol.userId());
		}
	}

	@Test
	void outsidersAndStrangersAreRefused() {
		Session alice = this.api.newUser("caller");
		Session bob = this.api.newUser("callee");
		Session mallory = this.api.newUser("outsider");
		long conversation = direct(alice, bob);
		long mallorysOwn = direct(mallory, this.api.newUser("other"));
		try (CallDevice alices = device(alice); CallDevice bobs = device(bob); CallDevice mallorys = device(mallory)) {
			long call = start(alices, conversation, "VIDEO");
			long alicePeer = alices.next("call-room").get("peerId").asLong();

			mallorys.send("start", Map.of("conversationId", conversation, "kind", "VIDEO", "requestId", "m1"));
			assertError(mallorys.error(), "m1", "not-a-member");
			mallorys.send("join", Map.of("callId", call, "requestId", "m2"));
			assertError(mallorys.error(), "m2", "not-a-member");
			mallorys.send("signal",
					Map.of("callId", call, "to", alicePeer, "kind", "offer", "sdp", "v=0 evil", "requestId", "m3"));
			assertError(mallorys.error(), "m3", "not-in-call");
			// nor may she reach into the call from a call of her own
			long other = start(mallorys, mallorysOwn, "AUDIO");
			mallorys.send("signal",
					Map.of("callId", other, "to", alicePeer, "kind", "offer", "sdp", "v=0 evil", "requestId", "m4"));
			assertError(mallorys.error(), "m4", "not-found");
			assertThat(alices.none("signal", QUIET)).isTrue();

			// a member not (yet) in the call cannot signal either, and not to an unknown
			// peer
			bobs.send("signal",
					Map.of("callId", call, "to", alicePeer, "kind", "offer", "sdp", "v=0", "requestId", "b1"));
			assertError(bobs.error(), "b1", "not-in-call");
			bobs.send("join", Map.of("callId", call));
			bobs.next("call-room");
			bobs.send("signal",
					Map.of("callId", call, "to", 987_654_321L, "kind", "offer", "sdp", "v=0", "requestId", "b2"));
			assertError(bobs.error(), "b2", "not-found");
			bobs.send("join", Map.of("callId", call, "requestId", "b3"));
			assertError(bobs.error(), "b3", "already-in-call");
			bobs.send("join", Map.of("callId", 987_654_321L, "requestId", "b4"));
			assertError(bobs.error(), "b4", "not-found");
		}
	}

	@Test
	void badSignalsAreRefusedWithTheReason() {
		Session alice = this.api.newUser("caller");
		Session bob = this.api.newUser("callee");
		long conversation = direct(alice, bob);
		try (CallDevice alices = device(alice); CallDevice bobs = device(bob)) {
			long call = start(alices, conversation, "VIDEO");
			bobs.send("join", Map.of("callId", call));
			long bobPeer = bobs.next("call-room").get("peerId").asLong();

			alices.send("signal", Map.of("callId", call, "to", bobPeer, "kind", "offer", "sdp",
					"v=0 " + "a".repeat(16 * 1024), "requestId", "big"));
			assertError(alices.error(), "big", "payload-too-large");
			alices.send("signal", Map.of("callId", call, "to", bobPeer, "kind", "candidate", "candidate",
					Map.of("candidate", "c".repeat(2048)), "requestId", "big-candidate"));
			assertError(alices.error(), "big-candidate", "payload-too-large");
			alices.send("signal", Map.of("callId", call, "to", bobPeer, "kind", "answer", "requestId", "no-sdp"));
			assertError(alices.error(), "no-sdp", "validation-failed");
			alices.send("signal", Map.of("callId", call, "to", bobPeer, "kind", "hello", "requestId", "kind"));
			assertThat(alices.error().get("code").asString()).isEqualTo("malformed-request");
			alices.send("signal", Map.of("callId", call, "kind", "offer", "sdp", "v=0", "requestId", "no-to"));
			JsonNode noTarget = alices.error();
			assertError(noTarget, "no-to", "validation-failed");
			assertThat(noTarget.get("errors").get(0).get("field").asString()).isEqualTo("to");
			alices.send("start", Map.of("conversationId", conversation, "kind", "HOLOGRAM", "requestId", "x"));
			assertThat(alices.error().get("code").asString()).isEqualTo("malformed-request");
			assertThat(bobs.none("signal", QUIET)).as("nothing refused was forwarded").isTrue();
		}
	}

	@Test
	void aCallHoldsAtMostTheConfiguredParticipants() {
		Session host = this.api.newUser("host");
		List<Session> others = IntStream.range(0, 6).mapToObj((i) -> this.api.newUser("member" + i)).toList();
		long group = group(host, others.toArray(Session[]::new));
		List<CallDevice> devices = new ArrayList<>();
		try {
			CallDevice hosts = device(host);
			devices.add(hosts);
			long call = start(hosts, group, "AUDIO");
			for (int i = 0; i < 5; i++) {
				CallDevice device = device(others.get(i));
				devices.add(device);
				device.send("join", Map.of("callId", call));
				device.next("call-room");
			}
			CallDevice seventh = device(others.get(5));
			devices.add(seventh);
			seventh.send("join", Map.of("callId", call, "requestId", "seventh"));
			assertError(seventh.error(), "seventh", "call-full");
		}
		finally {
			devices.forEach(CallDevice::close);
		}
	}

	@Test
	void signalsPerUserAreLimited() {
		Session alice = this.api.newUser("chatty");
		Session bob = this.api.newUser("callee");
		long conversation = direct(alice, bob);
		try (CallDevice alices = device(alice); CallDevice bobs = device(bob)) {
			long call = start(alices, conversation, "VIDEO");
			bobs.send("join", Map.of("callId", call));
			long bobPeer = bobs.next("call-room").get("peerId").asLong();
			// the test profile allows 50 signals per window
			for (int i = 0; i < 51; i++) {
				alices.send("signal", Map.of("callId", call, "to", bobPeer, "kind", "candidate", "candidate",
						Map.of("candidate", "candidate:" + i), "requestId", "s" + i));
			}
			JsonNode refused = alices.error();
			assertError(refused, "s50", "too-many-requests");
			for (int i = 0; i < 50; i++) {
				assertThat(bobs.next("signal").get("candidate").get("candidate").asString())
					.isEqualTo("candidate:" + i);
			}
		}
	}

	@Test
	void iceServersCarryTurnCredentialsSignedWithTheSharedSecret() throws Exception {
		Session alice = this.api.newUser("ice");
		Response response = this.api.get("/api/v1/calls/ice-servers", alice.accessToken());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).contains("no-store");
		JsonNode body = response.json();
		JsonNode stun = body.get("iceServers").get(0);
		assertThat(stun.get("urls").get(0).asString()).isEqualTo("stun:127.0.0.1:3478");
		assertThat(stun.has("username")).isFalse();
		JsonNode turn = body.get("iceServers").get(1);
		assertThat(turn.get("urls").valueStream().map(JsonNode::asString).toList())
			.containsExactly("turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp");
		String username = turn.get("username").asString();
		String[] parts = username.split(":");
		assertThat(parts[1]).isEqualTo(Long.toString(alice.userId()));
		long expiry = Long.parseLong(parts[0]);
		long now = System.currentTimeMillis() / 1000;
		// the test profile's credentials live 10 minutes
		assertThat(expiry).isBetween(now + 590, now + 610);
		assertThat(java.time.Instant.parse(body.get("expiresAt").asString()).getEpochSecond()).isEqualTo(expiry);
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
		mac.init(new javax.crypto.spec.SecretKeySpec("test-turn-secret".getBytes(), "HmacSHA1"));
		assertThat(turn.get("credential").asString())
			.isEqualTo(java.util.Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes())));

		assertThat(this.api.get("/api/v1/calls/ice-servers", null).status()).isEqualTo(401);
	}

	CallDevice device(Session user) {
		return CallDevice.connect(this.port, user);
	}

	/** Starts a call from the device and returns its id, leaving its call-room unread. */
	static long start(CallDevice device, long conversation, String kind) {
		device.send("start", Map.of("conversationId", conversation, "kind", kind));
		JsonNode ringing = device.next("call-ringing");
		return ringing.get("callId").asLong();
	}

	static void assertError(JsonNode error, String requestId, String code) {
		assertThat(error.get("code").asString()).as(error.toString()).isEqualTo(code);
		assertThat(error.get("requestId").asString()).isEqualTo(requestId);
		assertThat(error.get("type").asString()).isEqualTo("urn:im:problem:" + code);
		assertThat(error.get("detail").asString()).isNotBlank();
	}

	long direct(Session from, Session to) {
		Response response = this.api.post("/api/v1/conversations/direct", Map.of("userId", to.userId()),
				from.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("id").asLong();
	}

	long group(Session owner, Session... members) {
		Response response = this.api.post("/api/v1/conversations/groups",
				Map.of("name", "Call group", "memberIds", List.of(members).stream().map(Session::userId).toList()),
				owner.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	JsonNode lastMessage(Session reader, long conversation) {
		Response response = this.api.get("/api/v1/conversations/" + conversation + "/messages?limit=1",
				reader.accessToken());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("messages").get(0);
	}

}
