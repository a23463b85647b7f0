package ec.gob.iess.clave.demo;

import java.util.ArrayList;
import java.util.List;

import ec.gob.iess.clave.web.ClaveSettings;
import ec.gob.iess.demo.servicio.DemoService;
import ec.gob.iess.demo.servicio.DemoServiceSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With the demo data, once Clave serves, starts the two demo services of single sign-on (historia laboral on
 * 8090, préstamos on 8092) in this JVM, each with its own context and port, and stops them with Clave. Off
 * whenever the demo data is off ({@code clave.demo-data=false}, PostgreSQL, the tests), decision 116. A port
 * that is taken costs a warning, never Clave's start.
 */
@Component
@ConditionalOnWebApplication
class DemoServices implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DemoServices.class);

	private final DemoData demoData;
	private final ClaveSettings clave;
	private final List<DemoService> running = new ArrayList<>();

	DemoServices(DemoData demoData, ClaveSettings clave) {
		this.demoData = demoData;
		this.clave = clave;
	}

	@EventListener(ApplicationReadyEvent.class)
	synchronized void start() {
		if (!demoData.enabled() || !running.isEmpty()) {
			return;
		}
		start(DemoData.HISTORIA, DemoData.PRESTAMOS);
		start(DemoData.PRESTAMOS, DemoData.HISTORIA);
	}

	private void start(DemoData.DemoClient client, DemoData.DemoClient other) {
		String issuer = clave.baseUrl().toString();
		try {
			running.add(DemoService.start(new DemoServiceSettings(client.title(), client.clientId(), client.secret(),
					client.port(), issuer, issuer, client.cookieName(), other.title(), other.address())));
			log.info("Servicio de demostración «{}» en {}/", client.title(), client.address());
		}
		catch (RuntimeException e) {
			log.warn("Servicio de demostración «{}» no pudo iniciar en el puerto {}: {}", client.title(), client.port(),
					e.getMessage());
		}
	}

	/** How many demo services run. */
	synchronized int running() {
		return running.size();
	}

	@Override
	public synchronized void destroy() {
		running.forEach(DemoService::close);
		running.clear();
	}
}
