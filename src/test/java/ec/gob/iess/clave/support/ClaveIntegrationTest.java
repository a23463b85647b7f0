package ec.gob.iess.clave.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The real application on a real database (H2 or PostgreSQL, see {@link TestDatabase}) and a real
 * port. Every test class with this annotation shares one application context per database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"clave.demo-data=false", "clave.staff.totp-required=false",
		"clave.bootstrap.admin-username=" + TestFixtures.ADMIN, "clave.bootstrap.admin-password=" + TestFixtures.ADMIN_PASSWORD,
		"clave.bootstrap.admin-totp-secret=" + TestFixtures.ADMIN_TOTP,
		"clave.base-url=" + TestFixtures.SITE,
		// Tests log in very often from one address; the limits themselves are tested in their own context.
		"clave.rate-limit.login-source.limit=1000000", "clave.rate-limit.login-account.limit=1000000",
		"clave.rate-limit.login-failure-source.limit=1000000", "clave.rate-limit.login-clave.limit=1000000",
		// For the same reason the captcha stays at level 0 here; its levels are tested in their own context.
		"clave.captcha.free-attempts=1000000",
		// Mail leaves within a tenth of a second, so the many tests that wait for one wait less; the pause
		// between two looks at the outbox is not what any of them tests.
		"clave.mail.dispatch-interval=100ms" })
@ContextConfiguration(initializers = TestDatabase.class)
@Import(TestClockConfiguration.class)
public @interface ClaveIntegrationTest {
}
