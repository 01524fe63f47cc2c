package im.api.stomp;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import im.api.stomp.WebSocketFrames.Encoded;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.FrameWriter;
import org.apache.tomcat.websocket.InputAhead;
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
 * closed 2 s later if it is still open ({@link ForcedClose}). A close asked for while
 * frames wait (an ERROR frame, then the close STOMP requires) waits for them to leave, at
 * most {@code sendTimeLimit}.
 * <p>
 * A thread may hold back what it queues, to write it together with what it queues next
 * ({@link HeldWrites}).
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

	private final SocketWrite.Socket socket;

	/**
	 * What Tomcat read from the client and has not handed over yet ({@link InputAhead});
	 * null if it cannot be reached.
	 */
	private final ByteBuffer input;

	private final long sendBufferSize;

	private final long sendTimeLimitNanos;

	private final ClientDeadlines deadlines = new ClientDeadlines();

	/** The user who connected, for the log; null before STOMP CONNECT. */
	private volatile String user;

	/**
	 * The sign-in whose access token the connection was opened with, which closes it when
	 * it ends; null before STOMP CONNECT and for tokens that name none.
	 */
	private volatile String signIn;

	/**
	 * The thread handling a frame of this connection's client, which writes what it holds
	 * back when done ({@link HeldWrites}); null when none is.
	 */
	private volatile Thread reader;

	/** When the pending write started (System.nanoTime), 0 when none is pending. */
	private volatile long writeStarted;

	SendQueue(WebSocketSession session, long sendBufferSize, Duration sendTimeLimit, boolean directWrites,
			WriteMeters meters) {
		super(session);
		if (!(session instanceof NativeWebSocketSession nativeSession)
				|| nativeSession.getNativeSession(Session.class) == null) {
			throw new IllegalStateException("Not a jakarta.websocket session: " + session);
		}
		this.container = nativeSession.getNativeSession(Session.class);
		this.socket = SocketWrite.Socket.of(this.container.getAsyncRemote(), directWrites, meters, sendTimeLimit);
		this.input = InputAhead.inputOf(this.container.getAsyncRemote());
		this.sendBufferSize = sendBufferSize;
		this.sendTimeLimitNanos = sendTimeLimit.toNanos();
	}

	/** Whether frames go out through {@link FrameWriter}. */
	boolean writesDirectly() {
		return this.socket.direct() != null;
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
		if (!HeldWrites.held(this)) {
			drain();
		}
	}

	/** The thread handling a frame of this connection's client, or null. */
	Thread reader() {
		return this.reader;
	}

	void reader(Thread reader) {
		this.reader = reader;
	}

	/**
	 * Whether Tomcat has read a whole data frame of the client's that it has not handed
	 * over yet (false if that cannot be seen).
	 */
	boolean frameReadAhead() {
		return this.input != null && InputAhead.dataFrameWaiting(this.input);
	}

	/** CONNECT was accepted, with a token (a user and maybe a sign-in) or as a guest. */
	void connected(String user, String signIn) {
		this.user = user;
		this.signIn = signIn;
		this.deadlines.connected();
	}

	/** What the client owes the server, and since when. */
	ClientDeadlines deadlines() {
		return this.deadlines;
	}

	/** Whether a close was asked for (or the connection is gone). */
	boolean closing() {
		return this.closing.get() != null;
	}

	boolean openedBy(String signIn) {
		return signIn.equals(this.signIn);
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
	void drain() {
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
			SocketWrite write = gather();
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
	private SocketWrite gather() {
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
		return new SocketWrite(this, this.socket, frames, count, frameCount);
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

	/** The write under way completed, or failed: the next may start. */
	void writeFinished() {
		this.writeStarted = 0;
		this.writing.set(false);
		drain();
	}

	/** The write under way failed: the connection cannot be written to any more. */
	void writeFailed(Throwable failure) {
		if (failure instanceof SocketTimeoutException) {
			tooSlow("a write to it stayed pending for more than " + Duration.ofNanos(this.sendTimeLimitNanos).toMillis()
					+ " ms");
		}
		else {
			log.debug("Could not write to connection {}: {}", getId(), failure.toString());
			closeNow(CloseStatus.SESSION_NOT_RELIABLE, true);
		}
	}

	boolean isClosed() {
		return this.closed.get();
	}

	private void closeNow(CloseStatus status, boolean mayBlock) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.queue.clear();
		if (mayBlock) {
			ForcedClose.start(getId(), this.container, this.socket.remote(), () -> closeDelegate(status));
		}
		else {
			closeDelegate(status);
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

}
