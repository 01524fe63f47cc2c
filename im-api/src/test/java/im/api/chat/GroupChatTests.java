package im.api.chat;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import im.support.Api.Response;
import im.support.Api.Session;
import im.support.RawStompClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static im.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups as their members and administrators meet them: membership changes recorded and
 * told, roles, mutes, the owner leaving, admins recalling. Runs once per run mode.
 */
abstract class GroupChatTests extends ChatTestSupport {

	@Test
	void aGroupRecordsMembershipChangesAndTellsItsMembers() {
		Session owner = this.api.newUser("owner");
		Session member = this.api.newUser("member");
		Session late = this.api.newUser("late");
		Session outsider = this.api.newUser("outsider");
		Response created = this.api.post("/api/v1/conversations/groups",
				Map.of("name", "Team", "description", "All of us", "memberIds", List.of(member.userId())),
				owner.accessToken());
		assertThat(created.status()).isEqualTo(201);
		long group = created.json().get("id").asLong();
		assertThat(created.json().get("memberCount").asInt()).isEqualTo(2);

		try (RawStompClient members = device(member); RawStompClient lates = device(late)) {
			Response added = this.api.post("/api/v1/conversations/" + group + "/members",
					Map.of("userIds", List.of(late.userId())), owner.accessToken());
			assertThat(added.status()).isEqualTo(200);
			JsonNode event = event(lates, "members-added");
			assertThat(event.get("type").asString()).isEqualTo("members-added");
			assertThat(event.get("userIds").get(0).asLong()).isEqualTo(late.userId());
			assertThat(event(members, "members-added").get("type").asString()).isEqualTo("members-added");
			JsonNode system = json(members.nextOn("messages", WAIT));
			assertThat(system.get("type").asString()).isEqualTo("SYSTEM");
			assertThat(system.get("seq").asLong()).isEqualTo(2);

			assertProblem(this.api.post("/api/v1/conversations/" + group + "/members",
					Map.of("userIds", List.of(outsider.userId())), member.accessToken()), 403, "forbidden");

			lates.sendJson("/app/chat.send", send(group, "late-1", "TEXT", "Hi all"));
			assertThat(json(lates.nextOn("acks", WAIT)).get("seq").asLong()).isEqualTo(3);
			assertThat(json(members.nextOn("messages", WAIT)).get("text").asString()).isEqualTo("Hi all");

			assertThat(
					this.api
						.send(this.api.request("/api/v1/conversations/" + group + "/members/" + late.userId(),
								owner.accessToken())
							.DELETE()
							.build())
						.status())
				.isEqualTo(204);
			assertThat(event(lates, "member-removed").get("type").asString()).isEqualTo("member-removed");
			lates.sendJson("/app/chat.send", send(group, "late-2", "TEXT", "Still here?"));
			JsonNode refused = json(lates.nextOn("errors", WAIT));
			assertThat(refused.get("code").asString()).isEqualTo("not-a-member");
			assertThat(refused.get("clientMsgId").asString()).isEqualTo("late-2");
		}
		JsonNode history = history(owner, group, "");
		assertThat(history.get("messages").valueStream().map((m) -> m.get("type").asString()).toList())
			.containsExactly("SYSTEM", "SYSTEM", "TEXT", "SYSTEM");
		assertProblem(this.api.get("/api/v1/conversations/" + group + "/messages", outsider.accessToken()), 403,
				"not-a-member");
		// a removed member reads nothing more, the history of their time included
		assertProblem(this.api.get("/api/v1/conversations/" + group + "/messages", late.accessToken()), 403,
				"not-a-member");
		assertThat(this.api.get("/api/v1/conversations", late.accessToken()).body())
			.doesNotContain("\"id\":" + group + ",");
	}

