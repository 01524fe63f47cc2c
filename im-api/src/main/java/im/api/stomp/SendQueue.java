package im.api.stomp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.tomcat.websocket.PreEncodedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A connection's outgoing frames, written one at a time with the container's non-blocking
 * sends: whoever sends (a room's fan-out, Spring's outbound threads) only queues the
 * frame and goes on, so no client, however slow, holds up a sender or the other clients.
 * Frames leave in the order they were queued.
 * <p>
 * A client that falls too far behind, with more than {@code sendBufferSize} waiting or
 * one write pending longer than {@code sendTimeLimit}, is disconnected with status 4500
 * ("session not reliable") and the reason; its frames are dropped. A close asked for
 * while frames wait (an ERROR frame, then the close STOMP requires) waits for them to
 * leave, at most {@code sendTimeLimit}.
 */
final class SendQueue extends WebSocketSessionDecorator {

	private static final Logger log = LoggerFactory.getLogger(SendQueue.class);

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

	/** Whether Tomcat's send of pre-encoded text works here (see PreEncodedText). */
	private static volatile boolean preEncoded = true;

	private final Queue<WebSocketMessage<?>> queue = new ConcurrentLinkedQueue<>();

	/** Bytes queued and not yet handed to the socket. */
	private final AtomicLong waiting = new AtomicLong();

	private final AtomicBoolean writing = new AtomicBoolean();

	private final AtomicReference<CloseStatus> closing = new AtomicReference<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Session container;

	private final RemoteEndpoint.Async remote;

	private final long sendBufferSize;

	private final long sendTimeLimitNanos;

	/** The user who connected, for the log; null before STOMP CONNECT. */
	private volatile String user;

	/** When the pending write started (System.nanoTime), 0 when none is pending. */
	private volatile long writeStarted;

	SendQueue(WebSocketSession session, long sendBufferSize, Duration sendTimeLimit) {
		super(session);
		if (!(session instanceof NativeWebSocketSession nativeSession)
				|| nativeSession.getNativeSession(Session.class) == null) {
			throw new IllegalStateException("Not a jakarta.websocket session: " + session);
		}
		this.container = nativeSession.getNativeSession(Session.class);
		this.remote = this.container.getAsyncRemote();
		if (!PreEncodedText.supports(this.remote)) {
			preEncoded = false;
		}
		this.sendBufferSize = sendBufferSize;
		this.sendTimeLimitNanos = sendTimeLimit.toNanos();
	}

	/** Queues the frame and returns; it leaves as soon as those before it have. */
	@Override
	public void sendMessage(WebSocketMessage<?> message) {
		if (this.closing.get() != null) {
			return;
		}
		long waiting = this.waiting.addAndGet(sizeOf(message));
		this.queue.add(message);
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

	void connectedAs(String user) {
		this.user = user;
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
	 * Writes what waits, one frame at a time: a write that completes at once lets the
	 * loop go on; one that is pending goes on from its completion, on the container's
	 * thread.
	 */
	private void drain() {
		while (this.writing.compareAndSet(false, true)) {
			WebSocketMessage<?> next = this.queue.poll();
			if (next == null) {
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
			this.waiting.addAndGet(-sizeOf(next));
			if (this.closed.get()) {
				this.writing.set(false);
				continue;
			}
			Write write = new Write();
			this.writeStarted = System.nanoTime();
			try {
				start(next, write);
			}
			catch (IOException | RuntimeException ex) {
				// the connection closed meanwhile
				log.debug("Could not send to connection {}: {}", getId(), ex.toString());
				closed();
				this.writeStarted = 0;
				this.writing.set(false);
				return;
			}
			if (write.returned()) {
				return;
			}
			this.writeStarted = 0;
			this.writing.set(false);
		}
	}

	private void start(WebSocketMessage<?> message, Write write) throws IOException {
		if (message instanceof TextMessage text) {
			if (preEncoded) {
				try {
					// the bytes a frame was encoded to once (by Spring's STOMP encoder,
					// or a
					// room's fan-out for its whole audience), not encoded again
					PreEncodedText.send(this.remote, ByteBuffer.wrap(text.asBytes()), write);
					return;
				}
				catch (LinkageError ex) {
					preEncoded = false;
					log.warn("This Tomcat cannot send pre-encoded text ({}); sending text the standard way",
							ex.toString());
				}
			}
			this.remote.sendText(text.getPayload(), write);
		}
		else if (message instanceof BinaryMessage binary) {
			this.remote.sendBinary(binary.getPayload(), write);
		}
		else {
			// pings and pongs: no write is pending now, so a blocking send is safe
			getDelegate().sendMessage(message);
			write.state.set(Write.COMPLETED);
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
			Thread.ofVirtual().name("close-" + getId()).start(() -> closeDelegate(status));
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

	private static long sizeOf(WebSocketMessage<?> message) {
		return message.getPayloadLength();
	}

	/**
	 * One write: whichever of "the send call returned" and "the write completed" comes
	 * second moves the queue on.
	 */
	private final class Write implements SendHandler {

		private static final int RETURNED = 1;

		private static final int COMPLETED = 2;

		private final AtomicInteger state = new AtomicInteger();

		/** Whether the write is still pending (its completion drains on). */
		boolean returned() {
			return this.state.compareAndSet(0, RETURNED);
		}

		@Override
		public void onResult(SendResult result) {
			if (!result.isOK()) {
				log.debug("Could not write to connection {}: {}", getId(), String.valueOf(result.getException()));
				closed();
			}
			if (!this.state.compareAndSet(0, COMPLETED)) {
				SendQueue.this.writeStarted = 0;
				SendQueue.this.writing.set(false);
				drain();
			}
		}

	}

}
