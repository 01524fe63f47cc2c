package im.core.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * This instance's connections in each room, by subscription: a connection may subscribe
 * to a room more than once, and leaves it with each UNSUBSCRIBE, or all at once when it
 * closes.
 */
@Component
class RoomAudience {

	/** session id -> subscription id -> room id. */
	private final Map<String, Map<String, String>> subscriptions = new ConcurrentHashMap<>();

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	private final Set<String> changed = ConcurrentHashMap.newKeySet();

	void joined(String roomId, String sessionId, String subscriptionId) {
		String replaced = this.subscriptions.computeIfAbsent(sessionId, (key) -> new ConcurrentHashMap<>())
			.put(subscriptionId, roomId);
		if (replaced != null) {
			// a client that reuses a subscription id replaces that subscription
			decrement(replaced);
		}
		this.counts.merge(roomId, 1L, Long::sum);
		this.changed.add(roomId);
	}

	void left(String sessionId, String subscriptionId) {
		Map<String, String> mine = this.subscriptions.get(sessionId);
		String roomId = (mine != null) ? mine.remove(subscriptionId) : null;
		if (roomId != null) {
			decrement(roomId);
		}
	}

	void closed(String sessionId) {
		Map<String, String> mine = this.subscriptions.remove(sessionId);
		if (mine != null) {
			mine.values().forEach(this::decrement);
		}
	}

	/** The rooms this instance's connections are in. */
	Set<String> rooms() {
		return Set.copyOf(this.counts.keySet());
	}

	/**
	 * Takes every connection out of the room; answers the subscriptions removed, as
	 * session id to subscription ids.
	 */
	Map<String, List<String>> removeAll(String roomId) {
		Map<String, List<String>> removed = new HashMap<>();
		this.subscriptions.forEach((sessionId, mine) -> mine.forEach((subscriptionId, room) -> {
			if (room.equals(roomId) && mine.remove(subscriptionId, roomId)) {
				removed.computeIfAbsent(sessionId, (key) -> new ArrayList<>()).add(subscriptionId);
				decrement(roomId);
			}
		}));
		return removed;
	}

	/** Whether the session is in the room. */
	boolean isIn(String sessionId, String roomId) {
		Map<String, String> mine = this.subscriptions.get(sessionId);
		return mine != null && mine.containsValue(roomId);
	}

	/** This instance's audience of each room that changed since the last call. */
	Map<String, Long> drainChanged() {
		Map<String, Long> drained = new HashMap<>();
		for (String roomId : Set.copyOf(this.changed)) {
			this.changed.remove(roomId);
			drained.put(roomId, this.counts.getOrDefault(roomId, 0L));
		}
		return drained;
	}

	private void decrement(String roomId) {
		this.counts.computeIfPresent(roomId, (key, count) -> (count > 1) ? count - 1 : null);
		this.changed.add(roomId);
	}

}
