package im.api.stomp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * A live room's last hop, past Spring's broker: one message to a room of thousands is
 * encoded once, to the UTF-8 bytes of a STOMP frame, per distinct subscription id
 * (clients mostly use the same few), not once per subscriber, and the same bytes are
 * queued to every subscriber's {@link SendQueue}, which never makes the fan-out wait for
 * a slow client.
 * <p>
 * The fan-out runs in lanes ({@code IM_STOMP_FANOUT_THREADS}, by default two per
 * processor: on 2 cores 4 lanes gave a 5,000-connection room a shorter burst tail than 2,
 * their writes interleaving with the readers'), each serving the connections whose id
 * falls to it: a large room uses every core, and the pusher (an HTTP request, a Kafka
 * listener) only hands the message to the lanes. A lane that falls far behind makes the
 * next pusher wait for room in it rather than hold ever more. Every connection sees a
 * room's messages in the order they were handed over: they enter every lane in that
 * order, and a connection is served by one lane.
 * <p>
 * It knows the room subscriptions from the SUBSCRIBE and UNSUBSCRIBE frames that
 * {@link RoomSubscriptions} lets through (the broker keeps its own copy, unused for
 * rooms).
 */
@Component
class RoomFanout implements DisposableBean {

	/** Fan-outs that may wait in one lane. */
	private static final int LANE_CAPACITY = 4096;

	private final List<Lane> lanes;

	/** session id -> subscription id -> room id. */
	private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();

	private final AtomicLong messageIds = new AtomicLong();

	private final OpenConnections connections;

	RoomFanout(OpenConnections connections, WebSocketSettings settings) {
		this.connections = connections;
		int count = (settings.fanoutThreads() > 0) ? settings.fanoutThreads()
				: 2 * Runtime.getRuntime().availableProcessors();
		List<Lane> lanes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			lanes.add(new Lane(i));
		}
		this.lanes = List.copyOf(lanes);
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
			laneOf(sessionId).remove(replaced, subscription);
		}
		laneOf(sessionId).add(roomId, subscription, queue);
	}

	void unsubscribed(String sessionId, String subscriptionId) {
		Map<String, String> mine = this.sessions.get(sessionId);
		String roomId = (mine != null) ? mine.remove(subscriptionId) : null;
		if (roomId != null) {
			laneOf(sessionId).remove(roomId, new Subscription(sessionId, subscriptionId));
		}
	}

	void sessionClosed(String sessionId) {
		Map<String, String> mine = this.sessions.remove(sessionId);
		if (mine != null) {
			mine.forEach((subscriptionId, roomId) -> laneOf(sessionId).remove(roomId,
					new Subscription(sessionId, subscriptionId)));
		}
	}

	/** Hands the JSON message to the lanes for every subscription of the room here. */
	void push(String roomId, byte[] json) {
		String head = "MESSAGE\ndestination:" + escape(RoomSubscriptions.PREFIX + roomId)
				+ "\ncontent-type:application/json\nmessage-id:r-" + this.messageIds.incrementAndGet()
				+ "\ncontent-length:" + json.length + "\nsubscription:";
		String tail = "\n\n" + new String(json, StandardCharsets.UTF_8) + "\0";
		Map<String, TextMessage> frames = new ConcurrentHashMap<>();
		Function<String, TextMessage> frame = (subscriptionId) -> frames.computeIfAbsent(subscriptionId,
				(id) -> new TextMessage((head + escape(id) + tail).getBytes(StandardCharsets.UTF_8)));
		// messages enter the lanes one after the other: every connection sees one order
		synchronized (this.lanes) {
			for (Lane lane : this.lanes) {
				lane.push(roomId, frame);
			}
		}
	}

	@Override
	public void destroy() {
		this.lanes.forEach((lane) -> lane.executor.shutdownNow());
	}

	private Lane laneOf(String sessionId) {
		return this.lanes.get(Math.floorMod(sessionId.hashCode(), this.lanes.size()));
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

	/** One thread and the room subscriptions of the connections it serves. */
	private static final class Lane {

		/** room id -> its subscriptions in this lane. */
		private final Map<String, Map<Subscription, SendQueue>> rooms = new ConcurrentHashMap<>();

		private final ThreadPoolExecutor executor;

		Lane(int number) {
			this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(LANE_CAPACITY),
					Thread.ofPlatform().daemon().name("room-fanout-" + number).factory(), (task, executor) -> {
						// full: the pusher waits for room, so nothing is dropped or
						// reordered
						try {
							if (!executor.isShutdown()) {
								executor.getQueue().put(task);
							}
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					});
		}

		void add(String roomId, Subscription subscription, SendQueue queue) {
			this.rooms.compute(roomId, (key, audience) -> {
				Map<Subscription, SendQueue> joined = (audience != null) ? audience : new ConcurrentHashMap<>();
				joined.put(subscription, queue);
				return joined;
			});
		}

		void remove(String roomId, Subscription subscription) {
			this.rooms.computeIfPresent(roomId, (key, audience) -> {
				audience.remove(subscription);
				return audience.isEmpty() ? null : audience;
			});
		}

		void push(String roomId, Function<String, TextMessage> frame) {
			Map<Subscription, SendQueue> audience = this.rooms.get(roomId);
			if (audience != null) {
				this.executor.execute(() -> audience
					.forEach((subscription, queue) -> queue.sendMessage(frame.apply(subscription.id()))));
			}
		}

	}

}
