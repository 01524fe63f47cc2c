package im.api.stomp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketSession;

/**
 * This instance's open WebSocket connections, each behind its {@link SendQueue}: every
 * frame to a connection, from Spring's STOMP handler or a room's fan-out, goes through
 * it.
 */
@Component
class OpenConnections {

	private final Map<String, SendQueue> open = new ConcurrentHashMap<>();

	private final WebSocketSettings settings;

	OpenConnections(WebSocketSettings settings) {
		this.settings = settings;
	}

	/** The connection opened: answers its send queue, the session everything sends to. */
	SendQueue opened(WebSocketSession session) {
		SendQueue queue = new SendQueue(session, this.settings.sendBufferSize().toBytes(),
				this.settings.sendTimeLimit());
		this.open.put(session.getId(), queue);
		return queue;
	}

	void closed(String sessionId) {
		SendQueue queue = this.open.remove(sessionId);
		if (queue != null) {
			queue.closed();
		}
	}

	/** The connection's send queue; null once it closed. */
	SendQueue get(String sessionId) {
		return this.open.get(sessionId);
	}

}
