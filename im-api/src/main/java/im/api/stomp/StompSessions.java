package im.api.stomp;

import im.api.security.CurrentUser;
import im.core.delivery.DeliveryBus;
import im.core.error.ErrorCode;
import im.core.presence.DeviceLimitReached;
import im.core.presence.PresenceService;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Tells presence about every STOMP session that opens and closes, whatever closed it (the
 * client, a missed heart-beat, an expired token), and disconnects the sessions a new
 * device pushes past the device limit, with an ERROR frame that says why, on whichever
 * instance they are.
 */
@Component
class StompSessions {

	private final PresenceService presence;

	private final DeliveryBus bus;

	StompSessions(PresenceService presence, DeliveryBus bus) {
		this.presence = presence;
		this.bus = bus;
	}

	@EventListener
	void on(SessionConnectedEvent event) {
		if (event.getUser() instanceof Authentication user) {
			String sessionId = SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders());
			DeviceLimitReached limit = this.presence.connected(CurrentUser.id(user), sessionId);
			limit.sessions()
				.forEach((oldest) -> this.bus.disconnect(oldest, ErrorCode.DEVICE_LIMIT, "You connected more than "
						+ limit.maxDevices() + " devices; this one, the oldest, was disconnected."));
		}
	}

	@EventListener
	void on(SessionDisconnectEvent event) {
		if (event.getUser() instanceof Authentication user) {
			this.presence.disconnected(CurrentUser.id(user), event.getSessionId());
		}
	}

}
