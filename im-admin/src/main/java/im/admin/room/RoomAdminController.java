package im.admin.room;

import java.util.List;

import im.core.account.UserId;
import im.core.room.NewRoom;
import im.core.room.RoomChange;
import im.core.room.RoomInfo;
import im.core.room.RoomService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/rooms")
@Tag(name = "Admin: live rooms",
		description = "Creating and closing live rooms: the ADMIN role, or an integrator's API key with the scope "
				+ "'rooms' in X-Api-Key")
class RoomAdminController {

	private final RoomService rooms;

	RoomAdminController(RoomService rooms) {
		this.rooms = rooms;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a live room",
			description = "id: 1 to 64 of a-z, 0-9, '-', '_' (the topic is /topic/rooms/{id}); membersOnly rooms "
					+ "admit the users added with POST .../members; guestsAllowed opens a public room to guests "
					+ "(read-only); maxAudience caps the connections in it; keepLast keeps that many of its last "
					+ "comments for late joiners (GET /api/v1/rooms/{id}/comments). 409 room-exists if the id "
					+ "is taken.")
	RoomInfo create(@RequestBody NewRoom room, Authentication admin) {
		// an integrator's name is already "api-key:<id>"; a user's is their id
		String name = admin.getName();
		return this.rooms.create(name.startsWith("api-key:") ? name : "user:" + name, room);
	}

	@GetMapping
	@Operation(summary = "List open live rooms",
			description = "Every open room, members-only ones too, newest first, each with its audience over all "
					+ "instances (at most a second or two old).")
	List<RoomInfo> list() {
		return this.rooms.openRooms();
	}

	@GetMapping("/{id}")
	@Operation(summary = "Get one live room",
			description = "Open or closed, with its audience over all instances (at most a second or two old). "
					+ "A closed room's audience drops to 0 within a couple of seconds: its connections are taken out.")
	RoomInfo get(@PathVariable String id) {
		return this.rooms.roomForAdministrators(id);
	}

	@PatchMapping("/{id}")
	@Operation(summary = "Change a live room",
			description = "Title, guestsAllowed, maxAudience (0 removes the cap) and keepLast; absent or null fields "
					+ "stay. The new rules apply to who joins next: nobody already in is removed. Whether the room is "
					+ "members-only is fixed when it is created.")
	RoomInfo update(@PathVariable String id, @RequestBody RoomChange change) {
		return this.rooms.update(id, change);
	}

	@PostMapping("/{id}/members")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Admit users to a members-only room", description = "Adds the users to the room's list.")
	void addMembers(@PathVariable String id, @Valid @RequestBody Members members) {
		this.rooms.addMembers(id, members.userIds().stream().map(UserId::new).toList());
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Close a live room",
			description = "Its audience hears room-closed and, within a second, is taken out of it (their "
					+ "subscriptions end); nobody may join it, comment or push to it again (410).")
	RoomInfo close(@PathVariable String id) {
		return this.rooms.close(id);
	}

	/** Users to admit. */
	record Members(@NotEmpty List<@NotNull Long> userIds) {

	}

}
