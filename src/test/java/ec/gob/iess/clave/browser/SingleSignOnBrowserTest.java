package ec.gob.iess.clave.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.portal.ServiceCatalog;
import ec.gob.iess.clave.sso.ClientRegistrations;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.demo.servicio.DemoService;
import ec.gob.iess.demo.servicio.DemoServiceSettings;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on as a person lives it, with the demo services the demo data starts (Spring Security OAuth2
 * clients in their own contexts, here on free ports with clients this test registers): the menu launches a
 * service, which signs the person in through Clave; a second service lets them in without the clave; Salir
 * in one ends Clave's session and, by back-channel logout, the other's.
 */
class SingleSignOnBrowserTest extends BrowserTestSupport {

	private static final Origin ADMIN = Origin.staff("pruebas", null, Channel.COUNTER, null);
	private static final String MENU_ENTRY = "certificado-afiliacion";

	@Autowired
	ClientRegistrations registrations;

	@Autowired
	ServiceCatalog catalog;

	@Test
	void aPersonMovesBetweenTwoServicesWithOneClaveAndLeavesBoth() {
		ServiceCatalog.ServiceEntry before = catalog.all().stream().filter(e -> e.code().equals(MENU_ENTRY)).findFirst()
			.orElseThrow();
		try (DemoService historia = service("Historia laboral (demostración)", "historia-navegador", "Préstamos (demostración)", null);
				DemoService prestamos = service("Préstamos (demostración)", "prestamos-navegador", "Historia laboral (demostración)",
						historia.address())) {
			register("historia-navegador", historia);
			register("prestamos-navegador", prestamos);
			registrations.launchFromMenu("historia-navegador", MENU_ENTRY, historia.address() + DemoServiceSettings.START, ADMIN);
			String cedula = api.activePerson(api.agent());

			browser.open("/ingresar");
			browser.type("Número de cédula", cedula);
			browser.type("Clave", TestFixtures.GOOD_CLAVE);
			browser.press("Ingresar");
			browser.follow("Certificado de afiliación");
			assertThat(browser.url()).startsWith(historia.address() + DemoServiceSettings.START);
			assertThat(browser.textOf("estado")).startsWith("Hola,").contains("sin escribirla");
			assertThat(browser.text()).contains("roles", "AFILIADO").doesNotContain(cedula);

			// The other service, never visited: Clave lets the person in without the clave.
			browser.open(prestamos.address() + "/");
			assertThat(browser.textOf("estado")).isEqualTo("Usted no ha ingresado a este servicio.");
			browser.follow("Ingresar con su clave del IESS");
			assertThat(browser.url()).startsWith(prestamos.address() + DemoServiceSettings.START);
			assertThat(browser.textOf("estado")).startsWith("Hola,");

			browser.open(historia.address() + "/");
			assertThat(browser.textOf("estado")).as("still in the first service").startsWith("Hola,");
			browser.open(prestamos.address() + "/");
			browser.press("Salir");
			assertThat(browser.url()).isEqualTo(prestamos.address() + "/");
			assertThat(browser.textOf("estado")).isEqualTo("Usted no ha ingresado a este servicio.");
			browser.open("/servicios");
			assertThat(browser.url()).as("Clave's session ended too").contains("/ingresar");

			// Historia laboral hears it by back-channel logout, within a few seconds.
			Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
			do {
				browser.open(historia.address() + "/");
			}
			while (!browser.textOf("estado").startsWith("Usted no ha ingresado") && Instant.now().isBefore(deadline));
			assertThat(browser.textOf("estado")).isEqualTo("Usted no ha ingresado a este servicio.");
		}
		finally {
			registrations.remove("historia-navegador", ADMIN);
			registrations.remove("prestamos-navegador", ADMIN);
			catalog.update(MENU_ENTRY, before.roles(), before.url(), ADMIN);
		}
	}

	private static DemoService service(String title, String clientId, String otherTitle, String otherAddress) {
		return DemoService.start(new DemoServiceSettings(title, clientId, "secreto-de-prueba-del-servicio-" + clientId, 0, BASE,
				BASE, "DEMO_" + clientId.replace('-', '_').toUpperCase(), otherTitle, otherAddress));
	}

	private void register(String clientId, DemoService service) {
		registrations.register(new ClientRegistrations.Registration(clientId, clientId,
				List.of(service.address() + DemoServiceSettings.CALLBACK), List.of(service.address() + "/"),
				service.address() + DemoServiceSettings.BACK_CHANNEL_LOGOUT, List.of("openid", "profile", "email", "roles"),
				List.of("AFILIADO", "PENSIONISTA"), "secreto-de-prueba-del-servicio-" + clientId));
	}
}