	@Test
	void ownersAndAdminsAdministerTheGroup() {
		Session owner = this.api.newUser("admin-owner");
		Session admin = this.api.newUser("admin-to-be");
		Session member = this.api.newUser("plain");
		long group = this.api
			.post("/api/v1/conversations/groups",
					Map.of("name", "Ops", "memberIds", List.of(admin.userId(), member.userId())), owner.accessToken())
			.json()
			.get("id")
			.asLong();
		String base = "/api/v1/conversations/" + group;
		try (RawStompClient members = device(member)) {
			Response renamed = this.api.patch(base, Map.of("name", "Operations", "announcement", "Standup at 9"),
					owner.accessToken());
			assertThat(renamed.status()).isEqualTo(200);
			assertThat(renamed.json().get("name").asString()).isEqualTo("Operations");
			assertThat(renamed.json().get("announcement").asString()).isEqualTo("Standup at 9");
			JsonNode updated = event(members, "group-updated");
			assertThat(updated.get("type").asString()).isEqualTo("group-updated");
			assertThat(updated.get("announcement").asString()).isEqualTo("Standup at 9");
		}
		assertProblem(this.api.patch(base, Map.of("name", "Mine"), member.accessToken()), 403, "forbidden");

		assertThat(this.api
			.send(this.api.request(base + "/members/" + admin.userId() + "/role", owner.accessToken())
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"ADMIN\"}"))
				.build())
			.status()).isEqualTo(200);
		long early = sendRest(member, group, "early").json().get("seq").asLong();
		assertThat(put(base + "/members/" + member.userId() + "/mute",
				Map.of("until", Instant.now().plusSeconds(3600).toString()), admin)
			.status()).isEqualTo(200);
		assertProblem(sendRest(member, group, "muted-1"), 403, "muted");
		// editing is posting the new text: refused the same way
		assertProblem(
				this.api.patch(base + "/messages/" + early, Map.of("text", "edited while muted"), member.accessToken()),
				403, "muted");
		try (RawStompClient members = device(member)) {
			members.sendJson("/app/chat.send", send(group, "muted-2", "TEXT", "can I?"));
			JsonNode refused = json(members.nextOn("errors", WAIT));
			assertThat(refused.get("code").asString()).isEqualTo("muted");
			assertThat(refused.get("clientMsgId").asString()).isEqualTo("muted-2");
		}
		assertProblem(put(base + "/members/" + owner.userId() + "/mute",
				Map.of("until", Instant.now().plusSeconds(60).toString()), admin), 403, "forbidden");
		assertThat(this.api.send(
				this.api.request(base + "/members/" + member.userId() + "/mute", admin.accessToken()).DELETE().build())
			.status()).isEqualTo(200);
		assertThat(sendRest(member, group, "unmuted").status()).isEqualTo(201);

		assertThat(put(base + "/mute", Map.of("muted", true), admin).json().get("allMuted").asBoolean()).isTrue();
		assertProblem(sendRest(member, group, "all-muted"), 403, "muted");
		assertProblem(this.api.patch(base + "/messages/" + early, Map.of("text", "edited in a muted group"),
				member.accessToken()), 403, "muted");
		assertThat(sendRest(admin, group, "admins-speak").status()).isEqualTo(201);
		put(base + "/mute", Map.of("muted", false), owner);

		Response handedOver = this.api.post(base + "/owner", Map.of("userId", admin.userId()), owner.accessToken());
		assertThat(handedOver.status()).isEqualTo(200);
		Map<Long, String> roles = new HashMap<>();
		handedOver.json().valueStream().forEach((m) -> roles.put(m.get("userId").asLong(), m.get("role").asString()));
		assertThat(roles).containsEntry(admin.userId(), "OWNER").containsEntry(owner.userId(), "ADMIN");

		assertProblem(this.api.send(this.api.request(base, owner.accessToken()).DELETE().build()), 403, "forbidden");
		assertThat(this.api.send(this.api.request(base, admin.accessToken()).DELETE().build()).status()).isEqualTo(204);
		assertProblem(sendRest(member, group, "too-late"), 410, "group-dissolved");
		assertProblem(this.api.patch(base, Map.of("name", "Back"), admin.accessToken()), 410, "group-dissolved");
		// a dissolved group's history stays as it was
		assertProblem(this.api.patch(base + "/messages/" + early, Map.of("text", "rewritten"), member.accessToken()),
				410, "group-dissolved");
		assertProblem(this.api.delete(base + "/messages/" + early, member.accessToken()), 410, "group-dissolved");
		assertProblem(this.api.delete(base + "/messages/" + early, admin.accessToken()), 410, "group-dissolved");
		JsonNode history = history(member, group, "?limit=100");
		assertThat(history.get("messages")
			.valueStream()
			.filter((m) -> m.get("type").asString().equals("SYSTEM"))
			.map((m) -> JSON.readTree(m.get("text").asString()).get("type").asString())
			.toList()).containsExactly("group-created", "group-updated", "role-changed", "member-muted", "member-muted",
					"group-muted", "group-muted", "owner-changed", "group-dissolved");
		assertThat(this.api.get(base, member.accessToken()).json().get("dissolved").asBoolean()).isTrue();
	}

	@Test
	void anOwnerWhoLeavesHandsTheGroupOn() {
		Session owner = this.api.newUser("leaver");
		Session heir = this.api.newUser("heir");
		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Hand-over", "memberIds", List.of(heir.userId())),
					owner.accessToken())
			.json()
			.get("id")
			.asLong();
		assertThat(this.api
			.send(this.api.request("/api/v1/conversations/" + group + "/members/" + owner.userId(), owner.accessToken())
				.DELETE()
				.build())
			.status()).isEqualTo(204);
		JsonNode members = this.api.get("/api/v1/conversations/" + group + "/members", heir.accessToken()).json();
		assertThat(members).hasSize(1);
		assertThat(members.get(0).get("role").asString()).isEqualTo("OWNER");
	}

	@Test
	void groupAdminsRecallAnyMessage() {
		Session owner = this.api.newUser("moderator");
		Session member = this.api.newUser("poster");
		long group = this.api
			.post("/api/v1/conversations/groups", Map.of("name", "Moderated", "memberIds", List.of(member.userId())),
					owner.accessToken())
			.json()
			.get("id")
			.asLong();
		long seq = this.api
			.post("/api/v1/conversations/" + group + "/messages",
					Map.of("clientMsgId", "bad-1", "type", "TEXT", "text", "spam"), member.accessToken())
			.json()
			.get("seq")
			.asLong();
		Response recalled = this.api
			.send(this.api.request("/api/v1/conversations/" + group + "/messages/" + seq, owner.accessToken())
				.DELETE()
				.build());
		assertThat(recalled.status()).isEqualTo(200);
		assertThat(recalled.json().get("recalled").asBoolean()).isTrue();
		Response system = this.api
			.send(this.api.request("/api/v1/conversations/" + group + "/messages/1", owner.accessToken())
				.DELETE()
				.build());
		assertProblem(system, 403, "forbidden");
	}

}
