package im.admin.group;

import java.time.Instant;
import java.util.List;

import im.core.account.UserId;
import im.core.conversation.ConversationId;
import im.core.conversation.GroupAdministration;
import im.core.conversation.GroupOverview;
import im.core.conversation.Member;
import im.core.paging.PageResponse;
import im.core.paging.PageNumber;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/groups")
@Validated
@Tag(name = "Admin: groups",
		description = "Finding groups and overriding their roles: remove or mute any member, mute or dissolve the "
				+ "group (ADMIN role only). Members see each change as the usual event and system message, naming "
				+ "the administrator.")
class GroupAdminController {

	private final GroupAdministration groups;

	GroupAdminController(GroupAdministration groups) {
		this.groups = groups;
	}

	@GetMapping
	@Operation(summary = "Find groups",
			description = "Groups whose name contains the query, ignoring case, most recently active first, dissolved "
					+ "ones too. Paged: 'page' counts from 0 (to 1,000,000), 'size' is 1 to 100.")
	PageResponse<GroupOverview> search(
			@Parameter(description = "Text to look for") @RequestParam(defaultValue = "") @Size(max = 64) String query,
			@RequestParam(defaultValue = "0") @PageNumber int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return PageResponse.of(this.groups.search(query, page, size), (group) -> group);
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get one group", description = "404 if there is no group with the id.")
	GroupOverview get(@PathVariable long id) {
		return this.groups.group(new ConversationId(id));
	}

	@GetMapping("/{id}/members")
	@Operation(summary = "A group's members and their roles", description = "Oldest member first.")
	List<Member> members(@PathVariable long id) {
		return this.groups.members(new ConversationId(id));
	}

	@DeleteMapping("/{id}/members/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Remove a member",
			description = "Any member, the owner too: an owner's group passes to the longest-standing admin, or else "
					+ "member.")
	void removeMember(@PathVariable long id, @PathVariable long userId, Authentication admin) {
		this.groups.removeMember(UserId.of(admin.getName()), new ConversationId(id), new UserId(userId));
	}

	@PutMapping("/{id}/members/{userId}/mute")
	@Operation(summary = "Mute a member", description = "Any member, until the time given (in the future).")
	List<Member> muteMember(@PathVariable long id, @PathVariable long userId, @Valid @RequestBody MuteRequest request,
			Authentication admin) {
		return this.groups.muteMember(UserId.of(admin.getName()), new ConversationId(id), new UserId(userId),
				request.until());
	}

	@DeleteMapping("/{id}/members/{userId}/mute")
	@Operation(summary = "Unmute a member", description = "They may post again at once.")
	List<Member> unmuteMember(@PathVariable long id, @PathVariable long userId, Authentication admin) {
		return this.groups.muteMember(UserId.of(admin.getName()), new ConversationId(id), new UserId(userId), null);
	}

	@PutMapping("/{id}/mute")
	@Operation(summary = "Mute or unmute the whole group",
			description = "While muted only the group's owner and admins post.")
	GroupOverview muteAll(@PathVariable long id, @Valid @RequestBody MuteAll request, Authentication admin) {
		return this.groups.muteAll(UserId.of(admin.getName()), new ConversationId(id), request.muted());
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Dissolve a group",
			description = "Its history stays readable to its members; nothing more can be posted or changed (410 "
					+ "group-dissolved).")
	GroupOverview dissolve(@PathVariable long id, Authentication admin) {
		return this.groups.dissolve(UserId.of(admin.getName()), new ConversationId(id));
	}

	/** Until when a member is muted. */
	record MuteRequest(@NotNull @Future Instant until) {

	}

	/** Whether the whole group is muted. */
	record MuteAll(@NotNull Boolean muted) {

	}

}
