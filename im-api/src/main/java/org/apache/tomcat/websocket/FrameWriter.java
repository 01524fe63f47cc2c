package org.apache.tomcat.websocket;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.websocket.RemoteEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.net.SocketWrapperBase.BlockingMode;

/**
 * Ours, not Tomcat's: it lives in Tomcat's package to reach what Tomcat's own sends end
 * in. It writes whole WebSocket frames that the caller encoded (header and payload,
 * unmasked as a server sends them), any number of them, with one gathering socket write.
 * <p>
 * Why: the standard API sends one message per call, and Tomcat hands the completion of
 * every non-blocking send to another thread (its executor), as the specification
 * requires; with the per-message bookkeeping around it, that was most of the server's CPU
 * per delivery in a live room (docs/benchmarks.md, "Live-room fan-out"). Here the frames
 * a connection has waiting leave in one write, and a write that completes at once
 * completes on the caller's thread.
 * <p>
 * The connection's message lock ({@code messagePartInProgress}) is held for the write, as
 * Tomcat's own sends hold it, so that Tomcat's control frames (a pong, the close) never
 * interleave with these frames; they wait for it, and it is released as Tomcat releases
 * it, through {@code endMessage}. Should a Tomcat upgrade change what this reaches,
 * {@link #of} answers null and the caller uses the standard API.
 */
public final class FrameWriter {

	private final WsRemoteEndpointImplBase endpoint;

	private final SocketWrapperBase<?> socket;

	private FrameWriter(WsRemoteEndpointImplBase endpoint, SocketWrapperBase<?> socket) {
		this.endpoint = endpoint;
		this.socket = socket;
	}

	/**
	 * The writer of a server connection's frames; null where this Tomcat is not one it
	 * can write through.
	 */
	public static FrameWriter of(RemoteEndpoint.Async remote) {
		ServerSockets.Reached reached = ServerSockets.of(remote);
		return (reached != null) ? new FrameWriter(reached.endpoint(), reached.socket()) : null;
	}

	/**
	 * Starts writing the frames, unless Tomcat is writing a frame of its own to the
	 * connection (a pong, the close): then nothing is written, and the caller tries again
	 * once that is done.
	 * @param frames whole WebSocket frames, read from position to limit
	 * @param count how many of {@code frames} to write, from the first
	 * @param timeoutMillis how long the write may stay pending before it fails
	 * @param done told once, when every byte is written or the write failed; on the
	 * caller's thread, before this returns, when the socket took everything at once
	 * @return whether the write started
	 */
	public boolean write(ByteBuffer[] frames, int count, long timeoutMillis, CompletionHandler<Long, Void> done) {
		if (!this.endpoint.messagePartInProgress.tryAcquire()) {
			return false;
		}
		Completion completion = new Completion(this.endpoint, done);
		if (!this.endpoint.getSession().isOpen()) {
			completion.failed(new EOFException("The WebSocket session is closed"), null);
			return true;
		}
		try {
			this.socket.write(frames, 0, count, BlockingMode.SEMI_BLOCK, timeoutMillis, TimeUnit.MILLISECONDS, null,
					SocketWrapperBase.COMPLETE_WRITE_WITH_COMPLETION, completion);
		}
		catch (RuntimeException ex) {
			completion.failed(ex, null);
		}
		return true;
	}

	/** Releases the connection's message lock, then tells the caller: once. */
	private static final class Completion implements CompletionHandler<Long, Void> {

		private final AtomicBoolean done = new AtomicBoolean();

		private final WsRemoteEndpointImplBase endpoint;

		private final CompletionHandler<Long, Void> caller;

		Completion(WsRemoteEndpointImplBase endpoint, CompletionHandler<Long, Void> caller) {
			this.endpoint = endpoint;
			this.caller = caller;
		}

		@Override
		public void completed(Long written, Void attachment) {
			if (this.done.compareAndSet(false, true)) {
				this.endpoint.endMessage(null, null);
				this.caller.completed(written, attachment);
			}
		}

		@Override
		public void failed(Throwable failure, Void attachment) {
			if (this.done.compareAndSet(false, true)) {
				this.endpoint.endMessage(null, null);
				this.caller.failed(failure, attachment);
			}
		}

	}

}
