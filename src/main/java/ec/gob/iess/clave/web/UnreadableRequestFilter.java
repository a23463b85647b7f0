package ec.gob.iess.clave.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Reads the parameters first, before anything else asks for them: a query or form that Tomcat
 * cannot parse (a broken percent-escape, more than {@code maxParameterCount} parameters, a form
 * body past {@code max-http-form-post-size}) is answered 400 here, once, instead of failing later
 * inside whatever filter or controller asks first (a 500, with the raw value in the logged
 * message). Nothing of the request is logged: its values may be a link's token (SECURITY.md 20, 21).
 * <p>
 * A multipart body is taken only where a form uploads a file ({@link Uploads#FINGERPRINT}); anywhere
 * else it is 400 before anything parses it. There it is parsed here, first, so that a body without
 * boundary, cut short or past its size is 400 too, and the form's fields (its CSRF token among them)
 * are parameters for Spring Security's filters after this one (decision 88).
 */
class UnreadableRequestFilter extends OncePerRequestFilter {

	private static final PathPattern UPLOAD = PathPatternParser.defaultInstance.parse(Uploads.FINGERPRINT);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (multipart(request) && !readParts(request)) {
			response.sendError(HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		try {
			request.getParameterMap();
		}
		catch (IllegalStateException e) {
			// Tomcat's InvalidParameterException; its message quotes the values, so it goes nowhere.
			response.sendError(HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean multipart(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.strip().toLowerCase(Locale.ROOT).startsWith("multipart/");
	}

	/** Parses the parts of an upload; false for a multipart body elsewhere, or one that cannot be parsed. */
	private static boolean readParts(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!"POST".equals(request.getMethod()) || !UPLOAD.matches(PathContainer.parsePath(path))) {
			return false;
		}
		try {
			request.getParts();
			return true;
		}
		catch (IOException | ServletException | RuntimeException e) {
			// No boundary, cut short, past max-file-size or max-request-size, too many parts: the
			// messages may quote the body, so they go nowhere either.
			return false;
		}
	}
}
