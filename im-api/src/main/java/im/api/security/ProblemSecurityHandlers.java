package im.api.security;

import java.io.IOException;

import im.core.audit.RefusedAttempts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers 401 and 403 from the security filters with the same problem details as every
 * other error: the bearer handlers set {@code WWW-Authenticate} (RFC 6750), then the
 * exception is handed to the MVC exception handling that writes the body. A refused
 * attempt at an administrative operation goes on the audit trail
 * ({@link RefusedAttempts}).
 */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final AuthenticationEntryPoint bearerHeaders = new BearerTokenAuthenticationEntryPoint();

	private final AccessDeniedHandler bearerDeniedHeaders = new BearerTokenAccessDeniedHandler();

	private static final String ADMIN_API = "/api/v1/admin/";

	private final HandlerExceptionResolver resolver;

	private final RefusedAttempts refused;

	ProblemSecurityHandlers(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver,
			RefusedAttempts refused) {
		this.resolver = resolver;
		this.refused = refused;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException, jakarta.servlet.ServletException {
		this.bearerHeaders.commence(request, response, authException);
		this.resolver.resolveException(request, response, null, authException);
		audit(request, response);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException, jakarta.servlet.ServletException {
		this.bearerDeniedHeaders.handle(request, response, accessDeniedException);
		this.resolver.resolveException(request, response, null, accessDeniedException);
		audit(request, response);
	}

	private void audit(HttpServletRequest request, HttpServletResponse response) {
		if (request.getRequestURI().startsWith(ADMIN_API)) {
			this.refused.record(Actors.of(SecurityContextHolder.getContext().getAuthentication()),
					"refused " + request.getMethod() + " " + request.getRequestURI(), null, request.getRemoteAddr(),
					response.getStatus());
		}
	}

}
