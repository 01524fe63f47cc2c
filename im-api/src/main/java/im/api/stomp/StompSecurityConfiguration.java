package im.api.stomp;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.socket.EnableWebSocketSecurity;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;

/**
 * Who may send and subscribe where. Everything not named here is refused, so a new
 * destination is closed until a rule opens it.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketSecurity
class StompSecurityConfiguration {

	@Bean
	AuthorizationManager<Message<?>> messageAuthorizationManager(
			MessageMatcherDelegatingAuthorizationManager.Builder messages) {
		return messages
			.simpTypeMatchers(SimpMessageType.CONNECT, SimpMessageType.HEARTBEAT, SimpMessageType.UNSUBSCRIBE,
					SimpMessageType.DISCONNECT)
			.permitAll()
			// guests (no account) may follow live rooms, and nothing else
			.simpSubscribeDestMatchers("/topic/rooms/*")
			.authenticated()
			.simpSubscribeDestMatchers("/user/queue/**")
			.hasRole("USER")
			.simpMessageDestMatchers("/app/chat.send", "/app/chat.read", "/app/chat.recall", "/app/chat.edit",
					"/app/chat.react", "/app/chat.typing", "/app/call.start", "/app/call.join", "/app/call.reject",
					"/app/call.leave", "/app/call.signal", "/app/rooms.comment")
			.hasRole("USER")
			.anyMessage()
			.denyAll()
			.build();
	}

	/**
	 * Replaces Security's CSRF check on CONNECT (the bean name is what Security looks
	 * for). The CONNECT frame carries a bearer token, which a cross-site page cannot
	 * forge, and the handshake itself is limited to the allowed origins.
	 */
	@Bean
	ChannelInterceptor csrfChannelInterceptor() {
		return new ChannelInterceptor() {
			@Override
			public Message<?> preSend(Message<?> message, MessageChannel channel) {
				return message;
			}
		};
	}

}
