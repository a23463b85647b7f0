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
 * {@code Sec-Fetch-Site} themselves; a page on another site cannot forge them.
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
		if (origin.equals(settings.origin())) {
			return false;
		}
		String self = request.getScheme() + "://" + request.getServerName()
				+ (isDefaultPort(request) ? "" : ":" + request.getServerPort());
		return !origin.equals(self);
	}

	private static boolean isDefaultPort(HttpServletRequest request) {
		int port = request.getServerPort();
		return ("http".equals(request.getScheme()) && port == 80) || ("https".equals(request.getScheme()) && port == 443);
	}
}
