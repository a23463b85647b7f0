package ec.gob.iess.clave.web;

import ec.gob.iess.clave.refusal.RefusalCode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * Outermost, before Spring Session's filter: when the database cannot be reached in a filter (the
 * session repository, a bearer token's lookup) or anywhere else, the answer is a prompt 503 with
 * Retry-After instead of a 500 or the container's page. The error page is rendered here without a
 * controller, so nothing on the way (the layout asking who is signed in) touches the database again.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class DatabaseOutageFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

	private final Problems problems;
	private final ObjectProvider<ThymeleafViewResolver> views;
	private final ObjectProvider<LocaleResolver> locales;

	DatabaseOutageFilter(Problems problems, ObjectProvider<ThymeleafViewResolver> views,
			ObjectProvider<LocaleResolver> locales) {
		this.problems = problems;
		this.views = views;
		this.locales = locales;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException e) {
			if (!DatabaseUnavailable.causedBy(e) || response.isCommitted()) {
				throw e;
			}
			log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
			response.reset();
			answer(request, response);
		}
	}

	private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (RequestOrigins.isApi(request)) {
			problems.write(response, RefusalCode.UNAVAILABLE, DatabaseUnavailable.RETRY_AFTER_SECONDS);
			return;
		}
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
		// The application's locale resolution (Spanish unless the person chose English), as in a controller,
		// and the header that names it, as DispatcherServlet would set it.
		LocaleResolver localeResolver = locales.getObject();
		request.setAttribute(DispatcherServlet.LOCALE_RESOLVER_ATTRIBUTE, localeResolver);
		Locale locale = localeResolver.resolveLocale(request);
		response.setLocale(locale);
		try {
			views.getObject().resolveViewName("error", locale)
				.render(Map.of("status", 503, "code", RefusalCode.UNAVAILABLE.name(), "signedIn", false), request, response);
		}
		catch (Exception e) {
			throw new IOException("could not render the error page", e);
		}
	}
}
