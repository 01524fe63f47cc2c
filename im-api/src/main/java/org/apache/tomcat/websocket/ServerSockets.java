package org.apache.tomcat.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import jakarta.websocket.RemoteEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;

/**
 * Ours, not Tomcat's: reaches the socket under a server WebSocket connection, for
 * {@link FrameWriter}, {@link SocketBuffers} and {@link #closeSocket}. Should a Tomcat
 * upgrade change what this reaches, it answers null and the callers keep Tomcat's own
 * behaviour.
 */
public final class ServerSockets {

	/** {@code WsRemoteEndpointImplServer.socketWrapper}; null if it cannot be reached. */
	private static final VarHandle SOCKET = socketHandle();

	private ServerSockets() {
	}

	/** The connection's endpoint and socket, or null. */
	static Reached of(RemoteEndpoint.Async remote) {
		if (SOCKET == null || !(remote instanceof WsRemoteEndpointBase base)
				|| !(base.base instanceof WsRemoteEndpointImplServer server)) {
			return null;
		}
		try {
			return new Reached(server, (SocketWrapperBase<?>) SOCKET.get(server));
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

	/**
	 * Closes the connection's socket now, unless Tomcat already has: the last step of
	 * disconnecting a client that reads nothing, whose closing handshake cannot complete
	 * (Tomcat's own close of such a socket can wait for a check that runs every ten
	 * seconds, and CI once saw such a client find its connection open thirty seconds
	 * after it was disconnected). Closing the socket of a WebSocket session Tomcat still
	 * counts as closing is what its own close timeout does; the session is released when
	 * that check next runs.
	 * @return whether this closed it
	 */
	public static boolean closeSocket(RemoteEndpoint.Async remote) {
		Reached reached = of(remote);
		if (reached == null || reached.socket() == null || reached.socket().isClosed()) {
			return false;
		}
		reached.socket().close();
		return true;
	}

	private static VarHandle socketHandle() {
		try {
			return MethodHandles.privateLookupIn(WsRemoteEndpointImplServer.class, MethodHandles.lookup())
				.findVarHandle(WsRemoteEndpointImplServer.class, "socketWrapper", SocketWrapperBase.class);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

	record Reached(WsRemoteEndpointImplServer endpoint, SocketWrapperBase<?> socket) {
	}

}
