package im.api.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import im.core.account.UserId;
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

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Authenticates integrators by the API key in {@code X-Api-Key} and checks its scope and
 * rate limit, answering each refusal with its own problem detail. Not a bean: it runs in
 * the security chain of the integrator API only. Which scope a request needs follows from
 * its method and path ({@link #ROUTES}); a bot's key (scope {@code messages}) acts as the
 * bot, a user of the conversations it is a member of.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Api-Key";

	/** The authority of a request made with a bot's key. */
	static final String BOT = "ROLE_BOT";

	/** What each scope reaches: the first route that matches decides. */
	private static final List<Route> ROUTES = List.of(new Route(ApiKeyScope.PUSH, null, "/api/v1/push/**"),
			new Route(ApiKeyScope.ROOMS, null, "/api/v1/admin/rooms"),
			new Route(ApiKeyScope.ROOMS, null, "/api/v1/admin/rooms/**"),
			new Route(ApiKeyScope.USERS_READ, HttpMethod.GET, "/api/v1/directory/users"),
			new Route(ApiKeyScope.MESSAGES, HttpMethod.GET, "/api/v1/conversations"),
			new Route(ApiKeyScope.MESSAGES, HttpMethod.GET, "/api/v1/conversations/{id}"),
			new Route(ApiKeyScope.MESSAGES, HttpMethod.GET, "/api/v1/conversations/{id}/members"),
			new Route(ApiKeyScope.MESSAGES, HttpMethod.GET, "/api/v1/conversations/{id}/messages"),
			new Route(ApiKeyScope.MESSAGES, HttpMethod.POST, "/api/v1/conversations/{id}/messages"),
			new Route(ApiKeyScope.MESSAGES, HttpMethod.PATCH, "/api/v1/conversations/{id}/messages/{seq}"),
			new Route(ApiKeyScope.MESSAGES, HttpMethod.DELETE, "/api/v1/conversations/{id}/messages/{seq}"),
			new Route(ApiKeyScope.MESSAGES, HttpMethod.POST, "/api/v1/conversations/{id}/read"),
			new Route(ApiKeyScope.MESSAGES, HttpMethod.POST, "/api/v1/media"),
			new Route(ApiKeyScope.MESSAGES, HttpMethod.GET, "/api/v1/media/**"));

	private final ApiKeyAuthenticator keys;

	private final HandlerExceptionResolver problems;

	private final RefusedAttempts refused;

	private final RevokedTokens standings;

	ApiKeyFilter(ApiKeyAuthenticator keys, HandlerExceptionResolver problems, RefusedAttempts refused,
			RevokedTokens standings) {
		this.keys = keys;
		this.problems = problems;
		this.refused = refused;
		this.standings = standings;
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
			ApiKeyScope required = ROUTES.stream()
				.filter((route) -> route.matcher().matches(request))
				.map(Route::scope)
				.findFirst()
				.orElseThrow(() -> new DomainException(ErrorCode.FORBIDDEN,
						"API keys reach the push API (/api/v1/push), room management (/api/v1/admin/rooms), the "
								+ "user directory (/api/v1/directory/users) and, with a bot's key, the bot's "
								+ "conversations and media; other operations take a user's access token."));
			if (!caller.scopes().contains(required)) {
				throw new DomainException(ErrorCode.FORBIDDEN,
						"The API key '" + caller.name() + "' lacks the scope '" + required.code() + "'.");
			}
			if (required == ApiKeyScope.MESSAGES && this.standings.banned(new UserId(caller.botId()))) {
				throw new DomainException(ErrorCode.ACCOUNT_BANNED,
						"This bot is banned; its key works again once an administrator lifts the ban.");
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
		SecurityContextHolder.getContext().setAuthentication(authentication(caller));
		chain.doFilter(request, response);
	}

	/**
	 * A bot's key stands for the bot (its name is the bot's user id, as a user's token's
	 * is); any other key for itself.
	 */
	private static Authentication authentication(ApiKeyCaller caller) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		caller.scopes().forEach((scope) -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope.code())));
		if (caller.botId() != null) {
			authorities.add(new SimpleGrantedAuthority(BOT));
			return UsernamePasswordAuthenticationToken.authenticated(caller.botId().toString(), null, authorities);
		}
		return UsernamePasswordAuthenticationToken.authenticated("api-key:" + caller.keyId(), null, authorities);
	}

	/** Requests with this method (any when null) and path need the scope. */
	private record Route(ApiKeyScope scope, RequestMatcher matcher) {

		Route(ApiKeyScope scope, HttpMethod method, String pattern) {
			this(scope, PathPatternRequestMatcher.pathPattern(method, pattern));
		}

	}

}
