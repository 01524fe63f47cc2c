package im.api.security;

import im.support.Api;
import im.support.Api.Response;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client and the console are served with a Content-Security-Policy that runs no
 * inline code and a Referrer-Policy that tells linked sites nothing. (The browser tests
 * run every page under it and fail on a violation.)
 */
@StandaloneModeTest
class PageHeadersTests {

	@LocalServerPort
	int port;

	@Test
	void pagesAndTheirScriptsComeWithAStrictPolicy() {
		Api api = new Api(this.port);
		for (String path : new String[] { "/", "/admin/index.html", "/client/app.js", "/admin/console.js" }) {
			Response page = api.get(path, null);
			assertThat(page.status()).as(path).isEqualTo(200);
			String policy = page.header("Content-Security-Policy");
			assertThat(policy).as(path)
				.contains("script-src 'self';")
				.contains("style-src 'self';")
				.contains("frame-ancestors 'none'")
				.doesNotContain("unsafe-inline")
				.doesNotContain("unsafe-eval");
			assertThat(page.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
			assertThat(page.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
		}
		assertThat(api.get("/swagger-ui/index.html", null).header("Content-Security-Policy"))
			.as("Swagger UI, a developers' tool, needs inline code")
			.isNull();
	}

}
