package im.api.call;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import im.support.Api;
import im.support.Api.Session;
import im.support.Browser;
import im.support.Coturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real WebRTC calls between two headless Chromium browsers (fake camera and microphone),
 * each signed in as its own user, through the platform's signaling and its browser
 * modules ({@code /js/call-client.js}): the call connects and video frames are decoded on
 * both sides. A second call is forced through a TURN server (coturn, with credentials
 * from {@code /api/v1/calls/ice-servers}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BrowserCallTests {

	private static final String TURN_SECRET = "browser-test-turn-secret";

	private static Coturn coturn;

	@LocalServerPort
	int port;

	Api api;

	@DynamicPropertySource
	static void iceServers(DynamicPropertyRegistry registry) {
		if (Coturn.installed()) {
			coturn = Coturn.start(TURN_SECRET);
			registry.add("im.calls.ice.stun-urls", () -> "stun:127.0.0.1:" + coturn.port());
			registry.add("im.calls.ice.turn-urls", () -> "turn:127.0.0.1:" + coturn.port() + "?transport=udp");
			registry.add("im.calls.ice.turn-secret", () -> TURN_SECRET);
		}
		else {
			registry.add("im.calls.ice.stun-urls", () -> "");
			registry.add("im.calls.ice.turn-urls", () -> "");
		}
	}

	@AfterAll
	static void stopCoturn() {
		if (coturn != null) {
			coturn.close();
		}
	}

	@BeforeEach
	void client() {
		Browser.assumeInstalled();
		this.api = new Api(this.port);
	}

	@Test
	void aVideoCallConnectsTwoBrowsers() {
		List<Map<String, Object>> stats = call(false);
		assertThat(stats).allSatisfy((side) -> assertThat(side.get("localType")).isEqualTo("host"));
	}

	@Test
	void aVideoCallConnectsThroughTurnWhenRelayIsForced() {
		Coturn.assumeInstalled();
		List<Map<String, Object>> stats = call(true);
		assertThat(stats).as(coturn.log()).allSatisfy((side) -> assertThat(side.get("localType")).isEqualTo("relay"));
	}

	/** Alice calls Bob; returns both sides' stats once video flows both ways. */
	private List<Map<String, Object>> call(boolean relay) {
		Session alice = this.api.newUser("browser-caller");
		Session bob = this.api.newUser("browser-callee");
		long conversation = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		try (Browser alices = Browser.open(); Browser bobs = Browser.open()) {
			for (Object[] side : List.of(new Object[] { alices, alice }, new Object[] { bobs, bob })) {
				Browser browser = (Browser) side[0];
				browser.open(this.port, "/");
				assertThat(browser.runAsync(harness(), ((Session) side[1]).accessToken(), relay)).isEqualTo("ready");
			}
			alices.run("window.im.calls.start(arguments[0], 'VIDEO')", conversation);

			List<Map<String, Object>> first = awaitVideo(alices, bobs);
			// the callee, who answered the first offer, restarts ICE with an offer of its
			// own: new credentials on both sides, and the video keeps flowing
			bobs.run(
					"const [peer] = window.im.calls.connections.keys(); return window.im.calls.renegotiate(peer, true)");
			pause(2000);
			List<Map<String, Object>> later = awaitVideo(alices, bobs);
			for (int i = 0; i < 2; i++) {
				assertThat(later.get(i).get("ufrag")).as("ICE restarted").isNotEqualTo(first.get(i).get("ufrag"));
				assertThat(number(later.get(i), "bytesReceived")).isGreaterThan(number(first.get(i), "bytesReceived"));
				assertThat(number(later.get(i), "currentTime")).isGreaterThan(number(first.get(i), "currentTime"));
			}

			alices.run("window.im.calls.leave()");
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (!String.valueOf(bobs.run("return JSON.stringify(window.im.events)")).contains("HUNG_UP")
					&& System.nanoTime() < deadline) {
				pause(200);
			}
			assertThat(String.valueOf(bobs.run("return JSON.stringify(window.im.events)"))).contains("\"call-ended\"")
				.contains("HUNG_UP");
			assertThat(String.valueOf(bobs.run("return window.im.calls.connections.size"))).isEqualTo("0");
			return later;
		}
	}

	/**
	 * Waits (15 s at most) until each browser's peer connection is connected and has
	 * decoded video from the other; returns both sides' stats.
	 */
	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> awaitVideo(Browser... browsers) {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		List<Map<String, Object>> sides = List.of();
		while (System.nanoTime() < deadline) {
			sides = java.util.Arrays.stream(browsers).map((browser) -> {
				List<Map<String, Object>> peers = (List<Map<String, Object>>) browser
					.runAsync("window.im.stats().then(arguments[0])");
				return peers.isEmpty() ? Map.<String, Object>of() : peers.get(0);
			}).toList();
			if (sides.stream()
				.allMatch((side) -> "connected".equals(side.get("state")) && number(side, "framesDecoded") > 0
						&& number(side, "videoWidth") > 0)) {
				pause(1000);
				return sides;
			}
			pause(250);
		}
		String errors = java.util.Arrays.stream(browsers)
			.map((browser) -> String.valueOf(browser.run("return JSON.stringify(window.im.errors)")))
			.toList()
			.toString();
		throw new AssertionError("No video both ways within 15 s: " + sides + "; client errors " + errors
				+ ((coturn != null) ? "; coturn: " + coturn.log() : ""));
	}

	private static double number(Map<String, Object> side, String name) {
		Object value = side.get(name);
		return (value instanceof Number number) ? number.doubleValue() : 0;
	}

	private static String harness() {
		try (InputStream in = BrowserCallTests.class.getResourceAsStream("/browser/call-harness.js")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
