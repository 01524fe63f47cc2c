package im.api.auth;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import im.support.Api;
import im.support.Api.Response;
import im.support.Browser;
import oidcprovider.OidcTestProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on against a real OpenID Connect provider (Spring Authorization Server on a
 * port of its own), driven as a browser drives it: the platform's authorize URL, the
 * provider's sign-in form, the callback, the page's one-time code exchanged for tokens.
 * Password sign-in is switched off here; the provider's group {@code im-admins} grants
 * ADMIN.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "im.oidc.client-id=" + OidcTestProvider.CLIENT_ID,
				"im.oidc.client-secret=" + OidcTestProvider.CLIENT_SECRET, "im.oidc.provider-name=Acme ID",
				"im.oidc.admin-claim=groups", "im.oidc.admin-value=im-admins", "im.auth.password-sign-in=false" })
@ActiveProfiles("test")
class SingleSignOnTests {

	static final OidcTestProvider PROVIDER = OidcTestProvider.start();

	@LocalServerPort
	int port;

	Api api;

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry properties) {
		properties.add("im.oidc.issuer", PROVIDER::issuer);
	}

	@AfterAll
	static void stopProvider() {
		PROVIDER.close();
	}

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
		PROVIDER.redirectTo("http://127.0.0.1:" + this.port + "/api/v1/auth/oidc/callback");
	}

	@Test
	void aUserSignsInWithTheProviderAndGetsThePlatformsOwnTokens() throws Exception {
		PROVIDER.user("sso-alice", "alice-password", true);
		Flow first = signIn("sso-alice", "alice-password", "client");
		assertThat(first.landing()).startsWith("/#sso=");
		Response tokens = exchange(first.code());
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		JsonNode me = this.api.get("/api/v1/me", tokens.json().get("accessToken").asString()).json();
		assertThat(me.get("username").asString()).isEqualTo("sso-alice");
		assertThat(me.get("displayName").asString()).isEqualTo("Name of sso-alice");
		assertThat(me.get("role").asString()).isEqualTo("USER");
		assertThat(tokens.json().get("refreshToken").asString()).isNotBlank();

		assertProblem(exchange(first.code()), 401, "unauthenticated");
		Flow replayed = follow(first.callback());
		assertThat(replayed.landing()).as("the provider's answer, replayed").startsWith("/#sso-error=unauthenticated");
		assertThat(replayed.message()).contains("already used");

		Flow again = signIn("sso-alice", "alice-password", "admin");
		assertThat(again.landing()).as("back to the console").startsWith("/admin/#sso=");
		JsonNode meAgain = this.api.get("/api/v1/me", exchange(again.code()).json().get("accessToken").asString())
			.json();
		assertThat(meAgain.get("id").asLong()).as("the same account").isEqualTo(me.get("id").asLong());
	}

	@Test
	void theProvidersGroupGrantsAndTakesTheAdminRole() throws Exception {
		PROVIDER.user("sso-boss", "boss-password", true, "im-admins", "staff");
		String boss = exchange(signIn("sso-boss", "boss-password", "admin").code()).json()
			.get("accessToken")
			.asString();
		assertThat(this.api.get("/api/v1/me", boss).json().get("role").asString()).isEqualTo("ADMIN");
		assertThat(this.api.get("/api/v1/admin/users", boss).status()).isEqualTo(200);

		PROVIDER.user("sso-boss", "boss-password", true, "staff");
		String demoted = exchange(signIn("sso-boss", "boss-password", "client").code()).json()
			.get("accessToken")
			.asString();
		assertThat(this.api.get("/api/v1/me", demoted).json().get("role").asString()).isEqualTo("USER");
		assertProblem(this.api.get("/api/v1/admin/users", demoted), 403, "forbidden");
	}

	@Test
	void idTokensForAnotherClientOrExpiredAreRefused() throws Exception {
		PROVIDER.user("wrong-audience-carol", "carol-password", true);
		Flow wrongAudience = signIn("wrong-audience-carol", "carol-password", "client");
		assertThat(wrongAudience.landing()).startsWith("/#sso-error=unauthenticated");
		assertThat(wrongAudience.message()).contains("another client");

		PROVIDER.user("expired-dave", "dave-password", true);
		Flow expired = signIn("expired-dave", "dave-password", "client");
		assertThat(expired.landing()).startsWith("/#sso-error=unauthenticated");
		assertThat(expired.message()).containsIgnoringCase("expired");

		Flow forged = follow("http://127.0.0.1:" + this.port + "/api/v1/auth/oidc/callback?code=x&state=forged");
		assertThat(forged.landing()).startsWith("/#sso-error=unauthenticated");
	}

	@Test
	void aUserTheProviderDisablesOrTheAdminBansSignsInNoMore() throws Exception {
		PROVIDER.user("sso-erin", "erin-password", true);
		assertThat(signIn("sso-erin", "erin-password", "client").landing()).startsWith("/#sso=");
		PROVIDER.user("sso-erin", "erin-password", false);
		Flow disabled = signIn("sso-erin", "erin-password", "client");
		assertThat(disabled.callback()).as("the provider sends a disabled user nowhere").isNull();

		PROVIDER.user("sso-frank", "frank-password", true);
		PROVIDER.user("sso-admin", "admin-password", true, "im-admins");
		String admin = exchange(signIn("sso-admin", "admin-password", "admin").code()).json()
			.get("accessToken")
			.asString();
		long frank = this.api.get("/api/v1/me",
				exchange(signIn("sso-frank", "frank-password", "client").code()).json().get("accessToken").asString())
			.json()
			.get("id")
			.asLong();
		assertThat(this.api.put("/api/v1/admin/users/" + frank + "/ban", Map.of("reason", "left"), admin).status())
			.isEqualTo(200);
		Flow banned = signIn("sso-frank", "frank-password", "client");
		assertThat(banned.landing()).startsWith("/#sso-error=account-banned");
	}

	@Test
	void passwordSignInIsOffAndThePagesAreToldHowToSignIn() {
		JsonNode options = this.api.get("/api/v1/auth/oidc", null).json();
		assertThat(options.get("singleSignOn").asBoolean()).isTrue();
		assertThat(options.get("providerName").asString()).isEqualTo("Acme ID");
		assertThat(options.get("passwordSignIn").asBoolean()).isFalse();
		Response password = this.api.post("/api/v1/auth/login",
				Map.of("username", "admin", "password", "admin-test-password"), null);
		assertProblem(password, 403, "forbidden");
		assertThat(password.json().get("detail").asString()).contains("identity provider");
		assertProblem(
				this.api.post("/api/v1/auth/register",
						Map.of("username", "walk-in", "displayName", "Walk In", "password", "walk-in-password"), null),
				403, "forbidden");
		assertProblem(this.api.get("/api/v1/auth/oidc/authorize?app=elsewhere", null), 400, "validation-failed");
	}

	@Test
	void theWebClientAndTheConsoleSignInWithTheProviderInABrowser() {
		Browser.assumeInstalled();
		PROVIDER.user("sso-gina", "gina-password", true, "im-admins");
		try (Browser browser = Browser.open()) {
			browser.open(this.port, "/");
			assertThat(browser.awaitText("#sso-link", "Acme ID")).isEqualTo("Sign in with Acme ID");
			assertThat(browser.isShown("#register")).as("no registering while password sign-in is off").isFalse();
			browser.click("#sso-link");
			browser.type("input[name=username]", "sso-gina");
			browser.type("input[name=password]", "gina-password");
			browser.click("button[type=submit]");
			assertThat(browser.awaitText("#me", "Name of sso-gina")).isEqualTo("Name of sso-gina");
			assertThat((String) browser.run("return location.href")).as("the one-time code is gone from the address")
				.doesNotContain("sso=");

			browser.open(this.port, "/admin/");
			browser.awaitText("#sso-link", "Sign in with Acme ID");
			browser.click("#sso-link");
			// the provider remembers the user: straight back to the console
			assertThat(browser.awaitText("#admin-name", "sso-gina")).isEqualTo("sso-gina");
		}
	}

	/**
	 * Where the browser ended up: the platform's page, or the provider's sign-in form.
	 */
	record Flow(String callback, String landing) {

		String code() {
			assertThat(this.landing).as("signed in").contains("#sso=");
			return this.landing.substring(this.landing.indexOf("#sso=") + 5);
		}

		String message() {
			int at = this.landing.indexOf("&message=");
			return (at < 0) ? "" : URLDecoder.decode(this.landing.substring(at + 9), StandardCharsets.UTF_8);
		}

	}

	/**
	 * Signs in as a browser would: the platform's authorize URL, the provider's form,
	 * back to the callback. A provider that refuses the user leaves the browser on its
	 * form.
	 */
	Flow signIn(String username, String password, String app) throws IOException, InterruptedException {
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String atProvider = location(browser,
				get("http://127.0.0.1:" + this.port + "/api/v1/auth/oidc/authorize?app=" + app));
		String signInForm = location(browser, get(atProvider));
		assertThat(signInForm).endsWith("/login");
		String afterForm = location(browser,
				HttpRequest.newBuilder(URI.create(signInForm))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + password))
					.build());
		if (afterForm.contains("/login?error")) {
			return new Flow(null, afterForm);
		}
		String callback = location(browser, get(afterForm));
		assertThat(callback).startsWith("http://127.0.0.1:" + this.port + "/api/v1/auth/oidc/callback");
		return new Flow(callback, location(browser, get(callback)));
	}

	Flow follow(String callback) throws IOException, InterruptedException {
		HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		return new Flow(callback, location(browser, get(callback)));
	}

	Response exchange(String code) {
		return this.api.post("/api/v1/auth/oidc/token", Map.of("code", code), null);
	}

	static HttpRequest get(String url) {
		return HttpRequest.newBuilder(URI.create(url)).GET().build();
	}

	static String location(HttpClient browser, HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = browser.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s %s: %s", request.method(), request.uri(), response.body())
			.isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.startsWith("/") && !location.startsWith("/#") && !location.startsWith("/admin/#")
				? request.uri().resolve(location).toString() : location;
	}

}
