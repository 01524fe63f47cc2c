package im.api.stomp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import im.api.stomp.WebSocketFrames.Encoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * A live room's last hop, past Spring's broker, GoIM's way: a room's messages are merged
 * into batches and each batch goes to each subscriber as one write.
 * <p>
 * A message to a quiet room leaves at once. Those that follow wait for the window
 * ({@code IM_ROOM_BATCH_WINDOW}) to pass since that batch started, and for half of it
 * since it was queued to every connection of the room, and leave together as the next
 * batch. So a busy room costs one write per connection per batch however many messages it
 * carries, a large audience or a busy core makes each batch carry more rather than fall
 * behind, and a quiet room adds no latency. A batch is encoded once, to the bytes of its
 * STOMP frames wrapped in WebSocket frames ({@link WebSocketFrames}), per distinct
 * subscription id (clients mostly use the same few), and the same bytes are queued to
 * every subscriber's {@link SendQueue}, which never makes the fan-out wait for a slow
 * client.
 * <p>
 * The fan-out runs in lanes ({@code IM_STOMP_FANOUT_THREADS}, by default two per
 * processor), each serving the connections whose id falls to it: a large room uses every
 * core, and the pusher (an HTTP request, a Kafka listener) only hands the message over. A
 * lane that falls far behind makes the next batch wait for room in it rather than hold
 * ever more. Every connection sees a room's messages in the order they were handed over:
 * batches enter every lane in that order, and a connection is served by one lane.
 * <p>
 * It knows the room subscriptions from the SUBSCRIBE and UNSUBSCRIBE frames that
 * {@link RoomSubscriptions} lets through (the broker keeps its own copy, unused for
 * rooms).
 */
