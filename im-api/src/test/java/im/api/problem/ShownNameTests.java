package im.api.problem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static im.support.ProblemAssertions.assertProblem;
import static im.support.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names other people see carry no control characters and no invisible ones, by the same
 * rule where they are first set and where they change: a user named "\u202Enimda" would
 * read as "admin".
 */
@StandaloneModeTest
class ShownNameTests {

	/**
	 * Each deceives or breaks a list: a bidi override, zero-width spaces, a newline, NUL,
	 * blanks.
	 */
	static final List<String> DECEIVING = List.of("\u202Eadmin\u200B", "ad\u200Bmin", "Bob\u2066", "two\nlines",
			"nul\u0000", "\u3164", " \u200B ", "a\u200Db");

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
	}

	@Test
	void displayNamesAreVisibleTextOnOneLine() {
		Session user = this.api.newUser("shown");
		for (String name : DECEIVING) {
			Response registered = this.api.post("/api/v1/auth/register",
					Map.of("username", "shown-" + UUID.randomUUID().toString().substring(0, 6), "displayName", name,
							"password", "long-enough-pass"),
					null);
			assertProblem(registered, 400, "validation-failed");
			assertThat(fields(registered)).as(escaped(name)).containsExactly("displayName");
			Response changed = this.api.patch("/api/v1/me", Map.of("displayName", name), user.accessToken());
			assertProblem(changed, 400, "validation-failed");
			assertThat(fields(changed)).as(escaped(name)).containsExactly("displayName");
		}
		for (String name : List.of("Zoë Ångström", "李小龙", "مریم", "👨\u200D👩\u200D👧 Family", "O'Brien-Smith")) {
			assertThat(this.api.patch("/api/v1/me", Map.of("displayName", name), user.accessToken()).status()).as(name)
				.isEqualTo(200);
		}
	}

	@Test
	void groupNamesFollowTheSameRuleAtCreationAndRename() {
		Session owner = this.api.newUser("owner");
		Session member = this.api.newUser("member");
		for (String name : DECEIVING) {
			Response created = this.api.post("/api/v1/conversations/groups",
					Map.of("name", name, "memberIds", List.of(member.userId())), owner.accessToken());
			assertProblem(created, 400, "validation-failed");
			assertThat(fields(created)).as(escaped(name)).containsExactly("name");
		}
		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Team 🚀", "memberIds", List.of(member.userId())),
					owner.accessToken())
			.json()
			.get("id")
			.asLong();
		for (String name : DECEIVING) {
			Response renamed = this.api.patch("/api/v1/conversations/" + group, Map.of("name", name),
					owner.accessToken());
			assertProblem(renamed, 400, "validation-failed");
			assertThat(fields(renamed)).as(escaped(name)).containsExactly("name");
		}
	}

	private static String escaped(String name) {
		StringBuilder out = new StringBuilder();
		name.codePoints().forEach((c) -> out.append((c < 0x20 || c > 0x7e) ? String.format("\\u%04X", c) : (char) c));
		return out.toString();
	}

}
