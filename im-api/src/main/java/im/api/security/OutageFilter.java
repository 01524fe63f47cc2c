package im.api.security;

import java.io.IOException;

import im.core.error.Outage;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers a request whose authentication needed the database while it was not answering
 * (a token's standing, read at most every few seconds per user) as
 * {@code service-unavailable} (503, {@code Retry-After}), as a controller's request is
 * answered: the failure happens in the security filters, past the MVC exception handling,
 * where it would otherwise end as an opaque 500.
 */
class OutageFilter extends OncePerRequestFilter {

	private final HandlerExceptionResolver resolver;

	OutageFilter(HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException ex) {
			if (!Outage.explains(ex) || response.isCommitted()) {
				throw ex;
			}
			this.resolver.resolveException(request, response, null, ex);
		}
	}

}
