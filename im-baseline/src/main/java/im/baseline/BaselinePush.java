package im.baseline;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's room push ({@code POST /api/v1/push/rooms/{id}}) the way a simple-broker
 * application writes it: the request body goes to everyone subscribed to the room's
 * topic.
 */
@RestController
class BaselinePush {

	private final SimpMessagingTemplate messaging;

	BaselinePush(SimpMessagingTemplate messaging) {
		this.messaging = messaging;
	}

	@PostMapping(path = "/push/rooms/{room}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	void push(@PathVariable String room, @RequestBody String body) {
		this.messaging.convertAndSend("/topic/rooms/" + room, body);
	}

	/** For the benchmark scripts, which wait until the server answers. */
	@GetMapping("/ready")
	String ready() {
		return "ready";
	}

}
