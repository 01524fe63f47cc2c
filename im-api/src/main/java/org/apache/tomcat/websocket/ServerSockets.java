package org.apache.tomcat.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import jakarta.websocket.RemoteEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;

/**
 * Ours, not Tomcat's: reaches the socket under a server WebSocket connection, for
 * {@link FrameWriter} and {@link SocketBuffers}. Should a Tomcat upgrade change what this
 * reaches, it answers null and the callers keep Tomcat's own behaviour.
 */
final class ServerSockets {

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
