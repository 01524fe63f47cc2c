package org.apache.tomcat.websocket;

import java.lang.invoke.VarHandle;

import jakarta.websocket.RemoteEndpoint;
import org.apache.tomcat.websocket.server.WsHandshakeRequest;
import org.apache.tomcat.websocket.server.WsHttpUpgradeHandler;

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

	private static final VarHandle REQUEST = ServerSockets.field(WsHttpUpgradeHandler.class, "handshakeRequest",
			WsHandshakeRequest.class);

	private HandshakeRequests() {
	}

	/**
	 * Lets go of the connection's handshake request.
	 * @return whether it was let go
	 */
	public static boolean forget(RemoteEndpoint.Async remote) {
		WsHttpUpgradeHandler handler = ServerSockets.upgradeHandlerOf(remote);
		if (REQUEST == null || handler == null) {
			return false;
		}
		try {
			REQUEST.set(handler, (WsHandshakeRequest) null);
			return true;
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
