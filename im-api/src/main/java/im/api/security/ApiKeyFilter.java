package im.api.security;

import java.io.IOException;
import java.util.Map;

import im.core.apikey.ApiKeyCaller;
import im.core.apikey.ApiKeyScope;
import im.core.apikey.ApiKeyAuthenticator;
import im.core.audit.RefusedAttempts;
import im.core.error.DomainException;
import im.core.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Authenticates integrators by the API key in {@code X-Api-Key} and checks its scope and
 * rate limit, answering each refusal with its own problem detail. Not a bean: it runs in
 * the security chain of the integrator API only. Which scope a request needs follows from
 * its path.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Api-Key";

	private final ApiKeyAuthenticator keys;

	/** The scope each path prefix open to integrators needs. */
	private static final Map<String, ApiKeyScope> SCOPES = Map.of("/api/v1/push/", ApiKeyScope.PUSH,
			"/api/v1/admin/rooms", ApiKeyScope.ROOMS);

	private final HandlerExceptionResolver problems;

	private final RefusedAttempts refused;

	ApiKeyFilter(ApiKeyAuthenticator keys, HandlerExceptionResolver problems, RefusedAttempts refused) {
		this.keys = keys;
		this.problems = problems;
		this.refused = refused;
	}

	/**
	 * The requests this filter's chain serves: the push API, and any request that carries
	 * an API key.
	 */
	static RequestMatcher requests() {
		return (request) -> request.getRequestURI().startsWith("/api/v1/push/") || request.getHeader(HEADER) != null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = request.getHeader(HEADER);
		ApiKeyCaller caller = null;
		try {
			if (presented == null || presented.isBlank()) {
				throw new DomainException(ErrorCode.UNAUTHENTICATED, "Send an API key as '" + HEADER
						+ ": <key>'; administrators create keys at POST /api/v1/admin/api-keys.");
			}
			caller = this.keys.authenticate(presented.strip());
			ApiKeyScope required = SCOPES.entrySet()
				.stream()
				.filter((entry) -> request.getRequestURI().startsWith(entry.getKey()))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElseThrow(() -> new DomainException(ErrorCode.FORBIDDEN,
						"API keys reach the push API (/api/v1/push) and room management (/api/v1/admin/rooms) "
								+ "only; other operations take a user's access token."));
			if (!caller.scopes().contains(required)) {
				throw new DomainException(ErrorCode.FORBIDDEN,
						"The API key '" + caller.name() + "' lacks the scope '" + required.code() + "'.");
			}
		}
		catch (DomainException ex) {
			this.problems.resolveException(request, response, null, ex);
			// a key refused, not one over its rate: on the audit trail (never the key
			// itself)
			if (ex.errorCode() != ErrorCode.TOO_MANY_REQUESTS) {
				this.refused.record((caller != null) ? "api-key:" + caller.keyId() : "api-key (unknown)",
						"refused " + request.getMethod() + " " + request.getRequestURI() + ": " + ex.errorCode().code(),
						null, request.getRemoteAddr(), ex.errorCode().httpStatus());
			}
			return;
		}
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("api-key:" + caller.keyId(), null,
					caller.scopes()
						.stream()
						.map((scope) -> new SimpleGrantedAuthority("SCOPE_" + scope.code()))
						.toList()));
		chain.doFilter(request, response);
	}

}
