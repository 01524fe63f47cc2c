package im.api.admin;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import im.api.security.Actors;
import im.core.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every administrative action, whatever operation it is, in the audit trail once
 * it has been answered: who, what (method and route), on what (the route's variables),
 * from where, and the status, so refusals are on record too. Reading is not recorded.
 * Kept here, around every admin operation, rather than in each one, so that a new
 * operation cannot forget it. Request bodies are not recorded: they may carry passwords.
 */
@Component
class AdminAudit implements HandlerInterceptor {

	private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

	private final AuditLog audit;

	AdminAudit(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception failure) {
		if (READS.contains(request.getMethod())) {
			return;
		}
		Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		String action = request.getMethod() + " " + ((route != null) ? route : request.getRequestURI());
		int status = (failure != null && response.getStatus() < 400) ? 500 : response.getStatus();
		this.audit.record(Actors.of(SecurityContextHolder.getContext().getAuthentication()), action, target(request),
				request.getRemoteAddr(), status);
	}

	private static String target(HttpServletRequest request) {
		if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)
				|| variables.isEmpty()) {
			return null;
		}
		return variables.entrySet()
			.stream()
			.map((variable) -> variable.getKey() + "=" + variable.getValue())
			.sorted()
			.collect(Collectors.joining(","));
	}

}
