package ec.gob.iess.clave.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers of SECURITY.md 19, decided in one place for both writers: Spring Security's chains
 * (answers that reach them) and {@link ContainerAnswersValve} (every answer, also those Tomcat gives
 * itself before or outside the chains: a rejected path, {@code TRACE}, an unparseable request).
 */
final class SecurityHeaders {

	/** No inline script or style anywhere; nothing from other origins (SECURITY.md 19, 20). */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; "
			+ "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

	/** The pages that an emailed link opens, with its token in the address. */
	static final List<String> LINK_PAGES = List.of("/recuperar/enlace", "/desbloqueo/enlace", "/no-fui-yo", "/datos/enlace");

	static final String CACHE_CONTROL = "no-cache, no-store, max-age=0, must-revalidate";

	static final String HSTS = "max-age=31536000 ; includeSubDomains";

	private SecurityHeaders() {
	}

	/**
	 * {@code no-referrer} on the link pages (SECURITY.md 14) and the API; elsewhere {@code same-origin}:
	 * under {@code no-referrer} browsers send {@code Origin: null} with every form they post, which the
	 * same-origin check must refuse (decision 24). {@code path} is the request URI without context
	 * path; a path parameter ({@code ;jsessionid=…}) does not change the answer, and an unknown path
	 * (a request line Tomcat could not parse) gets the stricter one.
	 */
	static String referrerPolicy(String path) {
		if (path == null || path.isEmpty()) {
			// Tomcat could not read the request's target: it may have been a link page's.
			return "no-referrer";
		}
		String bare = path;
		int parameters = bare.indexOf(';');
		if (parameters >= 0) {
			bare = bare.substring(0, parameters);
		}
		return LINK_PAGES.contains(bare) || bare.startsWith("/api/") ? "no-referrer" : "same-origin";
	}

	/**
	 * Writes each header the answer does not have yet; those an earlier writer chose are kept. The
	 * valve runs this before the application, and Spring Security's writers leave a header that is
	 * already there: a page that needs another value must set it with {@code setHeader}, as the
	 * {@code Referrer-Policy} writer of the web chain does.
	 */
	static void addMissing(HttpServletRequest request, HttpServletResponse response) {
		String uri = request.getRequestURI();
		String path = uri == null ? null : uri.substring(Math.min(uri.length(), contextPath(request).length()));
		setIfMissing(response, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
		setIfMissing(response, "X-Content-Type-Options", "nosniff");
		setIfMissing(response, "X-Frame-Options", "DENY");
		setIfMissing(response, "Referrer-Policy", referrerPolicy(path));
		if (!response.containsHeader("Cache-Control")) {
			response.setHeader("Cache-Control", CACHE_CONTROL);
			setIfMissing(response, "Pragma", "no-cache");
			setIfMissing(response, "Expires", "0");
		}
		if (request.isSecure()) {
			setIfMissing(response, "Strict-Transport-Security", HSTS);
		}
	}

	private static String contextPath(HttpServletRequest request) {
		String contextPath = request.getContextPath();
		return contextPath == null ? "" : contextPath;
	}

	private static void setIfMissing(HttpServletResponse response, String name, String value) {
		if (!response.containsHeader(name)) {
			response.setHeader(name, value);
		}
	}
}
