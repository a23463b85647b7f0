package ec.gob.iess.clave.browser;

import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages outside the self-service flows, reached as a person reaches them: the entry page in Spanish
 * and in English, Ingresar and its refusals, Cambio de clave, the acuerdo, the services menu and an
 * unknown address, logged out and logged in. Every page
 * is checked by {@link Browser} (axe at phone and desktop size, double text size on the phone).
 */
class PublicPagesBrowserTest extends BrowserTestSupport {

	@Test
	void aVisitorFindsEveryDoorFromTheEntryPageAndIsToldWhatWentWrong() {
		String cedula = api.activePerson(api.agent());

		browser.open("/");
		assertThat(browser.text()).contains("Asegurados", "Empleadores");
		browser.follow("English");
		assertThat(browser.text()).contains("Insured persons", "Employers");
		browser.follow("Español");
		assertThat(browser.text()).contains("Asegurados", "Empleadores");
		browser.open("/una/direccion/que-no-existe");
		assertThat(browser.text()).contains("Página no encontrada", "La página que busca no existe o fue movida.");
		browser.follow("Volver a Trámites virtuales");
		browser.follow("Ingresar");
		browser.press("Ingresar");
		assertThat(browser.text()).contains("Revise los datos");
		browser.type("Número de cédula", cedula);
		browser.type("Clave", "una clave equivocada cualquiera");
		browser.press("Ingresar");
		// The form itself answers: no redirect, the number as typed.
		assertThat(browser.url()).isEqualTo(BASE + "/ingresar");
		assertThat(browser.text()).contains("Número de cédula o clave incorrectos.", "Si olvidó su clave o está bloqueada, puede:");
		assertThat(browser.field("Número de cédula").getAttribute("value")).isEqualTo(cedula);
		browser.follow("Cambio de clave");
		browser.press("Cambiar clave");
		assertThat(browser.text()).contains("Revise los datos");
		browser.type("Número de cédula o RUC", cedula);
		browser.type("Clave actual", TestFixtures.GOOD_CLAVE);
		chooseClave(NEW_CLAVE);
		browser.press("Cambiar clave");
		assertThat(browser.text()).contains("Su clave fue cambiada. Ingrese con su nueva clave.");

		browser.open("/ingresar?tipo=empleador");
		assertThat(browser.field("RUC")).isNotNull();
		browser.open("/recuperar?tipo=empleador");
		browser.open("/desbloqueo?tipo=empleador");
		browser.open("/cambio-clave?tipo=empleador");
		browser.open("/acuerdo");
		assertThat(browser.title()).isEqualTo("Acuerdo de uso de clave");
	}

	@Test
	void aPersonWithATemporaryClaveChangesItAndReachesTheirServices() {
		String agent = api.agent();
		String cedula = api.registerPerson(agent);
		String temporary = api.temporaryClave(agent, cedula);

		browser.open("/ingresar");
		browser.type("Número de cédula", cedula);
		browser.type("Clave", temporary);
		browser.press("Ingresar");
		assertThat(browser.title()).isEqualTo("Cambio de clave");
		// The temporary clave was just typed: it is not asked again (decision 64).
		assertThat(browser.text()).contains("No hace falta volver a escribir la clave temporal.", "Cédula: " + cedula);
		assertThat(browser.hasField("Clave actual")).isFalse();
		browser.type("Nueva clave", "corta");
		browser.type("Confirmar nueva clave", "corta");
		browser.press("Cambiar clave");
		assertThat(browser.text()).contains("Revise los datos");
		assertThat(browser.hasField("Clave actual")).isFalse();
		chooseClave(NEW_CLAVE);
		browser.press("Cambiar clave");
		assertThat(browser.text()).contains("Su clave fue cambiada.", "Servicios en línea");
		browser.open("/acuerdo");
		browser.open("/una/direccion/que-no-existe");
		assertThat(browser.text()).contains("Página no encontrada");
		browser.follow("Volver a Trámites virtuales");
		browser.press("Salir");
		assertThat(browser.text()).contains("Su sesión terminó");
	}
}
