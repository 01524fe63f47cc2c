package im.api.stomp;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import im.api.security.AccessTokens;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.HandshakeRequests;
import org.apache.tomcat.websocket.SocketBuffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.messaging.SessionConnectedEvent;

/**
 * This instance's open WebSocket connections, each behind its {@link SendQueue}: every
 * frame to a connection, from Spring's STOMP handler or a room's fan-out, goes through
 * it.
 */
@Component
class OpenConnections {

	private static final Logger log = LoggerFactory.getLogger(OpenConnections.class);

	/**
	 * A WebSocket connection's socket write buffer once it is open: frames leave in
	 * gathering writes that do not pass through it, so it only needs to exist.
	 */
	private static final int IDLE_WRITE_BUFFER_SIZE = 256;

	private final Map<String, SendQueue> open = new ConcurrentHashMap<>();

	private final StompEncoder encoder = new StompEncoder();

	private final WebSocketSettings settings;

	private final WriteMeters meters;

	/** Whether the log said that frames go through the standard API. */
	private final AtomicBoolean toldStandardWrites = new AtomicBoolean();

	/** Whether the log said that connections keep their handshake requests. */
	private final AtomicBoolean toldHandshakesKept = new AtomicBoolean();

	OpenConnections(WebSocketSettings settings, WriteMeters meters) {
		this.settings = settings;
		this.meters = meters;
	}

	/** The connection opened: answers its send queue, the session everything sends to. */
	SendQueue opened(WebSocketSession session) {
		SendQueue queue = new SendQueue(session, this.settings.sendBufferSize().toBytes(),
				this.settings.sendTimeLimit(), this.settings.directWrites(), this.meters);
		if (this.settings.directWrites() && !queue.writesDirectly()
				&& this.toldStandardWrites.compareAndSet(false, true)) {
			log.warn("This Tomcat cannot be written to directly (docs/adr/0002-direct-websocket-writes.md): frames "
					+ "go out one at a time through the standard WebSocket API, at a higher cost per delivery");
		}
		if (session instanceof NativeWebSocketSession nativeSession
				&& nativeSession.getNativeSession(Session.class) instanceof Session container) {
			this.meters.releasedBuffers(SocketBuffers.shrink(container.getAsyncRemote(),
					(int) this.settings.frameBufferSize().toBytes(), IDLE_WRITE_BUFFER_SIZE));
			if (!HandshakeRequests.forget(container.getAsyncRemote())
					&& this.toldHandshakesKept.compareAndSet(false, true)) {
				log.warn(
						"This Tomcat keeps each open connection's handshake request, headers and all: about a kilobyte "
								+ "more per connection (docs/benchmarks.md, \"Idle connections\")");
			}
		}
		queue.deadlines().mustConnectWithin(this.settings.connectTimeout());
		this.open.put(session.getId(), queue);
		return queue;
	}

	/**
	 * The connection's STOMP CONNECT was accepted: its user (known only now, not at the
	 * WebSocket handshake) names it in what the server logs about it, and the sign-in of
	 * its access token closes it when that sign-in ends.
	 */
	@EventListener
	void on(SessionConnectedEvent event) {
		SendQueue queue = this.open.get(SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders()));
		if (queue != null) {
			queue.connected((event.getUser() != null) ? event.getUser().getName() : null,
					(event.getUser() instanceof JwtAuthenticationToken token) ? AccessTokens.signInOf(token.getToken())
							: null);
		}
	}

	/**
	 * Sends an ERROR frame ({@link StompErrors}) as the connection's last and closes it
	 * once that frame has left, as STOMP requires.
	 * <p>
	 * Straight to the connection's {@link SendQueue}, frame and close together: the close
	 * waits for the frames queued before it, the ERROR frame among them.
	 */
	void closeWithError(String sessionId, Message<byte[]> error) {
		SendQueue queue = this.open.get(sessionId);
		if (queue != null) {
			queue.sendAndClose(new TextMessage(this.encoder.encode(error)), CloseStatus.PROTOCOL_ERROR);
		}
	}

	/**
	 * {@link #closeWithError} if the connection was opened with an access token of the
	 * sign-in given.
	 */
	void closeWithError(String sessionId, String signIn, Message<byte[]> error) {
		SendQueue queue = this.open.get(sessionId);
		if (queue != null && queue.openedBy(signIn)) {
			queue.sendAndClose(new TextMessage(this.encoder.encode(error)), CloseStatus.PROTOCOL_ERROR);
		}
	}

	/** Whether the connection is closing or gone: what it sends is no longer answered. */
	boolean closing(String sessionId) {
		SendQueue queue = this.open.get(sessionId);
		return queue == null || queue.closing();
	}

	void closed(String sessionId) {
		SendQueue queue = this.open.remove(sessionId);
		if (queue != null) {
			queue.closed();
		}
	}

	/**
	 * The client of the connection sent something: a frame, part of one, a heart-beat.
	 */
	void heard(String sessionId, WebSocketMessage<?> message) {
		SendQueue queue = this.open.get(sessionId);
		if (queue != null) {
			queue.deadlines().heard(FrameEnds.of(message));
		}
	}

	Collection<SendQueue> all() {
		return this.open.values();
	}

	/** The connection's send queue; null once it closed. */
	SendQueue get(String sessionId) {
		return this.open.get(sessionId);
	}

}
