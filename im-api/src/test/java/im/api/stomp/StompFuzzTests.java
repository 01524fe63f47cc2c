package im.api.stomp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import im.support.Api;
import im.support.Api.Session;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile STOMP, thousands of cases a run, on authenticated connections: random
 * bytes, valid frames mutated (a character dropped or added, a command's case, headers
 * repeated or flooded, a lying content-length, NUL in a header, invalid UTF-8), frames
 * split at random points, commands only a server sends, selector headers. Every case ends
 * in an ERROR frame with a documented code, or is processed and the connection answers a
 * receipt right after; nothing is logged as an internal error, and no refusal as an
 * error; a bystander's connection is untouched. The seed is printed with a failure
 * ({@code -Dim.fuzz.seed} replays a run).
 * <p>
 * Twice in CI a case that should end in an ERROR frame ended in a close (status 1002)
 * without it: Spring's STOMP handler sent the ERROR frame of a refused frame through its
 * per-connection send buffer, which dropped it when another thread's send to the
 * connection (a RECEIPT) held it up and the close came first. That buffer is gone
 * ({@code StompBrokerConfiguration}); a silent close reports its status and reason.
 */
@StandaloneModeTest
@ExtendWith(OutputCaptureExtension.class)
class StompFuzzTests {

	static final int CASES = Integer.getInteger("im.fuzz.cases", 2000);

	static final Duration WAIT = Duration.ofSeconds(5);

	/** The codes a client's frame may be refused with (docs/errors.md). */
	static final Set<String> DOCUMENTED = Set.of("malformed-request", "payload-too-large", "unauthenticated",
			"forbidden", "validation-failed", "not-found", "not-a-member", "too-many-requests", "muted",
			"unsupported-media-type");

	@LocalServerPort
	int port;

	@Test
	void everyHostileFrameIsRefusedWithADocumentedCodeOrProcessed(CapturedOutput output) {
		long seed = Long.getLong("im.fuzz.seed", System.nanoTime());
		Random random = new Random(seed);
		Api api = new Api(this.port);
		Session fuzzer = api.newUser("fuzzer");
		Session bystander = api.newUser("bystander");
		long conversation = api
			.post("/api/v1/conversations/direct", Map.of("userId", bystander.userId()), fuzzer.accessToken())
			.json()
			.get("id")
			.asLong();
		List<Function<Random, Case>> generators = generators(conversation);
		Map<String, Integer> outcomes = new TreeMap<>();
		try (RawStompClient watcher = RawStompClient.open(this.port, null)) {
			assertThat(watcher.connect(bystander.accessToken()).command()).isEqualTo("CONNECTED");
			watcher.subscribe("messages", "/user/queue/messages");
			RawStompClient stomp = connected(fuzzer);
			try {
				for (int i = 0; i < CASES; i++) {
					Case fuzz = generators.get(random.nextInt(generators.size())).apply(random);
					String outcome = run(stomp, fuzz, i);
					assertThat(outcome).as("case %d (%s, seed %d): %s", i, fuzz.name(), seed, fuzz.describe())
						.doesNotStartWith("UNDOCUMENTED")
						.doesNotStartWith("SILENT");
					outcomes.merge(fuzz.name() + " -> " + outcome.replaceAll(":.*", ""), 1, Integer::sum);
					if (stomp.isClosed() || outcome.startsWith("ERROR")) {
						stomp.close();
						stomp = connected(fuzzer);
					}
				}
				stomp.sendJson("/app/chat.send", "{\"conversationId\":" + conversation
						+ ",\"clientMsgId\":\"after-the-fuzz\",\"type\":\"TEXT\",\"text\":\"still here\"}");
			}
			finally {
				stomp.close();
			}
			Frame delivered;
			do {
				delivered = watcher.nextOn("messages", WAIT);
				assertThat(delivered).as("the bystander's connection keeps receiving (seed %d)", seed).isNotNull();
			}
			while (!delivered.body().contains("still here"));
			assertThat(watcher.isClosed()).isFalse();
		}
		assertThat(output.getOut()).as("seed %d; outcomes %s", seed, outcomes)
			.doesNotContain("Unexpected failure")
			.doesNotContain("code\":\"internal")
			// each refusal was answered: not an error of the server's
			.doesNotContain("Failed to send message to MessageChannel");
		System.out.println("Fuzzed " + CASES + " cases, seed " + seed + ": " + outcomes);
	}

