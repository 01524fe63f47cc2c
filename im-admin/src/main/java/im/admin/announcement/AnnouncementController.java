package im.admin.announcement;

import java.util.Map;

import im.core.push.PushService;
import im.core.room.RoomService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/announcements")
@Tag(name = "Admin: announcements",
		description = "System notices to everyone online or to a live room (ADMIN role only)")
class AnnouncementController {

	/** The push type clients recognise as the platform's own notice. */
	static final String TYPE = "system-announcement";

	private final PushService pushes;

	private final RoomService rooms;

	AnnouncementController(PushService pushes, RoomService rooms) {
		this.pushes = pushes;
		this.rooms = rooms;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Send a system notice",
			description = "Without 'roomId', to every signed-in connection on every instance, on /user/queue/push; "
					+ "with it, to everyone in that live room (guests too), on its topic. Either way as a push of type "
					+ "'system-announcement' whose payload is {\"text\": ...}. Not stored: who is offline does not get "
					+ "it. Answers how many connections it was handed to.")
	Map<String, Long> announce(@Valid @RequestBody Announcement announcement) {
		JsonNode payload = JsonNodeFactory.instance.objectNode().put("text", announcement.text().strip());
		long sessions = (announcement.roomId() == null) ? this.pushes.toEveryone(TYPE, payload)
				: this.rooms.push(announcement.roomId(), TYPE, payload);
		return Map.of("sessions", sessions);
	}

	/** A notice, to a room or to everyone. */
	record Announcement(@NotBlank @Size(max = 2000) String text, @Size(max = 64) String roomId) {

	}

}
