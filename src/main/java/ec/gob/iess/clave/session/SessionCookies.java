package ec.gob.iess.clave.session;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;

/**
 * Two session cookies: people's ({@code server.servlet.session.cookie}, {@code __Host-clave}) everywhere but
 * the back office, and staff's ({@link #STAFF}, {@code SameSite=Strict}) under {@code /centro} only. A
 * person's session is therefore never even read by a {@code /centro} page, nor a staff session by the
 * people's pages, whatever else one browser holds (decision 81). Only where there is a web server: the
 * command line ({@code audit verify}) has neither cookies nor server settings.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SessionCookies {

	/** The staff pages' cookie. */
	static final String STAFF = "__Host-clave-centro";

	/** The back office's pages, as the security chain of {@code /centro} matches them. */
	static final String STAFF_PATH = "/centro";

	@Bean
	HttpSessionIdResolver httpSessionIdResolver(ServerProperties server) {
		Cookie people = server.getServlet().getSession().getCookie();
		CookieHttpSessionIdResolver peopleCookie = resolver(people.getName(), people, people.getSameSite() == null ? "Lax"
				: people.getSameSite().attributeValue());
		CookieHttpSessionIdResolver staffCookie = resolver(STAFF, people, "Strict");
		return new ByPath(peopleCookie, staffCookie);
	}

	private static CookieHttpSessionIdResolver resolver(String name, Cookie settings, String sameSite) {
		DefaultCookieSerializer serializer = new DefaultCookieSerializer();
		serializer.setCookieName(name);
		serializer.setCookiePath("/");
		serializer.setUseSecureCookie(settings.getSecure() == null || settings.getSecure());
		serializer.setUseHttpOnlyCookie(settings.getHttpOnly() == null || settings.getHttpOnly());
		serializer.setSameSite(sameSite);
		CookieHttpSessionIdResolver resolver = new CookieHttpSessionIdResolver();
		resolver.setCookieSerializer(serializer);
		return resolver;
	}

	static boolean staffPage(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals(STAFF_PATH) || path.startsWith(STAFF_PATH + "/");
	}

	private record ByPath(HttpSessionIdResolver people, HttpSessionIdResolver staff) implements HttpSessionIdResolver {

		@Override
		public List<String> resolveSessionIds(HttpServletRequest request) {
			return pick(request).resolveSessionIds(request);
		}

		@Override
		public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
			pick(request).setSessionId(request, response, sessionId);
		}

		@Override
		public void expireSession(HttpServletRequest request, HttpServletResponse response) {
			pick(request).expireSession(request, response);
		}

		private HttpSessionIdResolver pick(HttpServletRequest request) {
			return staffPage(request) ? staff : people;
		}
	}
}
