package ec.gob.iess.clave.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.ValveBase;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Forwarded headers only from proxies named in the configuration. Tomcat's default list trusts every
 * private range (10/8, 172.16/12, 192.168/16, 127/8 …): any host there could rotate {@code X-Forwarded-For}
 * to reset per-source limits or pass for this machine. So with forwarding on, Clave refuses to start until
 * {@code server.tomcat.remoteip.internal-proxies} names the balancers; Spring's {@code framework} strategy,
 * which trusts every sender, is refused outright. Also keeps the connection's own peer address for
 * {@link RequestOrigins#fromThisMachine}, which no header may change.
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	static final String PEER_ADDRESS = TrustedProxies.class.getName() + ".peer";

	/** Headers by which a proxy says that it relayed the request. */
	static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Real-IP");

	static final String PROXIES = "server.tomcat.remoteip.internal-proxies";

	private final Environment environment;

	TrustedProxies(Environment environment) {
		this.environment = environment;
	}

	/** After Spring Boot's own customizer, which adds the {@link RemoteIpValve} when forwarding is on. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if ("framework".equalsIgnoreCase(environment.getProperty("server.forward-headers-strategy"))) {
			throw new IllegalStateException("server.forward-headers-strategy=framework trusts forwarded headers from "
					+ "anyone; use native with " + PROXIES + " set to a regular expression of the proxies' addresses");
		}
		boolean forwarding = factory.getEngineValves().stream().anyMatch(RemoteIpValve.class::isInstance);
		if (forwarding && !environment.containsProperty(PROXIES)) {
			throw new IllegalStateException("Forwarded headers are on (server.forward-headers-strategy=native, or a "
					+ "detected cloud platform) but " + PROXIES + " is not set: Tomcat would trust every private "
					+ "address as a proxy. Set it to a regular expression of the proxies' addresses, e.g. "
					+ "10\\.0\\.0\\.5|10\\.0\\.0\\.6");
		}
		factory.addEngineValves(new PeerAddressValve());
	}

	/** The TCP peer of the connection, whatever a {@link RemoteIpValve} later makes of the client address. */
	static final class PeerAddressValve extends ValveBase {

		PeerAddressValve() {
			super(true);
		}

		@Override
		public void invoke(Request request, Response response) throws IOException, ServletException {
			request.setAttribute(PEER_ADDRESS, request.getPeerAddr());
			getNext().invoke(request, response);
		}
	}
}