@Component
class RoomFanout implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RoomFanout.class);

	/** Batches that may wait in one lane. */
	private static final int LANE_CAPACITY = 4096;

	/**
	 * A batch larger than this (its JSON) is written in parts of this size: each write
	 * stays of a size a socket takes at once.
	 */
	private static final int MAX_BATCH_BYTES = 32 * 1024;

	private final List<Lane> lanes;

	/** session id -> subscription id -> room id. */
	private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();

	/**
	 * Rooms that are not quiet: a batch of theirs is being written, or their window runs.
	 * Guarded by itself.
	 */
	private final Map<String, Window> windows = new HashMap<>();

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("room-batches").factory());

	private final long windowNanos;

	private final AtomicLong messageIds = new AtomicLong();

	private final OpenConnections connections;

	RoomFanout(OpenConnections connections, WebSocketSettings settings) {
		this.connections = connections;
		this.windowNanos = settings.roomBatchWindow().toNanos();
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

	/**
	 * Hands the JSON message to every subscription of the room here: at once if the room
	 * is quiet, else with the others that wait for its next batch.
	 */
	void push(String roomId, byte[] json) {
		synchronized (this.windows) {
			Window window = this.windows.get(roomId);
			if (window != null) {
				window.waiting.add(json);
				return;
			}
			if (this.windowNanos == 0) {
				handOver(roomId, List.of(json), () -> {
				});
				return;
			}
			window = new Window();
			this.windows.put(roomId, window);
			flush(roomId, List.of(json));
		}
	}

	/**
	 * Hands a batch to the lanes. The room's next batch starts at least the window after
	 * this one started, and half the window after every lane has queued this one to its
	 * connections, however long a large audience takes: so a batch carries what arrived
	 * over at least the window, the larger the room and the busier the core the more it
	 * carries, and the fan-out never falls behind by more than one batch.
	 */
	private void flush(String roomId, List<byte[]> messages) {
		long started = System.nanoTime();
		List<List<byte[]>> parts = split(messages);
		AtomicInteger unfinished = new AtomicInteger(parts.size() * this.lanes.size());
		Runnable finished = () -> {
			if (unfinished.decrementAndGet() == 0) {
				long next = Math.max(this.windowNanos - (System.nanoTime() - started), this.windowNanos / 2);
				this.timer.schedule(() -> endOfWindow(roomId), next, TimeUnit.NANOSECONDS);
			}
		};
		for (List<byte[]> part : parts) {
			handOver(roomId, part, finished);
		}
	}

	/**
	 * What waited leaves as the next batch; a room with nothing waiting is quiet again.
	 */
	private void endOfWindow(String roomId) {
		try {
			synchronized (this.windows) {
				Window window = this.windows.get(roomId);
				if (window.waiting.isEmpty()) {
					this.windows.remove(roomId);
					return;
				}
				List<byte[]> waiting = window.waiting;
				window.waiting = new ArrayList<>();
				flush(roomId, waiting);
			}
		}
		catch (RuntimeException ex) {
			log.error("Could not hand room {}'s messages to its audience", roomId, ex);
		}
	}

	/** Called with the windows' lock held: batches enter every lane in one order. */
	private void handOver(String roomId, List<byte[]> messages, Runnable finished) {
		Batch batch = new Batch(roomId, messages, this.messageIds.getAndAdd(messages.size()) + 1);
		for (Lane lane : this.lanes) {
			lane.push(roomId, batch, finished);
		}
	}

	/**
	 * Messages in parts of at most {@link #MAX_BATCH_BYTES} each (a larger one alone).
	 */
	private static List<List<byte[]>> split(List<byte[]> messages) {
		List<List<byte[]>> parts = new ArrayList<>();
		List<byte[]> part = new ArrayList<>();
		int bytes = 0;
		for (byte[] message : messages) {
			if (!part.isEmpty() && bytes + message.length > MAX_BATCH_BYTES) {
				parts.add(part);
				part = new ArrayList<>();
				bytes = 0;
			}
			part.add(message);
			bytes += message.length;
		}
		parts.add(part);
		return parts;
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
		this.lanes.forEach((lane) -> lane.executor.shutdownNow());
	}

	private Lane laneOf(String sessionId) {
		return this.lanes.get(Math.floorMod(sessionId.hashCode(), this.lanes.size()));
	}

	private static int bytes(List<byte[]> messages) {
		int total = 0;
		for (byte[] message : messages) {
			total += message.length;
		}
		return total;
	}

	private record Subscription(String sessionId, String id) {
	}

	/** A room that is not quiet, and the messages that wait for its next batch. */
	private static final class Window {

		private List<byte[]> waiting = new ArrayList<>();

	}

	/**
	 * Messages to a room that leave together, with the message id of the first (the
	 * others follow in order). Encoded once per subscription id, by whichever lane needs
	 * it first.
	 */
	private static final class Batch {

		private final String destination;

		private final List<byte[]> messages;

		private final long firstMessageId;

		private final Map<String, Encoded> frames = new ConcurrentHashMap<>();

		Batch(String roomId, List<byte[]> messages, long firstMessageId) {
			this.destination = StompFrames.escape(RoomSubscriptions.PREFIX + roomId);
			this.messages = messages;
			this.firstMessageId = firstMessageId;
		}

		/** The batch's MESSAGE frames for one subscription id, as WebSocket frames. */
		Encoded framesFor(String subscriptionId) {
			return this.frames.computeIfAbsent(subscriptionId, this::encode);
		}

		private Encoded encode(String subscriptionId) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(this.messages.size() * 200 + bytes(this.messages));
			byte[] subscription = StompFrames.escape(subscriptionId).getBytes(StandardCharsets.UTF_8);
			for (int i = 0; i < this.messages.size(); i++) {
				byte[] json = this.messages.get(i);
				byte[] head = ("MESSAGE\ndestination:" + this.destination
						+ "\ncontent-type:application/json\nmessage-id:r-" + (this.firstMessageId + i)
						+ "\ncontent-length:" + json.length + "\nsubscription:")
					.getBytes(StandardCharsets.UTF_8);
				int payload = head.length + subscription.length + 2 + json.length + 1;
				byte[] header = new byte[WebSocketFrames.headerLength(payload)];
				WebSocketFrames.writeHeader(header, 0, payload);
				out.writeBytes(header);
				out.writeBytes(head);
				out.writeBytes(subscription);
				out.write('\n');
				out.write('\n');
				out.writeBytes(json);
				out.write(0);
			}
			return new Encoded(out.toByteArray(), this.messages.size());
		}

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

		/** Queues the batch to the room's connections in this lane, then says so. */
		void push(String roomId, Batch batch, Runnable finished) {
			Map<Subscription, SendQueue> audience = this.rooms.get(roomId);
			if (audience == null) {
				finished.run();
				return;
			}
			this.executor.execute(() -> {
				try {
					audience.forEach((subscription, queue) -> queue.sendFrames(batch.framesFor(subscription.id())));
				}
				finally {
					finished.run();
				}
			});
		}

	}

}
