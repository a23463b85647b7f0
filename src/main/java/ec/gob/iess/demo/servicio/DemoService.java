package ec.gob.iess.demo.servicio;

import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;

/**
 * A running demo service: its own application context and web server, no auto-configuration and no
 * configuration file (nothing of Clave's {@code application.yaml}, database or logging is touched).
 */
public final class DemoService implements AutoCloseable {

	private final AnnotationConfigServletWebServerApplicationContext context;

	private DemoService(AnnotationConfigServletWebServerApplicationContext context) {
		this.context = context;
	}

	public static DemoService start(DemoServiceSettings settings) {
		AnnotationConfigServletWebServerApplicationContext context = new AnnotationConfigServletWebServerApplicationContext();
		context.setId("demo-" + settings.clientId());
		context.registerBean(DemoServiceSettings.class, () -> settings);
		context.register(DemoServiceConfiguration.class);
		try {
			context.refresh();
		}
		catch (RuntimeException e) {
			context.close();
			throw e;
		}
		return new DemoService(context);
	}

	/** The port it listens on (the one asked for, or the free one found). */
	public int port() {
		return context.getWebServer().getPort();
	}

	public String address() {
		return "http://localhost:" + port();
	}

	@Override
	public void close() {
		context.close();
	}
}
