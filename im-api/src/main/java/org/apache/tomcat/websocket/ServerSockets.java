package org.apache.tomcat.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import jakarta.servlet.http.WebConnection;
import jakarta.websocket.RemoteEndpoint;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.coyote.http11.upgrade.UpgradeProcessorInternal;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.server.WsHttpUpgradeHandler;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;

/**
 * Ours, not Tomcat's: reaches the socket under a server WebSocket connection, for
 * {@link FrameWriter}, {@link SocketBuffers} and {@link #closeSocket}, and the upgrade
 * handler that holds it, for {@link HandshakeRequests} and {@link InputAhead}. Should a
 * Tomcat upgrade change what this reaches, it answers null and the callers keep Tomcat's
 * own behaviour.
 */
public final class ServerSockets {

	/** {@code WsRemoteEndpointImplServer.socketWrapper}; null if it cannot be reached. */
	private static final VarHandle SOCKET = field(WsRemoteEndpointImplServer.class, "socketWrapper",
			SocketWrapperBase.class);

	private static final VarHandle CONNECTION = field(WsRemoteEndpointImplServer.class, "connection",
			WebConnection.class);

	private static final VarHandle UPGRADE_HANDLER = field(UpgradeProcessorInternal.class, "internalHttpUpgradeHandler",
			InternalHttpUpgradeHandler.class);

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

	/**
	 * The upgrade handler of the connection, which holds its session and frame reader; or
	 * null.
	 */
	static WsHttpUpgradeHandler upgradeHandlerOf(RemoteEndpoint.Async remote) {
		Reached reached = of(remote);
		if (CONNECTION == null || UPGRADE_HANDLER == null || reached == null) {
			return null;
		}
		try {
			return (CONNECTION.get(reached.endpoint()) instanceof UpgradeProcessorInternal processor
					&& UPGRADE_HANDLER.get(processor) instanceof WsHttpUpgradeHandler handler) ? handler : null;
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

	/** A field of Tomcat's, or null if this Tomcat has no such field. */
	static VarHandle field(Class<?> owner, String name, Class<?> type) {
		try {
			return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

	record Reached(WsRemoteEndpointImplServer endpoint, SocketWrapperBase<?> socket) {
	}

}
