package im.api.room;

import im.api.stomp.ClientError.RequestIds;
import im.api.stomp.StompRequests;
import im.core.account.UserId;
import im.core.room.RoomService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * Comments in live rooms: from a connection subscribed to the room, to everyone in it on
 * {@code /topic/rooms/<id>}; a refusal on {@code /user/queue/errors} with the requestId.
 */
@Controller
class RoomMessagingController {

	private final RoomService rooms;

	private final StompRequests requests;

	RoomMessagingController(RoomService rooms, StompRequests requests) {
		this.rooms = rooms;
		this.requests = requests;
	}

	@MessageMapping("/rooms.comment")
	void comment(@Payload Comment comment, UserId sender, SimpMessageHeaderAccessor headers) {
		RequestIds ids = RequestIds.request(comment.requestId());
		this.requests.validate(comment, ids);
		this.requests.run(ids,
				() -> this.rooms.comment(sender, headers.getSessionId(), comment.roomId(), comment.text()));
	}

	/** A comment for a room. */
	record Comment(@NotBlank String roomId, @NotBlank String text, @Size(max = 64) String requestId) {

	}

}
