package org.apache.tomcat.websocket;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

import jakarta.websocket.RemoteEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * Ours, not Tomcat's: gives a WebSocket connection smaller socket buffers than the HTTP
 * connection it was upgraded from.
 * <p>
 * Why: Tomcat sizes a connection's socket read and write buffers when it accepts it, for
 * HTTP (a request body is read at most a read buffer at a time), and keeps them for as
 * long as the connection stays open. An idle WebSocket connection reads a small frame now
 * and then and never writes through its write buffer (frames leave in gathering writes
 * that bypass it), so after the upgrade both are replaced with small ones: most of what
 * an idle connection costs is buffers (docs/benchmarks.md, "Idle connections").
 * <p>
 * Safe only when nothing else uses the buffers: when the connection opens, before it is
 * known to anyone, on the thread that upgrades it; a buffer that holds data (a frame the
 * client sent right behind its handshake) is kept. Tomcat's channel cache, which would
 * hand the small buffers to a later HTTP connection, must be off
 * ({@code socket.bufferPool=0}). Should a Tomcat upgrade change what this reaches,
 * nothing is replaced.
 */
public final class SocketBuffers {

	private static final VarHandle READ = ServerSockets.field(SocketBufferHandler.class, "readBuffer",
			ByteBuffer.class);

	private static final VarHandle WRITE = ServerSockets.field(SocketBufferHandler.class, "writeBuffer",
			ByteBuffer.class);

	private SocketBuffers() {
	}

	/**
	 * Replaces the connection's socket buffers with ones of the given sizes where they
	 * are larger, empty and on the heap.
	 * @return how many bytes of buffer the connection no longer holds
	 */
	public static int shrink(RemoteEndpoint.Async remote, int readSize, int writeSize) {
		ServerSockets.Reached reached = ServerSockets.of(remote);
		if (READ == null || WRITE == null || reached == null) {
			return 0;
		}
		SocketBufferHandler buffers = reached.socket().getSocketBufferHandler();
		if (buffers == null) {
			return 0;
		}
		try {
			buffers.configureReadBufferForWrite();
			int freed = replace(buffers, READ, buffers.getReadBuffer(), readSize);
			buffers.configureWriteBufferForWrite();
			return freed + replace(buffers, WRITE, buffers.getWriteBuffer(), writeSize);
		}
		catch (RuntimeException | LinkageError ex) {
			return 0;
		}
	}

	/** In write mode, as both are here, an empty buffer's position is 0. */
	private static int replace(SocketBufferHandler buffers, VarHandle field, ByteBuffer buffer, int size) {
		if (buffer == null || buffer.isDirect() || buffer.position() != 0 || buffer.capacity() <= size || size <= 0) {
			return 0;
		}
		field.setVolatile(buffers, ByteBuffer.allocate(size));
		return buffer.capacity() - size;
	}

}
