package ec.gob.iess.clave.web;

import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The language of the pages: Spanish, whatever the browser's Accept-Language says, unless the person
 * picks English with the switch in the header ({@code ?lang=en}, {@code ?lang=es} back), remembered in
 * a cookie. Only these two exist: any other value, in the parameter or the cookie, is Spanish. The
 * page's {@code <html lang>} and {@code Content-Language} follow the resolved language (decision 60).
 */
@Configuration(proxyBeanMethods = false)
class Languages implements WebMvcConfigurer {

	static final Locale SPANISH = Locale.forLanguageTag("es");
	static final Locale ENGLISH = Locale.forLanguageTag("en");
	static final String PARAMETER = "lang";
	static final String COOKIE = "__Host-clave-idioma";

	/** Replaces Boot's {@code localeResolver}, which would follow the browser's Accept-Language. */
	@Bean
	LocaleResolver localeResolver() {
		CookieLocaleResolver resolver = new CookieLocaleResolver(COOKIE) {

			@Override
			public Locale resolveLocale(HttpServletRequest request) {
				return supported(super.resolveLocale(request));
			}

			@Override
			public LocaleContext resolveLocaleContext(HttpServletRequest request) {
				return new SimpleLocaleContext(resolveLocale(request));
			}
		};
		resolver.setDefaultLocale(SPANISH);
		resolver.setCookieSecure(true);
		resolver.setCookieHttpOnly(true);
		resolver.setCookieSameSite("Lax");
		resolver.setCookieMaxAge(Duration.ofDays(365));
		return resolver;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new LanguageSwitch()).excludePathPatterns("/api/**");
	}

	/** The language a parameter or cookie names, if Clave has it; Spanish otherwise. */
	static Locale supported(Locale locale) {
		return locale != null && ENGLISH.getLanguage().equals(locale.getLanguage()) ? ENGLISH : SPANISH;
	}

	/**
	 * A parameter of a request whose parameters may be unreadable (too large, malformed: the 400 page
	 * that says so is rendered with this layout too), or null.
	 */
	static String parameter(HttpServletRequest request, String name) {
		try {
			return request.getParameter(name);
		}
		catch (IllegalStateException unreadable) {
			return null;
		}
	}

	/** {@code ?lang=es|en} on any page; anything else is ignored. */
	private static final class LanguageSwitch implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			String chosen = parameter(request, PARAMETER);
			LocaleResolver resolver = RequestContextUtils.getLocaleResolver(request);
			if (resolver != null && ("es".equals(chosen) || "en".equals(chosen))) {
				resolver.setLocale(request, response, Locale.forLanguageTag(chosen));
			}
			return true;
		}
	}
}
