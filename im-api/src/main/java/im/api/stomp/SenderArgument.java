package im.api.stomp;

import im.api.security.CurrentUser;
import im.core.account.UserId;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.annotation.support.MissingSessionUserException;
import org.springframework.security.core.Authentication;

/**
 * A {@code UserId} parameter of a {@code @MessageMapping} method: the user who sent the
 * frame. Every {@code /app/...} destination is for users with an account
 * ({@code StompSecurityConfiguration}), whose authentication's name is their id.
 * <p>
 * Instead of a {@code Principal} parameter: Spring's resolver for one asks, for every
 * frame, whether the parameter is optional, which reads the parameter's annotations by
 * reflection each time (a twentieth of the server's CPU per chat message in a profile,
 * docs/benchmarks.md).
 */
final class SenderArgument implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == UserId.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, Message<?> message) {
		if (!(SimpMessageHeaderAccessor.getUser(message.getHeaders()) instanceof Authentication sender)) {
			throw new MissingSessionUserException(message);
		}
		return CurrentUser.id(sender);
	}

}
