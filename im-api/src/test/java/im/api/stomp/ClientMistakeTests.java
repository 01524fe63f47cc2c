package im.api.stomp;

import java.time.Duration;
import java.util.Map;

import im.support.Api;
import im.support.Api.Session;
import im.support.RawStompClient;
import im.support.RawStompClient.Frame;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a broken or hostile STOMP client sends, with or without a token, is answered with
 * an ERROR frame whose code says what was wrong with it, never "internal", and costs the
 * log at most a line: anyone can send it, so none of it may fill the log.
 */
@StandaloneModeTest
@ExtendWith(OutputCaptureExtension.class)
class ClientMistakeTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@Test
	void aFrameBeforeConnectIsUnauthenticated(CapturedOutput output) {
		assertRefused("SUBSCRIBE\nid:s1\ndestination:/user/queue/messages\n\n\u0000", "unauthenticated");
		assertRefused("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n{}\u0000", "unauthenticated");
		assertQuietLog(output);
	}

	@Test
	void anUnparsableFrameIsMalformed(CapturedOutput output) {
		assertRefused("CONNECT\naccept-version:1.2\nno-colon-here\n\n\u0000", "malformed-request");
		assertRefused("\u0001\u0002 not stomp\nat all\n\n\u0000", "malformed-request");
		assertQuietLog(output);
	}

	@Test
	void aLowercaseCommandIsMalformed(CapturedOutput output) {
		assertRefused("connect\naccept-version:1.2\nhost:127.0.0.1\n\n\u0000", "malformed-request");
		assertQuietLog(output);
	}

	@Test
	void aFrameOverTheLimitIsTooLarge(CapturedOutput output) {
		Session user = this.api.newUser("large");
		try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
			assertThat(stomp.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
			stomp.sendText("SEND\ndestination:/app/chat.send\ncontent-type:application/json\n\n{\"text\":\""
					+ "x".repeat(70 * 1024) + "\"}\u0000");
			assertError(stomp, "payload-too-large");
		}
		try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
			stomp.sendText("CONNECT\naccept-version:1.2\nx:" + "y".repeat(70 * 1024) + "\n\n\u0000");
			assertError(stomp, "payload-too-large");
		}
		assertQuietLog(output);
	}

	/** A slow or silent client cannot hold a connection without saying who it is. */
	@Test
	void aConnectionWithoutConnectIsClosedAfterTheConnectTimeout() {
		try (RawStompClient silent = RawStompClient.open(this.port, null);
				RawStompClient trickling = RawStompClient.open(this.port, null)) {
			trickling.sendText("CONN");
			long start = System.nanoTime();
			assertError(silent, "unauthenticated");
			assertError(trickling, "unauthenticated");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the test's connect timeout is 2 s")
				.isLessThan(Duration.ofSeconds(4));
		}
	}

	/** A frame begun and never finished is not held for ever. */
	@Test
	void aFrameBegunAndNotFinishedClosesTheConnectionAfterTheFrameTimeout() {
		Session user = this.api.newUser("half");
		try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
			assertThat(stomp.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
			stomp.sendText(
					"SEND\ndestination:/app/chat.typing\ncontent-type:application/json\n\u0000{\"conversationId\":1}");
			stomp.sendText("\n");
			long start = System.nanoTime();
			assertError(stomp, "malformed-request");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the test's frame timeout is 2 s")
				.isLessThan(Duration.ofSeconds(4));
		}
	}

	@Test
	void theConnectionStillWorksForAClientThatDoesItRight() {
		Session user = this.api.newUser("right");
		try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
			assertThat(stomp.connect(user.accessToken()).command()).isEqualTo("CONNECTED");
			stomp.send("SUBSCRIBE", Map.of("id", "s1", "destination", "/user/queue/messages", "receipt", "r1"), "");
			assertThat(stomp.next(WAIT).command()).isEqualTo("RECEIPT");
		}
	}

	private void assertRefused(String text, String code) {
		try (RawStompClient stomp = RawStompClient.open(this.port, null)) {
			stomp.sendText(text);
			assertError(stomp, code);
		}
	}

	private static void assertError(RawStompClient stomp, String code) {
		Frame error = stomp.next(WAIT);
		assertThat(error).as("an ERROR frame").isNotNull();
		assertThat(error.command()).isEqualTo("ERROR");
		assertThat(error.header("code")).isEqualTo(code);
		assertThat(error.header("message")).isNotBlank();
		assertThat(error.body()).contains("\"code\":\"" + code + "\"");
		assertThat(stomp.awaitClose(WAIT)).as("closed after the ERROR frame").isNotNull();
	}

	private static void assertQuietLog(CapturedOutput output) {
		assertThat(output.getOut()).doesNotContain("Unexpected failure")
			.doesNotContain("\tat org.springframework.messaging")
			.doesNotContain("\tat org.springframework.web.socket");
	}

}
