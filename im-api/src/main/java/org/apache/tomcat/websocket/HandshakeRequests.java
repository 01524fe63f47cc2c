package org.apache.tomcat.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import jakarta.servlet.http.WebConnection;
import jakarta.websocket.RemoteEndpoint;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.coyote.http11.upgrade.UpgradeProcessorInternal;
import org.apache.tomcat.websocket.server.WsHandshakeRequest;
import org.apache.tomcat.websocket.server.WsHttpUpgradeHandler;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;

/**
 * Ours, not Tomcat's: lets a connection's handshake request go once the connection is
 * open.
 * <p>
 * Why: Tomcat's upgrade handler keeps the handshake request, with a copy of every header
 * (a map, a list and strings per header), for as long as the connection stays open,
 * though it reads it only while opening the connection: on an idle connection that was a
 * tenth of what it costs (docs/benchmarks.md, "Idle connections"). What the session needs
 * of it (the URI, the query, the parameters, the principal) the session keeps itself.
 * <p>
 * Safe only from the endpoint's {@code onOpen}: Tomcat reads the request before it calls
 * that, and never after. Should a Tomcat upgrade change what this reaches, nothing is let
 * go.
 */
public final class HandshakeRequests {

	private static final VarHandle CONNECTION = handle(WsRemoteEndpointImplServer.class, "connection",
			WebConnection.class);

	private static final VarHandle UPGRADE_HANDLER = handle(UpgradeProcessorInternal.class,
			"internalHttpUpgradeHandler", InternalHttpUpgradeHandler.class);

	private static final VarHandle REQUEST = handle(WsHttpUpgradeHandler.class, "handshakeRequest",
			WsHandshakeRequest.class);

	private HandshakeRequests() {
	}

	/**
	 * Lets go of the connection's handshake request.
	 * @return whether it was let go
	 */
	public static boolean forget(RemoteEndpoint.Async remote) {
		ServerSockets.Reached reached = ServerSockets.of(remote);
		if (CONNECTION == null || UPGRADE_HANDLER == null || REQUEST == null || reached == null) {
			return false;
		}
		try {
			if (CONNECTION.get(reached.endpoint()) instanceof UpgradeProcessorInternal processor
					&& UPGRADE_HANDLER.get(processor) instanceof WsHttpUpgradeHandler handler) {
				REQUEST.set(handler, (WsHandshakeRequest) null);
				return true;
			}
			return false;
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static VarHandle handle(Class<?> owner, String name, Class<?> type) {
		try {
			return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

}
