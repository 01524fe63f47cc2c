package im.api.stomp;

import im.api.security.CurrentUser;
import im.core.delivery.DeliveryBus;
import im.core.error.ErrorCode;
import im.core.presence.DeviceLimitReached;
import im.core.presence.PresenceService;
import im.signaling.call.CallService;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Tells presence about every STOMP session that opens and closes, whatever closed it (the
 * client, a missed heart-beat, an expired token), and disconnects the sessions a new
 * device pushes past the device limit, with an ERROR frame that says why, on whichever
 * instance they are. A connection that closes also leaves the call it was in. Guests
 * (connections without an account) have no presence and no calls.
 */
@Component
class StompSessions {

	private final PresenceService presence;

	private final DeliveryBus bus;

	private final CallService calls;

	StompSessions(PresenceService presence, DeliveryBus bus, CallService calls) {
		this.presence = presence;
		this.bus = bus;
		this.calls = calls;
	}

	@EventListener
	void on(SessionConnectedEvent event) {
		if (event.getUser() instanceof JwtAuthenticationToken user) {
			String sessionId = SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders());
			DeviceLimitReached limit = this.presence.connected(CurrentUser.id(user), sessionId);
			limit.sessions()
				.forEach((oldest) -> this.bus.disconnect(oldest, ErrorCode.DEVICE_LIMIT, "You connected more than "
						+ limit.maxDevices() + " devices; this one, the oldest, was disconnected."));
		}
	}

	@EventListener
	void on(SessionDisconnectEvent event) {
		if (event.getUser() instanceof JwtAuthenticationToken user) {
			this.presence.disconnected(CurrentUser.id(user), event.getSessionId());
			// a connection that closes leaves its call: the others hear "peer-left"
			this.calls.sessionClosed(CurrentUser.id(user), event.getSessionId());
		}
	}

}
