package im.api.stomp;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import org.apache.tomcat.websocket.FrameWriter;

/**
 * One write of one or more whole WebSocket frames from a {@link SendQueue}: whichever of
 * "the write call returned" and "the write completed" comes second moves the queue on.
 * <p>
 * With {@link FrameWriter} the frames leave in one socket write, whose completion comes
 * on the writer's thread when the socket takes them at once. Through the standard
 * WebSocket API they leave one message at a time, each from the completion of the one
 * before.
 */
final class SocketWrite implements CompletionHandler<Long, Void> {

	/** Where a connection's writes go, and how long one may stay pending. */
	record Socket(RemoteEndpoint.Async remote, FrameWriter direct, WriteMeters meters, Duration timeLimit) {

		/**
		 * With {@code direct} false, or a Tomcat it cannot write through, the standard
		 * API.
		 */
		static Socket of(RemoteEndpoint.Async remote, boolean direct, WriteMeters meters, Duration timeLimit) {
			return new Socket(remote, direct ? FrameWriter.of(remote) : null, meters, timeLimit);
		}

	}

	private static final int RETURNED = 1;

	private static final int COMPLETED = 2;

	private final AtomicInteger state = new AtomicInteger();

	private final SendQueue queue;

	private final Socket socket;

	private final ByteBuffer[] frames;

	private final int count;

	/**
	 * How many WebSocket frames the buffers hold (a room's batch is one buffer of many).
	 */
	private final int frameCount;

	/** Standard API: the frame being sent. */
	private int next;

	SocketWrite(SendQueue queue, Socket socket, ByteBuffer[] frames, int count, int frameCount) {
		this.queue = queue;
		this.socket = socket;
		this.frames = frames;
		this.count = count;
		this.frameCount = frameCount;
	}

	void start() {
		if (this.socket.direct() == null) {
			sendNextStandard();
			return;
		}
		this.socket.meters().wrote(this.frameCount);
		if (!this.socket.direct().write(this.frames, this.count, this.socket.timeLimit().toMillis(), this)) {
			// Tomcat is writing a frame of its own (a pong, the close): this waits for it
			Thread.ofVirtual().name("write-" + this.queue.getId()).start(this::retry);
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
		this.queue.writeFailed(failure);
		finished();
	}

	private void finished() {
		if (!this.state.compareAndSet(0, COMPLETED)) {
			this.queue.writeFinished();
		}
	}

	private void retry() {
		long deadline = System.nanoTime() + this.socket.timeLimit().toNanos();
		try {
			while (!this.socket.direct().write(this.frames, this.count, this.socket.timeLimit().toMillis(), this)) {
				if (this.queue.isClosed() || System.nanoTime() > deadline) {
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
	 * The standard API sends one message at a time, each from the bytes of its frame: the
	 * next one from the completion of the one before.
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
		this.socket.meters().wrote(1);
		try {
			this.socket.remote().sendText(text, this::sentStandard);
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

}
