package im.api.stomp;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import im.api.stomp.WebSocketFrames.Encoded;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.FrameWriter;
import org.apache.tomcat.websocket.ServerSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A connection's outgoing frames. Whoever sends (a room's fan-out, Spring's outbound
 * threads, a delivery) only queues the frame and goes on, so no client, however slow,
 * holds up a sender or the other clients. Frames leave in the order they were queued, and
 * what waits when the socket is free leaves together, in one socket write (GoIM's "write
 * once per connection per batch"): the frames stay separate WebSocket messages, so any
 * client reads them as it reads one.
 * <p>
 * Frames are queued as WebSocket frames, encoded once ({@link WebSocketFrames}; a room
 * encodes a message once for its whole audience), and written with {@link FrameWriter},
 * whose writes complete on the writer's thread when the socket takes them at once. Where
 * that is not available ({@code IM_STOMP_DIRECT_WRITES=false}, or a Tomcat it cannot
 * write through) each frame goes through the standard WebSocket API, one at a time.
 * <p>
 * A client that falls too far behind, with more than {@code sendBufferSize} waiting or
 * one write pending longer than {@code sendTimeLimit}, is disconnected with status 4500
 * ("session not reliable") and the reason; its frames are dropped, and its socket is
 * closed 2 s later if it is still open. A close asked for while frames wait (an ERROR
 * frame, then the close STOMP requires) waits for them to leave, at most
 * {@code sendTimeLimit}.
 */
final class SendQueue extends WebSocketSessionDecorator {

	private static final Logger log = LoggerFactory.getLogger(SendQueue.class);

	/** The most frames (or rooms' batches of frames) one socket write carries. */
	private static final int MAX_PER_WRITE = 64;

	/**
	 * The most bytes one socket write gathers (a larger frame still goes, alone): the
	 * kernel takes about this much at once from a socket whose client reads.
	 */
	private static final int MAX_BYTES_PER_WRITE = 64 * 1024;

	/**
	 * Tomcat's session property for how long a blocking send (the close frame) may wait:
	 * short for a client that reads nothing, so that its socket is closed soon.
	 */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	/**
	 * Tomcat's session property for how long, after sending the close frame, it waits for
	 * the client's before closing the socket itself (30 s by default, checked every 10
	 * s): a client too slow to read its frames may never read the close frame either, and
	 * must not hold its socket that long.
	 */
	private static final String SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";

	/**
	 * How long after a forced close (too slow, or frames still waiting when a close was
	 * asked for) the socket is closed if Tomcat has not: twice the close timeout it is
	 * given, so that a client that answers the close frame is not cut short.
	 */
	private static final Duration SOCKET_CLOSE_GRACE = Duration.ofSeconds(2);

	/**
	 * Whole WebSocket frames ({@link WebSocketFrames.Encoded}), or a message of another
	 * kind.
	 */
	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	/** Bytes queued and not yet handed to the socket. */
	private final AtomicLong waiting = new AtomicLong();

	private final AtomicBoolean writing = new AtomicBoolean();

	private final AtomicReference<CloseStatus> closing = new AtomicReference<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Session container;

	private final RemoteEndpoint.Async remote;

	/** Null: frames go through the standard API. */
	private final FrameWriter direct;

	private final long sendBufferSize;

	private final WriteMeters meters;

	private final long sendTimeLimitNanos;

	/** The user who connected, for the log; null before STOMP CONNECT. */
	private volatile String user;

	/**
	 * The sign-in whose access token the connection was opened with, which closes it when
	 * it ends; null before STOMP CONNECT and for tokens that name none.
	 */
	private volatile String signIn;

	/** When the pending write started (System.nanoTime), 0 when none is pending. */
	private volatile long writeStarted;

	/** When the client last sent anything (System.nanoTime). */
	private volatile long heardAt = System.nanoTime();

	/** How long the client may stay silent (nanoseconds); 0 for as long as it likes. */
	private volatile long silenceLimitNanos;

	/**
	 * Until when (System.nanoTime) the client may take to send CONNECT; 0 once it has, or
	 * for as long as it likes.
	 */
	private volatile long connectBy;

	/** When the frame the client has begun and not finished began (nanoTime); 0: none. */
	private volatile long frameBegunAt;

	SendQueue(WebSocketSession session, long sendBufferSize, Duration sendTimeLimit, boolean directWrites,
			WriteMeters meters) {
		super(session);
		this.meters = meters;
		if (!(session instanceof NativeWebSocketSession nativeSession)
				|| nativeSession.getNativeSession(Session.class) == null) {
			throw new IllegalStateException("Not a jakarta.websocket session: " + session);
		}
		this.container = nativeSession.getNativeSession(Session.class);
		this.remote = this.container.getAsyncRemote();
		this.direct = directWrites ? FrameWriter.of(this.remote) : null;
		this.sendBufferSize = sendBufferSize;
		this.sendTimeLimitNanos = sendTimeLimit.toNanos();
	}

	/** Whether frames go out through {@link FrameWriter}. */
	boolean writesDirectly() {
		return this.direct != null;
	}

	/** Queues the message and returns; it leaves as soon as those before it have. */
	@Override
	public void sendMessage(WebSocketMessage<?> message) {
		if (message instanceof TextMessage text) {
			Encoded frame = WebSocketFrames.text(text.asBytes());
			enqueue(frame, frame.bytes().length);
		}
		else {
			enqueue(message, message.getPayloadLength());
		}
	}

	/**
	 * Queues whole WebSocket text frames, encoded once for many connections (a room's
	 * batch); they are only read.
	 */
	void sendFrames(Encoded frames) {
		enqueue(frames, frames.bytes().length);
	}

	private void enqueue(Object item, long size) {
		if (this.closing.get() != null) {
			return;
		}
		long waiting = this.waiting.addAndGet(size);
		this.queue.add(item);
		if (this.writing.get()) {
			long started = this.writeStarted;
			if (waiting > this.sendBufferSize) {
				tooSlow("more than " + this.sendBufferSize / 1024 + " KB waiting to be sent to it");
				return;
			}
			if (started != 0 && System.nanoTime() - started > this.sendTimeLimitNanos) {
				tooSlow("one frame has waited more than " + Duration.ofNanos(this.sendTimeLimitNanos).toMillis()
						+ " ms to be written to it");
				return;
			}
		}
		drain();
	}

	/** CONNECT was accepted, with a token (a user and maybe a sign-in) or as a guest. */
	void connected(String user, String signIn) {
		this.user = user;
		this.signIn = signIn;
		this.connectBy = 0;
	}

	/** The client must send CONNECT within this long, or be closed. */
	void mustConnectWithin(Duration limit) {
		this.connectBy = System.nanoTime() + limit.toNanos();
	}

	/** Keeps track of a frame begun and not finished, by what the client just sent. */
	void framing(FrameEnds ends) {
		switch (ends) {
			case FINISHED -> this.frameBegunAt = 0;
			case BEGUN -> this.frameBegunAt = System.nanoTime();
			case CONTINUED -> {
				if (this.frameBegunAt == 0) {
					this.frameBegunAt = System.nanoTime();
				}
			}
			case NOTHING -> {
			}
		}
	}

	/** How long the frame the client began is unfinished, if longer than the limit. */
	Duration frameUnfinishedFor(long now, Duration limit) {
		long begun = this.frameBegunAt;
		return (begun != 0 && now - begun > limit.toNanos() && this.closing.get() == null)
				? Duration.ofNanos(now - begun) : null;
	}

	/** Whether the time to send CONNECT ran out without one. */
	boolean connectOverdue(long now) {
		long by = this.connectBy;
		return by != 0 && now - by > 0 && this.closing.get() == null;
	}

	/** Whether a close was asked for (or the connection is gone). */
	boolean closing() {
		return this.closing.get() != null;
	}

	boolean openedBy(String signIn) {
		return signIn.equals(this.signIn);
	}

	/** The client sent something: a frame, part of one, or a heart-beat. */
	void heard() {
		this.heardAt = System.nanoTime();
	}

	/** The client asked for heart-beats: after this long without a word it is gone. */
	void closeWhenSilentFor(Duration limit) {
		this.silenceLimitNanos = limit.toNanos();
	}

	/** How long the client has been silent, if longer than it may be; else null. */
	Duration silentFor(long now) {
		long limit = this.silenceLimitNanos;
		long silent = now - this.heardAt;
		return (limit > 0 && silent > limit && this.closing.get() == null) ? Duration.ofNanos(silent) : null;
	}

	/** Queues a last frame and closes once it has left (at most the send time limit). */
	void sendAndClose(WebSocketMessage<?> last, CloseStatus status) {
		sendMessage(last);
		close(status);
	}

	/** Closes once the frames queued before have left (at most the send time limit). */
	@Override
	public void close(CloseStatus status) {
		if (!this.closing.compareAndSet(null, status)) {
			return;
		}
		drain();
		if (!this.closed.get()) {
			Thread.ofVirtual().name("close-" + getId()).start(() -> {
				try {
					Thread.sleep(Duration.ofNanos(this.sendTimeLimitNanos));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				closeNow(status, true);
			});
		}
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	/** The connection closed: what waits for it is dropped. */
	void closed() {
		this.closing.compareAndSet(null, CloseStatus.NORMAL);
		this.closed.set(true);
		this.queue.clear();
	}

	private void tooSlow(String why) {
		CloseStatus status = CloseStatus.SESSION_NOT_RELIABLE.withReason("Too slow: " + why);
		if (this.closing.compareAndSet(null, status)) {
			log.info("Disconnecting connection {} of {}: too slow, {}", getId(),
					(this.user != null) ? "user " + this.user : "nobody yet", why);
			closeNow(status, true);
		}
	}

	/**
	 * Writes what waits: all the frames queued (up to a bound) in one write. A write that
	 * completes at once lets the loop go on; one that is pending goes on from its
	 * completion, on the container's thread.
	 */
	private void drain() {
		while (this.writing.compareAndSet(false, true)) {
			Object head = this.queue.peek();
			if (head == null) {
				this.writing.set(false);
				if (this.queue.isEmpty()) {
					CloseStatus status = this.closing.get();
					if (status != null) {
						closeNow(status, false);
					}
					return;
				}
				continue;
			}
			if (this.closed.get()) {
				this.queue.clear();
				this.writing.set(false);
				continue;
			}
			if (!(head instanceof Encoded)) {
				this.queue.poll();
				this.waiting.addAndGet(-sizeOf(head));
				sendOther((WebSocketMessage<?>) head);
				this.writing.set(false);
				continue;
			}
			Write write = gather();
			this.writeStarted = System.nanoTime();
			write.start();
			if (write.returned()) {
				return;
			}
			this.writeStarted = 0;
			this.writing.set(false);
		}
	}

	/** Takes the frames at the head of the queue for one write. */
	private Write gather() {
		ByteBuffer[] frames = new ByteBuffer[4];
		int count = 0;
		int frameCount = 0;
		long bytes = 0;
		while (count < MAX_PER_WRITE && this.queue.peek() instanceof Encoded next
				&& (count == 0 || bytes + next.bytes().length <= MAX_BYTES_PER_WRITE)) {
			this.queue.poll();
			if (count == frames.length) {
				frames = Arrays.copyOf(frames, count * 2);
			}
			frames[count++] = ByteBuffer.wrap(next.bytes());
			frameCount += next.count();
			bytes += next.bytes().length;
		}
		this.waiting.addAndGet(-bytes);
		return new Write(frames, count, frameCount);
	}

	/**
	 * Pings, pongs and binary messages, which nothing of ours sends today: no write is
	 * pending now, so the standard blocking send is safe.
	 */
	private void sendOther(WebSocketMessage<?> message) {
		try {
			getDelegate().sendMessage(message);
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Could not send to connection {}: {}", getId(), ex.toString());
			closeNow(CloseStatus.SESSION_NOT_RELIABLE, true);
		}
	}

	private void closeNow(CloseStatus status, boolean mayBlock) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.queue.clear();
		if (mayBlock) {
			// a pending write makes the close frame wait: not on the sender's thread, and
			// briefly
			this.container.getUserProperties().put(BLOCKING_SEND_TIMEOUT, 1000L);
			this.container.getUserProperties().put(SESSION_CLOSE_TIMEOUT, 1000L);
			Thread.ofVirtual().name("close-" + getId()).start(() -> {
				closeDelegate(status);
				closeSocketAfter(SOCKET_CLOSE_GRACE);
			});
		}
		else {
			closeDelegate(status);
		}
	}

	/**
	 * Closes the socket if it is still open after the grace: a client that reads nothing
	 * never answers the close frame, and may never even be sent it.
	 */
	private void closeSocketAfter(Duration grace) {
		try {
			Thread.sleep(grace);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (ServerSockets.closeSocket(this.remote)) {
			log.debug("Closed the socket of connection {}: its client did not complete the close in {} ms", getId(),
					grace.toMillis());
		}
	}

	private void closeDelegate(CloseStatus status) {
		try {
			getDelegate().close(status);
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Closing connection {}: {}", getId(), ex.toString());
		}
	}

	private static long sizeOf(Object item) {
		return (item instanceof Encoded frames) ? frames.bytes().length
				: ((WebSocketMessage<?>) item).getPayloadLength();
	}

	/**
	 * One write of one or more frames: whichever of "the write call returned" and "the
	 * write completed" comes second moves the queue on.
	 */
	private final class Write implements CompletionHandler<Long, Void> {

		private static final int RETURNED = 1;

		private static final int COMPLETED = 2;

		private final AtomicInteger state = new AtomicInteger();

		private final ByteBuffer[] frames;

		private final int count;

		/** How many WebSocket frames the buffers hold. */
		private final int frameCount;

		/** Standard API: the frame being sent. */
		private int next;

		Write(ByteBuffer[] frames, int count, int frameCount) {
			this.frames = frames;
			this.count = count;
			this.frameCount = frameCount;
		}

		void start() {
			if (SendQueue.this.direct == null) {
				sendNextStandard();
				return;
			}
			SendQueue.this.meters.wrote(this.frameCount);
			if (!SendQueue.this.direct.write(this.frames, this.count, timeLimitMillis(), this)) {
				// Tomcat is writing a frame of its own (a pong, the close): this waits
				// for it
				Thread.ofVirtual().name("write-" + getId()).start(this::retry);
			}
		}

		/** Whether the write is still pending (its completion drains on). */
		boolean returned() {
			return this.state.compareAndSet(0, RETURNED);
		}

		@Override
		public void completed(Long written, Void attachment) {
			finished();
		}

		@Override
		public void failed(Throwable failure, Void attachment) {
			if (failure instanceof SocketTimeoutException) {
				tooSlow("a write to it stayed pending for more than "
						+ Duration.ofNanos(SendQueue.this.sendTimeLimitNanos).toMillis() + " ms");
			}
			else {
				log.debug("Could not write to connection {}: {}", getId(), failure.toString());
				closeNow(CloseStatus.SESSION_NOT_RELIABLE, true);
			}
			finished();
		}

		private void finished() {
			if (!this.state.compareAndSet(0, COMPLETED)) {
				SendQueue.this.writeStarted = 0;
				SendQueue.this.writing.set(false);
				drain();
			}
		}

		private void retry() {
			long deadline = System.nanoTime() + SendQueue.this.sendTimeLimitNanos;
			try {
				while (!SendQueue.this.direct.write(this.frames, this.count, timeLimitMillis(), this)) {
					if (SendQueue.this.closed.get() || System.nanoTime() > deadline) {
						failed(new SocketTimeoutException(), null);
						return;
					}
					Thread.sleep(1);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failed(new IOException("Interrupted"), null);
			}
		}

		/**
		 * The standard API sends one message at a time, each from the bytes of its frame:
		 * the next one from the completion of the one before.
		 */
		private void sendNextStandard() {
			while (this.next < this.count && !this.frames[this.next].hasRemaining()) {
				this.next++;
			}
			if (this.next == this.count) {
				completed((long) this.count, null);
				return;
			}
			ByteBuffer frame = this.frames[this.next];
			int second = frame.get(frame.position() + 1) & 0x7f;
			int header = (second < 126) ? 2 : (second == 126) ? 4 : 10;
			int length = (second < 126) ? second : (second == 126) ? frame.getShort(frame.position() + 2) & 0xFFFF
					: (int) frame.getLong(frame.position() + 2);
			String text = new String(frame.array(), frame.arrayOffset() + frame.position() + header, length,
					StandardCharsets.UTF_8);
			frame.position(frame.position() + header + length);
			SendQueue.this.meters.wrote(1);
			try {
				SendQueue.this.remote.sendText(text, this::sentStandard);
			}
			catch (RuntimeException ex) {
				failed(ex, null);
			}
		}

		private void sentStandard(SendResult result) {
			if (result.isOK()) {
				sendNextStandard();
			}
			else {
				failed(result.getException(), null);
			}
		}

		private long timeLimitMillis() {
			return Duration.ofNanos(SendQueue.this.sendTimeLimitNanos).toMillis();
		}

	}

}
