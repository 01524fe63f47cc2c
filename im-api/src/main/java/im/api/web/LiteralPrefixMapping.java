package im.api.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's handler lookup, with each mapping first compared by the literal start of
 * its path.
 * <p>
 * Why: a request whose path has a variable in it ({@code POST /api/v1/push/rooms/{id}})
 * is matched against every one of the API's ninety-odd mappings in turn, and each
 * comparison starts with the HTTP method, read through the eight request wrappers of the
 * filter chain: a tenth of the server's CPU for a single push (docs/benchmarks.md, "The
 * push request"). A mapping whose path starts with text that the request's path does not
 * start with cannot match, whatever its other conditions say, so it is passed over after
 * one string comparison. Paths with percent-encoded characters or matrix variables are
 * compared as Spring always does: their decoded form is not the text compared here.
 */
class LiteralPrefixMapping extends RequestMappingHandlerMapping {

	/** The path being looked up on this thread, when it can be compared as text. */
	private static final ThreadLocal<String> LOOKING_UP = new ThreadLocal<>();

	/** Computed once per mapping, on its first lookup. */
	private final Map<RequestMappingInfo, String[]> literalStarts = new ConcurrentHashMap<>();

	@Override
	protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
		if (lookupPath.indexOf('%') >= 0 || lookupPath.indexOf(';') >= 0) {
			return super.lookupHandlerMethod(lookupPath, request);
		}
		LOOKING_UP.set(lookupPath);
		try {
			return super.lookupHandlerMethod(lookupPath, request);
		}
		finally {
			LOOKING_UP.remove();
		}
	}

	@Override
	protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
		String path = LOOKING_UP.get();
		if (path != null && !mayMatch(info, path)) {
			return null;
		}
		return super.getMatchingMapping(info, request);
	}

	/**
	 * Whether the path starts with the literal start of one of the mapping's patterns.
	 */
	private boolean mayMatch(RequestMappingInfo info, String path) {
		for (String start : this.literalStarts.computeIfAbsent(info, LiteralPrefixMapping::literalStarts)) {
			if (path.startsWith(start)) {
				return true;
			}
		}
		return false;
	}

	/** The literal start of each of the mapping's path patterns; "" when it has none. */
	private static String[] literalStarts(RequestMappingInfo info) {
		PathPatternsRequestCondition condition = info.getPathPatternsCondition();
		if (condition == null) {
			return new String[] { "" };
		}
		return condition.getPatterns()
			.stream()
			.map(PathPattern::getPatternString)
			.map((pattern) -> pattern.substring(0, literalLength(pattern)))
			.toArray(String[]::new);
	}

	/** How many characters the pattern starts with that a path must repeat. */
	private static int literalLength(String pattern) {
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '{' || c == '*' || c == '?') {
				return i;
			}
		}
		return pattern.length();
	}

}
