package im.api.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import im.support.Api;
import im.support.Api.Response;
import im.support.Api.Session;
import im.support.StandaloneModeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Administrators over groups they are not in: finding them, seeing members, removing and
 * muting any member, muting and dissolving the group; members see it happen.
 */
@StandaloneModeTest
class GroupAdminTests {

	@LocalServerPort
	int port;

	Api api;

	Session admin;

	@BeforeEach
	void client() {
		this.api = new Api(this.port);
		this.admin = this.api.login("admin", "admin-test-password");
	}

	@Test
	void anAdminFindsAGroupAndSeesItsMembers() {
		Session owner = this.api.newUser("owner");
		Session member = this.api.newUser("member");
		String name = "Ops " + unique();
		long group = group(owner, name, member);

		JsonNode found = this.api
			.get("/api/v1/admin/groups?query=" + name.replace(" ", "%20"), this.admin.accessToken())
			.json();
		assertThat(found.get("items")).hasSize(1);
		assertThat(found.get("items").get(0).get("id").asLong()).isEqualTo(group);
		assertThat(found.get("items").get(0).get("memberCount").asInt()).isEqualTo(2);
		JsonNode members = this.api.get("/api/v1/admin/groups/" + group + "/members", this.admin.accessToken()).json();
		assertThat(members.valueStream().map((m) -> m.get("role").asString()).toList()).containsExactly("OWNER",
				"MEMBER");
		assertProblem(this.api.get("/api/v1/admin/groups/987654321", this.admin.accessToken()), 404, "not-found");
		long direct = this.api
			.post("/api/v1/conversations/direct", Map.of("userId", member.userId()), owner.accessToken())
			.json()
			.get("id")
			.asLong();
		assertProblem(this.api.get("/api/v1/admin/groups/" + direct, this.admin.accessToken()), 404, "not-found");
		assertProblem(this.api.get("/api/v1/admin/groups", owner.accessToken()), 403, "forbidden");
	}

	@Test
	void anAdminMutesRemovesAndDissolvesWhateverTheRoles() {
		Session owner = this.api.newUser("boss");
		Session member = this.api.newUser("loud");
		Session third = this.api.newUser("quiet");
		long group = group(owner, "Loud " + unique(), member, third);

		Response muted = this.api.put("/api/v1/admin/groups/" + group + "/members/" + owner.userId() + "/mute",
				Map.of("until", Instant.now().plus(Duration.ofHours(1))), this.admin.accessToken());
		assertThat(muted.status()).as(muted.toString()).isEqualTo(200);
		assertProblem(post(owner, group, "o1"), 403, "muted");
		this.api.delete("/api/v1/admin/groups/" + group + "/members/" + owner.userId() + "/mute",
				this.admin.accessToken());
		assertThat(post(owner, group, "o2").status()).isEqualTo(201);

		assertThat(
				this.api.put("/api/v1/admin/groups/" + group + "/mute", Map.of("muted", true), this.admin.accessToken())
					.json()
					.get("allMuted")
					.asBoolean())
			.isTrue();
		assertProblem(post(member, group, "m1"), 403, "muted");
		this.api.put("/api/v1/admin/groups/" + group + "/mute", Map.of("muted", false), this.admin.accessToken());
		assertThat(post(member, group, "m2").status()).isEqualTo(201);

		Response removed = this.api.delete("/api/v1/admin/groups/" + group + "/members/" + owner.userId(),
				this.admin.accessToken());
		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		JsonNode members = this.api.get("/api/v1/admin/groups/" + group + "/members", this.admin.accessToken()).json();
		assertThat(members).hasSize(2);
		assertThat(members.get(0).get("userId").asLong()).as("the longest-standing member inherits")
			.isEqualTo(member.userId());
		assertThat(members.get(0).get("role").asString()).isEqualTo("OWNER");
		JsonNode history = this.api.get("/api/v1/conversations/" + group + "/messages", member.accessToken()).json();
		assertThat(history.toString()).as("members see it in the history").contains("member-removed");

		assertThat(this.api.delete("/api/v1/admin/groups/" + group, this.admin.accessToken())
			.json()
			.get("dissolved")
			.asBoolean()).isTrue();
		assertProblem(post(member, group, "m3"), 410, "group-dissolved");
		assertProblem(this.api.put("/api/v1/admin/groups/" + group + "/mute", Map.of("muted", true),
				this.admin.accessToken()), 410, "group-dissolved");
	}

	@Test
	void badRequestsAreRefused() {
		Session owner = this.api.newUser("strict");
		Session member = this.api.newUser("member");
		long group = group(owner, "Strict " + unique(), member);
		assertProblem(
				this.api.put("/api/v1/admin/groups/" + group + "/members/" + member.userId() + "/mute",
						Map.of("until", Instant.now().minusSeconds(5)), this.admin.accessToken()),
				400, "validation-failed");
		assertProblem(this.api.put("/api/v1/admin/groups/" + group + "/mute", Map.of(), this.admin.accessToken()), 400,
				"validation-failed");
		assertProblem(this.api.delete("/api/v1/admin/groups/" + group + "/members/987654321", this.admin.accessToken()),
				404, "not-found");
		assertProblem(this.api.delete("/api/v1/admin/groups/" + group, member.accessToken()), 403, "forbidden");
	}

	private long group(Session owner, String name, Session... members) {
		Response created = this.api.post("/api/v1/conversations/groups",
				Map.of("name", name, "memberIds", List.of(members).stream().map(Session::userId).toList()),
				owner.accessToken());
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private Response post(Session from, long group, String clientMsgId) {
		return this.api.post("/api/v1/conversations/" + group + "/messages",
				Map.of("clientMsgId", clientMsgId, "type", "TEXT", "text", "hello"), from.accessToken());
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
