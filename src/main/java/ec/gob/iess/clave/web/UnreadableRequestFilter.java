package ec.gob.iess.clave.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the parameters first, before anything else asks for them: a query or form that Tomcat
 * cannot parse (a broken percent-escape, more than {@code maxParameterCount} parameters, a form
 * body past {@code max-http-form-post-size}) is answered 400 here, once, instead of failing later
 * inside whatever filter or controller asks first (a 500, with the raw value in the logged
 * message). Nothing of the request is logged: its values may be a link's token (SECURITY.md 20, 21).
 */
class UnreadableRequestFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
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
}
