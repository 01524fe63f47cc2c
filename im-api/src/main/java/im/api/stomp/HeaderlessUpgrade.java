package im.api.stomp;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * Spring's WebSocket upgrade, without a copy of the handshake's headers kept for the
 * connection's whole life ({@code WebSocketSession.getHandshakeHeaders()}, which nothing
 * here reads): on an idle connection that copy was some 50 strings, maps and lists,
 * several per cent of what the connection costs (docs/benchmarks.md, "Idle connections").
 * The handshake itself still sees every header: Tomcat upgrades the servlet request,
 * which is untouched, and the origin check and protocol negotiation run before this.
 */
final class HeaderlessUpgrade extends StandardWebSocketUpgradeStrategy {

	@Override
	public void upgrade(ServerHttpRequest request, ServerHttpResponse response, String selectedProtocol,
			List<WebSocketExtension> selectedExtensions, Principal user, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws HandshakeFailureException {
		ServerHttpRequest headerless = (request instanceof ServletServerHttpRequest servlet)
				? new HeaderlessRequest(servlet) : request;
		super.upgrade(headerless, response, selectedProtocol, selectedExtensions, user, wsHandler, attributes);
	}

	/** The same request, but the headers the session would copy are none. */
	private static final class HeaderlessRequest extends ServletServerHttpRequest {

		HeaderlessRequest(ServletServerHttpRequest request) {
			super(request.getServletRequest());
		}

		@Override
		public HttpHeaders getHeaders() {
			return HttpHeaders.EMPTY;
		}

	}

}
