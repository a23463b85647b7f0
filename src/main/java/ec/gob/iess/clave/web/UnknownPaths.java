package ec.gob.iess.clave.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Addresses no page or call answers: only the static files' catch-all would take them, and it has
 * nothing there. Both chains let these through, so that they get the Spanish 404 page or
 * {@code 404 NOT_FOUND}, rather than a request to log in for a page that does not exist (decision 59).
 * Pages stay closed by default: anything a handler answers, or that cannot be told for sure (a known
 * path with another method, say), is not matched here and keeps its chain's rules.
 */
final class UnknownPaths implements RequestMatcher {

	private final ObjectProvider<HandlerMapping> mappings;

	UnknownPaths(ObjectProvider<HandlerMapping> mappings) {
		this.mappings = mappings;
	}

	@Override
	public boolean matches(HttpServletRequest request) {
		Object parsed = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
		ServletRequestPathUtils.parseAndCache(request);
		try {
			return mappings.orderedStream().noneMatch(mapping -> answers(mapping, request));
		}
		finally {
			if (parsed == null) {
				ServletRequestPathUtils.clearParsedRequestPath(request);
			}
			else {
				request.setAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE, parsed);
			}
		}
	}

	private static boolean answers(HandlerMapping mapping, HttpServletRequest request) {
		try {
			HandlerExecutionChain chain = mapping.getHandler(request);
			return chain != null && !(chain.getHandler() instanceof ResourceHttpRequestHandler);
		}
		catch (Exception e) {
			// e.g. a known path asked with another method: not unknown, so its rules apply.
			return true;
		}
	}
}