	/**
	 * Sends the case, then a SUBSCRIBE with a receipt: the connection either refuses the
	 * case with an ERROR frame (and closes), or with a documented error on
	 * {@code /user/queue/errors}, or takes it and answers the receipt. A frame left
	 * unfinished is refused once {@code IM_STOMP_FRAME_TIMEOUT} (2 s in the tests) runs
	 * out.
	 */
	private static String run(RawStompClient stomp, Case fuzz, int i) {
		String probe = "probe-" + i;
		try {
			fuzz.send(stomp);
			if (!fuzz.finished()) {
				// a frame the case left unfinished ends here: the probe is a frame of its
				// own
				stomp.sendText("\u0000");
			}
			stomp.send("SUBSCRIBE", Map.of("id", probe, "destination", "/user/queue/acks", "receipt", probe), "");
		}
		catch (RuntimeException ex) {
			// the server closed the connection while the case was sent: its ERROR frame
			// says why
		}
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Frame frame = stomp.next(Duration.ofMillis(100));
			if (frame == null) {
				if (stomp.isClosed() && stomp.next(Duration.ofMillis(200)) == null) {
					// the status tells who closed: 1002 after an ERROR, 4500 a send queue
					// that
					// gave up, 1006 (-1 here) the socket lost
					return "SILENT close (status " + stomp.awaitClose(Duration.ZERO) + ", reason '"
							+ stomp.closeReason() + "') without an ERROR frame";
				}
				continue;
			}
			if (frame.command().equals("ERROR")) {
				String code = frame.header("code");
				return (code != null && DOCUMENTED.contains(code)) ? "ERROR " + code
						: "UNDOCUMENTED " + code + ": " + frame;
			}
			if (frame.command().equals("RECEIPT") && probe.equals(frame.header("receipt-id"))) {
				try {
					stomp.send("UNSUBSCRIBE", Map.of("id", probe), "");
				}
				catch (RuntimeException ex) {
					// closed meanwhile: the next case opens another connection
				}
				return "processed";
			}
			if (frame.command().equals("MESSAGE") && frame.body().contains("\"code\":")) {
				String code = frame.body().replaceAll(".*\"code\":\"([^\"]*)\".*", "$1");
				if (code == null || !DOCUMENTED.contains(code)) {
					return "UNDOCUMENTED " + code + ": " + frame;
				}
				// refused, the connection open: the probe may have become part of the
				// broken frame, as STOMP's framing has it
				return "refused " + code;
			}
		}
		return "SILENT: neither an ERROR nor the receipt within " + WAIT;
	}

	private RawStompClient connected(Session user) {
		RawStompClient stomp = RawStompClient.open(this.port, null);
		assertThat(stomp.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
		// refusals of processed frames come here, read among the other frames
		stomp.send("SUBSCRIBE", Map.of("id", "errors", "destination", "/user/queue/errors", "receipt", "errors"), "");
		assertThat(stomp.next(WAIT).command()).isEqualTo("RECEIPT");
		return stomp;
	}

	private static List<Function<Random, Case>> generators(long conversation) {
		String send = "SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n{\"conversationId\":"
				+ conversation + ",\"clientMsgId\":\"c\",\"type\":\"TEXT\",\"text\":\"hi\"}\u0000";
		String subscribe = "SUBSCRIBE\nid:s\ndestination:/user/queue/messages\nreceipt:r\n\n\u0000";
		List<String> valid = List.of(send, subscribe, "UNSUBSCRIBE\nid:s\n\n\u0000",
				"SEND\ndestination:/app/chat.typing\ncontent-type:application/json\n\n{\"conversationId\":"
						+ conversation + "}\u0000");
		List<Function<Random, Case>> generators = new ArrayList<>();
		generators.add((random) -> Case.text("random text", randomText(random, 1 + random.nextInt(300))));
		generators.add((random) -> Case.text("mutated", mutate(random, pick(random, valid))));
		generators.add((random) -> Case.text("command case", lowerOrMixed(random, pick(random, valid))));
		generators.add((random) -> Case.text("repeated header", repeatHeader(random, pick(random, valid))));
		generators.add((random) -> Case.text("header flood", flood(random, pick(random, valid))));
		// shorter than the body: the frame does not end where it says (a longer one is a
		// frame still arriving, which waits for the rest as it should)
		generators.add((random) -> {
			String frame = pick(random, valid);
			int body = frame.getBytes(StandardCharsets.UTF_8).length - frame.indexOf("\n\n") - 3;
			return Case.text("lying content-length", withHeader(frame, "content-length:" + random.nextInt(body + 1)));
		});
		generators.add((random) -> Case.text("NUL in a header", withHeader(pick(random, valid), "x-nul:a\u0000b")));
		generators.add((random) -> Case.text("server command",
				pick(random, List.of("MESSAGE", "CONNECTED", "RECEIPT", "ERROR")) + "\ndestination:/user/queue/messages"
						+ "\nsubscription:s\nmessage-id:1\n\n{\"text\":\"forged\"}\u0000"));
		generators.add((random) -> Case.text("selector", withHeader(subscribe.replace("id:s", "id:sel"),
				"selector:T(java.lang.Runtime).getRuntime().exec('false')")));
		generators.add((random) -> Case.split(pick(random, valid), random));
		generators.add((random) -> Case.bytes("invalid UTF-8", invalidUtf8(random, pick(random, valid))));
		generators.add((random) -> Case.text("escapes", withHeader(pick(random, valid), "x-esc:\\q\\c\\")));
		return generators;
	}

	private static String pick(Random random, List<String> options) {
		return options.get(random.nextInt(options.size()));
	}

	private static String randomText(Random random, int length) {
		String alphabet = "SENDUBCRIPTONCTabc:\n\r\u0000\\{}\"0123456789 éλ中\uD83D\uDE00";
		StringBuilder text = new StringBuilder();
		while (text.length() < length) {
			int at = random.nextInt(alphabet.length());
			if (Character.isHighSurrogate(alphabet.charAt(at)) && at + 1 < alphabet.length()) {
				text.append(alphabet, at, at + 2);
			}
			else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
				text.append(alphabet.charAt(at));
			}
		}
		return text.toString();
	}

	private static String mutate(Random random, String frame) {
		StringBuilder text = new StringBuilder(frame);
		for (int n = 1 + random.nextInt(3); n > 0 && text.length() > 1; n--) {
			int at = random.nextInt(text.length());
			if (Character.isSurrogate(text.charAt(at))) {
				continue;
			}
			switch (random.nextInt(3)) {
				case 0 -> text.deleteCharAt(at);
				case 1 -> text.insert(at, randomText(random, 1));
				default -> text.setCharAt(at, randomText(random, 1).charAt(0));
			}
		}
		return text.toString().replaceAll("[\uD800-\uDFFF]", "?");
	}

	private static String lowerOrMixed(Random random, String frame) {
		int end = frame.indexOf('\n');
		String command = frame.substring(0, end);
		StringBuilder changed = new StringBuilder();
		for (char c : command.toCharArray()) {
			changed.append(random.nextBoolean() ? Character.toLowerCase(c) : c);
		}
		if (changed.toString().equals(command)) {
			changed.setCharAt(0, Character.toLowerCase(command.charAt(0)));
		}
		return changed + frame.substring(end);
	}

	private static String repeatHeader(Random random, String frame) {
		int end = frame.indexOf("\n\n");
		String[] lines = frame.substring(0, end).split("\n");
		if (lines.length < 2) {
			return frame;
		}
		String header = lines[1 + random.nextInt(lines.length - 1)];
		String name = header.substring(0, header.indexOf(':') + 1);
		return withHeader(frame, name + "/somewhere/else");
	}

	private static String flood(Random random, String frame) {
		StringBuilder headers = new StringBuilder();
		int count = 50 + random.nextInt(2000);
		for (int i = 0; i < count; i++) {
			headers.append("x-").append(i).append(':').append("v".repeat(random.nextInt(40))).append('\n');
		}
		return withHeader(frame, headers.substring(0, headers.length() - 1));
	}

	private static String withHeader(String frame, String header) {
		int end = frame.indexOf('\n');
		return frame.substring(0, end + 1) + header + "\n" + frame.substring(end + 1);
	}

	private static byte[] invalidUtf8(Random random, String frame) {
		byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
		byte[] bad = { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xE2, (byte) 0x82 };
		int at = 1 + random.nextInt(bytes.length - 2);
		byte[] result = new byte[bytes.length + 2];
		System.arraycopy(bytes, 0, result, 0, at);
		result[at] = bad[random.nextInt(bad.length)];
		result[at + 1] = bad[random.nextInt(bad.length)];
		System.arraycopy(bytes, at, result, at + 2, bytes.length - at);
		return result;
	}

	/** What a case sends, as text messages or one binary message. */
	record Case(String name, List<String> texts, byte[] bytes) {

		static Case text(String name, String text) {
			return new Case(name, List.of(text), null);
		}

		static Case bytes(String name, byte[] bytes) {
			return new Case(name, List.of(), bytes);
		}

		/** A valid frame in pieces, each its own WebSocket message. */
		static Case split(String frame, Random random) {
			List<String> pieces = new ArrayList<>();
			int from = 0;
			while (from < frame.length()) {
				int to = Math.min(frame.length(), from + 1 + random.nextInt(12));
				pieces.add(frame.substring(from, to));
				from = to;
			}
			return new Case("split", pieces, null);
		}

		void send(RawStompClient stomp) {
			if (this.bytes != null) {
				stomp.sendBytes(this.bytes);
			}
			this.texts.forEach(stomp::sendText);
		}

		/** Whether what was sent ends with a frame's end (NUL), not within a frame. */
		boolean finished() {
			if (this.bytes != null) {
				return this.bytes.length > 0 && this.bytes[this.bytes.length - 1] == 0;
			}
			String last = this.texts.getLast();
			return last.endsWith("\u0000");
		}

		String describe() {
			String shown = (this.bytes != null) ? new String(this.bytes, StandardCharsets.ISO_8859_1)
					: String.join("|", this.texts);
			shown = shown.replace("\u0000", "^@").replace("\n", "\\n");
			return (shown.length() > 300) ? shown.substring(0, 300) + "..." : shown;
		}

	}

}
