package im.api.auth;

import java.util.Map;

import im.support.Api;
import im.support.Api.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code IM_REGISTRATION=closed} nobody opens an account for themselves; an
 * administrator creates it, and its owner signs in.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "im.auth.registration=closed")
@ActiveProfiles("test")
class ClosedRegistrationTests {

	@LocalServerPort
	int port;

	@Test
	void onlyAnAdministratorCreatesAccounts() {
		Api api = new Api(this.port);
		Map<String, String> account = Map.of("username", "invited", "displayName", "Invited", "password",
				"chosen-by-the-admin");
		assertProblem(api.post("/api/v1/auth/register", account, null), 403, "forbidden");
		assertProblem(
				api.post("/api/v1/auth/login", Map.of("username", "invited", "password", "chosen-by-the-admin"), null),
				401, "bad-credentials");

		String admin = api.login("admin", "admin-test-password").accessToken();
		Response created = api.post("/api/v1/admin/users", account, admin);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo("/api/v1/admin/users/" + created.json().get("id").asLong());
		assertThat(created.json().get("username").asString()).isEqualTo("invited");
		assertThat(api.login("invited", "chosen-by-the-admin").accessToken()).isNotBlank();

		assertProblem(api.post("/api/v1/admin/users", account, admin), 409, "username-taken");
		assertProblem(
				api.post("/api/v1/admin/users", Map.of("username", "x", "displayName", "", "password", "p"), admin),
				400, "validation-failed");
		assertProblem(api.post("/api/v1/admin/users",
				Map.of("username", "sneaky", "displayName", "S", "password", "sneaky-password-1"),
				api.login("invited", "chosen-by-the-admin").accessToken()), 403, "forbidden");
	}

}
