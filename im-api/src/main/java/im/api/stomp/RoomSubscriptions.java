package im.api.stomp;

import im.api.security.CurrentUser;
import im.api.security.GuestAuthentication;
import im.core.room.RoomService;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Joining and leaving live rooms: a SUBSCRIBE to {@code /topic/rooms/<id>} is refused
 * (ERROR frame) unless the user (or guest) may join the room now, and counts the
 * connection into its audience; an UNSUBSCRIBE or the connection's end takes it out at
 * once.
 */
@Component
class RoomSubscriptions implements ChannelInterceptor {

	static final String PREFIX = "/topic/rooms/";

	private final RoomService rooms;

	private final RoomFanout fanout;

	RoomSubscriptions(RoomService rooms, RoomFanout fanout) {
		this.rooms = rooms;
		this.fanout = fanout;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null) {
			return message;
		}
		if (accessor.getCommand() == StompCommand.SUBSCRIBE && accessor.getDestination() != null
				&& accessor.getDestination().startsWith(PREFIX)) {
			String roomId = accessor.getDestination().substring(PREFIX.length());
			if (accessor.getUser() instanceof GuestAuthentication) {
				this.rooms.authorizeGuest(roomId);
			}
			else if (accessor.getUser() instanceof JwtAuthenticationToken user) {
				this.rooms.authorizeJoin(CurrentUser.id(user), roomId);
			}
			else {
				return message;
			}
			this.rooms.joined(roomId, accessor.getSessionId(), accessor.getSubscriptionId());
			this.fanout.subscribed(roomId, accessor.getSessionId(), accessor.getSubscriptionId());
		}
		else if (accessor.getCommand() == StompCommand.UNSUBSCRIBE) {
			this.rooms.left(accessor.getSessionId(), accessor.getSubscriptionId());
			this.fanout.unsubscribed(accessor.getSessionId(), accessor.getSubscriptionId());
		}
		return message;
	}

	@EventListener
	void on(SessionDisconnectEvent event) {
		this.rooms.sessionClosed(event.getSessionId());
		this.fanout.sessionClosed(event.getSessionId());
	}

}
