package im.api.stomp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * A live room's last hop, past Spring's broker: one message to a room of thousands is
 * encoded once as a STOMP frame per distinct subscription id (clients mostly use the same
 * few), not once per subscriber, and the same frame is queued to every subscriber's
 * {@link SendQueue}, which never makes the fan-out wait for a slow client.
 * <p>
 * It knows the room subscriptions from the SUBSCRIBE and UNSUBSCRIBE frames that
 * {@link RoomSubscriptions} lets through (the broker keeps its own copy, unused for
 * rooms). A room's messages leave in the order they were pushed: one fan-out per room at
 * a time, and each queue keeps its order.
 */
@Component
class RoomFanout {

	/** room id -> its subscriptions on this instance. */
	private final Map<String, Map<Subscription, SendQueue>> rooms = new ConcurrentHashMap<>();

	/** session id -> subscription id -> room id. */
	private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();

	private final AtomicLong messageIds = new AtomicLong();

	private final OpenConnections connections;

	RoomFanout(OpenConnections connections) {
		this.connections = connections;
	}

	void subscribed(String roomId, String sessionId, String subscriptionId) {
		SendQueue queue = this.connections.get(sessionId);
		if (queue == null) {
			return;
		}
		String replaced = this.sessions.computeIfAbsent(sessionId, (key) -> new ConcurrentHashMap<>())
			.put(subscriptionId, roomId);
		Subscription subscription = new Subscription(sessionId, subscriptionId);
		if (replaced != null) {
			// a client that reuses a subscription id replaces that subscription
			remove(replaced, subscription);
		}
		this.rooms.compute(roomId, (key, audience) -> {
			Map<Subscription, SendQueue> joined = (audience != null) ? audience : new ConcurrentHashMap<>();
			joined.put(subscription, queue);
			return joined;
		});
	}

	void unsubscribed(String sessionId, String subscriptionId) {
		Map<String, String> mine = this.sessions.get(sessionId);
		String roomId = (mine != null) ? mine.remove(subscriptionId) : null;
		if (roomId != null) {
			remove(roomId, new Subscription(sessionId, subscriptionId));
		}
	}

	void sessionClosed(String sessionId) {
		Map<String, String> mine = this.sessions.remove(sessionId);
		if (mine != null) {
			mine.forEach((subscriptionId, roomId) -> remove(roomId, new Subscription(sessionId, subscriptionId)));
		}
	}

	/** Queues the JSON message to every subscription of the room on this instance. */
	void push(String roomId, byte[] json) {
		Map<Subscription, SendQueue> audience = this.rooms.get(roomId);
		if (audience == null) {
			return;
		}
		String head = "MESSAGE\ndestination:" + escape(RoomSubscriptions.PREFIX + roomId)
				+ "\ncontent-type:application/json\nmessage-id:r-" + this.messageIds.incrementAndGet()
				+ "\ncontent-length:" + json.length + "\nsubscription:";
		String tail = "\n\n" + new String(json, StandardCharsets.UTF_8) + "\0";
		Map<String, TextMessage> frames = new HashMap<>();
		synchronized (audience) {
			audience.forEach((subscription, queue) -> queue.sendMessage(
					frames.computeIfAbsent(subscription.id(), (id) -> new TextMessage(head + escape(id) + tail))));
		}
	}

	private void remove(String roomId, Subscription subscription) {
		this.rooms.computeIfPresent(roomId, (key, audience) -> {
			audience.remove(subscription);
			return audience.isEmpty() ? null : audience;
		});
	}

	/** A header value as STOMP 1.2 writes it in a MESSAGE frame. */
	private static String escape(String value) {
		if (value.indexOf('\\') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		return value.replace("\\", "\\\\").replace(":", "\\c").replace("\n", "\\n").replace("\r", "\\r");
	}

	private record Subscription(String sessionId, String id) {
	}

}
