package im.api.presence;

import java.util.List;

import im.core.account.UserId;
import im.core.presence.Presence;
import im.core.presence.PresenceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/presence")
@Tag(name = "Presence", description = "Who is online")
class PresenceController {

	private final PresenceService presence;

	PresenceController(PresenceService presence) {
		this.presence = presence;
	}

	@GetMapping
	@Operation(summary = "Presence of users",
			description = "For each user id: whether any of their devices is connected, and when they were last seen if "
					+ "not (null if never). Changes are pushed as 'presence' events to everyone sharing a conversation "
					+ "with the user. At most 200 ids per call. In a cluster, while Redis is unreachable, answers 503 "
					+ "(problem details, Retry-After).")
	List<Presence> presence(@RequestParam @NotEmpty @Size(max = 200) List<Long> userIds) {
		return this.presence.presence(userIds.stream().map(UserId::new).toList());
	}

}
