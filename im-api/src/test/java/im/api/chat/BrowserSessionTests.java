package im.api.chat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import im.support.Api;
import im.support.Api.Session;
import im.support.Browser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's session with access tokens that live a few seconds: it renews them
 * quietly and its connection, closed by the server when a token runs out, comes back by
 * itself; signing out ends the session on the server too.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "im.security.access-token-ttl=8s")
@ActiveProfiles("test")
class BrowserSessionTests {

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void client() {
		Browser.assumeInstalled();
		this.api = new Api(this.port);
	}

	@Test
	void tokensRenewQuietlyAndSigningOutEndsTheSession() throws InterruptedException {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Session alice = this.api.register("tia-" + suffix, "User tia-" + suffix);
		Session bob = this.api.register("tom-" + suffix, "User tom-" + suffix);
		long conversation = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", bob.userId()), alice.accessToken())
			.json()
			.get("id")
			.asLong();
		try (Browser browser = Browser.open()) {
			browser.signIn(this.port, bob);
			browser.click("#conversations li");
			String first = (String) browser.run("return JSON.parse(sessionStorage.getItem('im-session')).accessToken");
			// two token lifetimes pass
			Thread.sleep(Duration.ofSeconds(18).toMillis());
			String later = (String) browser.run("return JSON.parse(sessionStorage.getItem('im-session')).accessToken");
			assertThat(later).as("renewed").isNotEqualTo(first);
			this.api.post("/api/v1/conversations/" + conversation + "/messages",
					Map.of("clientMsgId", "late", "type", "TEXT", "text", "Still there?"),
					this.api.login(alice.username(), alice.password()).accessToken());
			browser.awaitText("#messages", "Still there?");
			browser.type("#composer textarea", "Yes");
			browser.click("#send");
			browser.awaitText("#messages li.message.mine", "Yes");
			assertThat(browser.isShown("#welcome")).isFalse();

			String refresh = (String) browser
				.run("return JSON.parse(sessionStorage.getItem('im-session')).refreshToken");
			browser.click("#sign-out");
			browser.awaitText("#sign-in", "Sign in");
			assertThat(browser.run("return sessionStorage.getItem('im-session')")).isNull();
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", refresh), null)
					.status() == 401);
		}
	}

}
