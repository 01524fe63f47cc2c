package im.api.call;

import java.util.List;

import im.api.security.CurrentUser;
import im.signaling.call.CallService;
import im.signaling.call.RunningCall;
import im.signaling.ice.IceConfiguration;
import im.signaling.ice.IceServers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/calls")
@Tag(name = "Calls", description = "What clients need to connect WebRTC calls (the calls themselves are STOMP: "
		+ "docs/protocol.md)")
class CallController {

	private final IceServers servers;

	private final CallService calls;

	CallController(IceServers servers, CallService calls) {
		this.servers = servers;
		this.calls = calls;
	}

	@GetMapping
	@Operation(summary = "Running calls",
			description = "The calls that ring or run now in your conversations, oldest first, with who is in "
					+ "each: what a device shows when it connects while a call rings (it missed call-ringing). "
					+ "Join one with the STOMP request /app/call.join.")
	List<RunningCall> running(Authentication authentication) {
		return this.calls.running(CurrentUser.id(authentication));
	}

	@GetMapping("/ice-servers")
	@Operation(summary = "ICE servers for a call",
			description = "The STUN and TURN servers to pass as RTCConfiguration.iceServers. TURN entries carry "
					+ "credentials of this user's own in the TURN REST API form: username '<expiry in Unix "
					+ "seconds>:<user id>', credential Base64(HMAC-SHA1(secret shared with the TURN server, "
					+ "username)). They stop working at expiresAt (IM_TURN_CREDENTIAL_TTL after this request); "
					+ "fetch them again for each call. An empty list when none are configured: host candidates "
					+ "then connect clients on one network only.")
	ResponseEntity<IceConfiguration> iceServers(Authentication authentication) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(this.servers.forUser(CurrentUser.id(authentication)));
	}

}
