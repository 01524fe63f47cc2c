package im.api.stomp;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;

import im.core.error.ErrorCode;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Closes a STOMP session when the access token it connected with expires, with an ERROR
 * frame whose code ({@code token-expired}) tells the client to reconnect with a fresh
 * token. Without this, a token revoked by expiry would keep its connection forever.
 */
@Component
class ConnectionExpiry {

	private final ConcurrentMap<String, ScheduledFuture<?>> closings = new ConcurrentHashMap<>();

	private final TaskScheduler scheduler;

	private final OpenConnections connections;

	private final StompErrors errors;

	ConnectionExpiry(@Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler, OpenConnections connections,
			StompErrors errors) {
		this.scheduler = scheduler;
		this.connections = connections;
		this.errors = errors;
	}

	@EventListener
	void on(SessionConnectedEvent event) {
		if (event.getUser() instanceof JwtAuthenticationToken authentication
				&& authentication.getToken().getExpiresAt() != null) {
			closeAt(SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders()),
					authentication.getToken().getExpiresAt());
		}
	}

	private void closeAt(String sessionId, Instant expiresAt) {
		ScheduledFuture<?> closing = this.scheduler.schedule(() -> close(sessionId), expiresAt);
		ScheduledFuture<?> previous = this.closings.put(sessionId, closing);
		if (previous != null) {
			previous.cancel(false);
		}
	}

	@EventListener
	void on(SessionDisconnectEvent event) {
		ScheduledFuture<?> closing = this.closings.remove(event.getSessionId());
		if (closing != null) {
			closing.cancel(false);
		}
	}

	private void close(String sessionId) {
		this.closings.remove(sessionId);
		this.connections.closeWithError(sessionId, this.errors.frameFor(ErrorCode.TOKEN_EXPIRED,
				"The access token expired; connect again with a fresh token."));
	}

}
