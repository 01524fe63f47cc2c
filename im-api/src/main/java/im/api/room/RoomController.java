package im.api.room;

import java.util.List;

import im.api.security.CurrentUser;
import im.core.room.RoomInfo;
import im.core.room.RoomService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/rooms")
@Tag(name = "Live rooms", description = "Rooms with a large audience (a stream's comment feed): join one by "
		+ "subscribing to /topic/rooms/{id} (docs/protocol.md)")
class RoomController {

	private final RoomService rooms;

	RoomController(RoomService rooms) {
		this.rooms = rooms;
	}

	@GetMapping
	@Operation(summary = "Rooms you may join",
			description = "The open rooms, newest first: every public one, and the members-only ones that list "
					+ "you, each with 'online', its audience now over every instance.")
	List<RoomInfo> rooms(Authentication authentication) {
		return this.rooms.roomsFor(CurrentUser.id(authentication));
	}

	@GetMapping("/{id}/comments")
	@Operation(summary = "A room's last comments",
			description = "The comments the room keeps for late joiners (its keepLast, none by default), oldest "
					+ "first, each as pushed on the room's topic. Subscribe first, then fetch, and drop those you "
					+ "got live by commentId. Not history: they go when the room closes.")
	List<JsonNode> comments(@PathVariable String id, Authentication authentication) {
		return this.rooms.recentComments(CurrentUser.id(authentication), id);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One room",
			description = "A room you may join, with its audience now ('online'). 404 if there is none; 403 for a "
					+ "members-only room that does not list you.")
	RoomInfo room(@PathVariable String id, Authentication authentication) {
		return this.rooms.room(CurrentUser.id(authentication), id);
	}

}
