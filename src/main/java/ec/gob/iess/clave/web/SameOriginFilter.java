package ec.gob.iess.clave.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses state-changing form posts that a browser marks as coming from another site, in addition
 * to the CSRF token (defence in depth, SECURITY.md 18). Browsers set {@code Origin} and
 * {@code Sec-Fetch-Site} themselves; a page on another site cannot forge them. The one accepted
 * origin is {@code clave.base-url}'s, never one derived from the request's Host.
 */
class SameOriginFilter extends OncePerRequestFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final ClaveSettings settings;

	SameOriginFilter(ClaveSettings settings) {
		this.settings = settings;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!SAFE_METHODS.contains(request.getMethod()) && crossSite(request)) {
			response.sendError(HttpServletResponse.SC_FORBIDDEN);
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean crossSite(HttpServletRequest request) {
		if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
			return true;
		}
		String origin = request.getHeader("Origin");
		if (origin == null) {
			return false;
		}
		// Only the configured site: the request's own scheme, Host and port are whatever its sender wrote.
		return !origin.equals(settings.origin());
	}
}
