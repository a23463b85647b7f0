package ec.gob.iess.clave.web;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.RelativeRedirectFilter;

/**
 * What runs before Spring's own filters or outside them: the container's answers
 * ({@link ContainerAnswersValve}), the parameter check ({@link UnreadableRequestFilter}) and
 * redirects that name a path, never a host (SECURITY.md 13).
 */
@Configuration(proxyBeanMethods = false)
class ContainerConfiguration {

	/** Right after the character encoding filter (which must come first so forms decode as UTF-8). */
	static final int FIRST = Ordered.HIGHEST_PRECEDENCE + 1;

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerAnswers(Problems problems, MessageSource messages) {
		return new ContainerAnswersCustomizer(problems, messages);
	}

	@Bean
	FilterRegistrationBean<UnreadableRequestFilter> unreadableRequestFilter() {
		FilterRegistrationBean<UnreadableRequestFilter> registration = new FilterRegistrationBean<>(
				new UnreadableRequestFilter());
		registration.setOrder(FIRST);
		return registration;
	}

	/**
	 * {@code sendRedirect("/x")} answers {@code Location: /x} as given: Tomcat would otherwise make it
	 * absolute from the request's Host (always with Boot's defaults, and for HTTP/1.0 whatever
	 * {@code use-relative-redirects} says). 302 as before, not the filter's default 303.
	 */
	@Bean
	FilterRegistrationBean<RelativeRedirectFilter> relativeRedirectFilter() {
		RelativeRedirectFilter filter = new RelativeRedirectFilter();
		filter.setRedirectStatus(HttpStatus.FOUND);
		FilterRegistrationBean<RelativeRedirectFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(FIRST + 1);
		return registration;
	}

	/**
	 * Runs after Boot's own customizer, which adds an {@link ErrorReportValve} to the host: that one is
	 * removed, and the host told that ours is its error report valve, so that it adds no other.
	 */
	private record ContainerAnswersCustomizer(Problems problems, MessageSource messages)
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers(context -> {
				Container host = context.getParent();
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				if (host instanceof StandardHost standardHost) {
					standardHost.setErrorReportValveClass(ContainerAnswersValve.class.getName());
				}
				host.getPipeline().addValve(new ContainerAnswersValve(problems, messages));
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}
	}
}
