package im.api.stomp;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Refuses a handshake whose Origin is no URL at all, such as
 * {@code http://host:8080.evil.example}, with 403, as any origin that is not allowed.
 * Spring's origin check, which runs after this, fails on such a header with an exception
 * of its URL parser (an {@code IllegalArgumentException}), and the client got a 500.
 */
class ReadableOrigins implements HandshakeInterceptor {

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
		if (origin == null) {
			return true;
		}
		try {
			UriComponentsBuilder.fromUriString(origin);
			return true;
		}
		catch (IllegalArgumentException ex) {
			response.setStatusCode(HttpStatus.FORBIDDEN);
			return false;
		}
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
