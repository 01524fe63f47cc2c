package im.api.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers 401 and 403 from the security filters with the same problem details as every
 * other error: the bearer handlers set {@code WWW-Authenticate} (RFC 6750), then the
 * exception is handed to the MVC exception handling that writes the body.
 */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final AuthenticationEntryPoint bearerHeaders = new BearerTokenAuthenticationEntryPoint();

	private final AccessDeniedHandler bearerDeniedHeaders = new BearerTokenAccessDeniedHandler();

	private final HandlerExceptionResolver resolver;

	ProblemSecurityHandlers(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException, jakarta.servlet.ServletException {
		this.bearerHeaders.commence(request, response, authException);
		this.resolver.resolveException(request, response, null, authException);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException, jakarta.servlet.ServletException {
		this.bearerDeniedHeaders.handle(request, response, accessDeniedException);
		this.resolver.resolveException(request, response, null, accessDeniedException);
	}

}
