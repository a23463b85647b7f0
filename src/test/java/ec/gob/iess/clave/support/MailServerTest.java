package ec.gob.iess.clave.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that read what Clave mailed: one real SMTP server (GreenMail) per test
 * JVM, which the application sends to. Every subclass with no other settings of its own shares one
 * application context (the same property source method is part of each one's context key); the server
 * lives as long as the JVM, like the cached contexts that send to it, so it is never stopped in between.
 * Tests tell their messages apart by address: each uses addresses of its own (a fresh cédula, a
 * timestamp).
 */
public abstract class MailServerTest {

	protected static final TestMailServer SMTP = new TestMailServer().start();

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		SMTP.register(registry);
	}
}
