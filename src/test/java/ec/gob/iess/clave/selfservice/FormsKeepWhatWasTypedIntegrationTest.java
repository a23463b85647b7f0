package ec.gob.iess.clave.selfservice;

import java.time.Duration;
import java.util.List;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.token.LinkPurpose;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.NEW_CLAVE;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, points 2 and 5: after a refusal every form keeps what was typed (never a clave), the error
 * summary takes the focus and links to its fields; the identity step of recovery can be corrected
 * without a new captcha a few times; the forced Cambio de clave right after a temporary-clave login does
 * not ask for that clave; the employers' pages say RUC and keep {@code tipo=empleador}. Driven by labels
 * without JavaScript.
 */
@ClaveIntegrationTest
// The same settings as the other page tests (one application context); recovery's tries per captcha are the
// default, 3, which the identity-step test counts on.
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0S",
		"clave.unlock.answer-time=PT0S", "clave.rate-limit.recovery-source.limit=100000",
		"clave.rate-limit.recovery-account.limit=100000", "clave.rate-limit.mail-source.limit=100000",
		"clave.rate-limit.mail-account.limit=100000", "clave.rate-limit.unlock-source.limit=100000",
		"clave.rate-limit.unlock-account.limit=100000" })
class FormsKeepWhatWasTypedIntegrationTest extends SelfServicePageTest {

	static final String WRONG_CLAVE = "una clave que no es la suya";

	@Autowired
	JdbcClient jdbc;

	/** The new clave twice and the acuerdo, as on every page where a clave is chosen. */
	static void chooseNewClave(HtmlPage page) {
		Pages.fill(page, "Nueva clave", NEW_CLAVE);
		Pages.fill(page, "Confirmar nueva clave", NEW_CLAVE);
		Pages.check(page, "He leído y acepto el acuerdo de uso de clave");
	}

	static String value(HtmlPage page, String label) {
		return ((HtmlInput) Pages.field(page, label)).getValue();
	}

	/** One focused summary per page, and each of its links names an element of the page. */
	static void assertSummaryLeadsToTheFields(HtmlPage page) {
		List<org.htmlunit.html.DomNode> focused = page.querySelectorAll("[autofocus]");
		assertThat(focused).hasSize(1);
		DomElement summary = page.getElementById("resumen-errores");
		assertThat(focused.get(0)).isSameAs(summary);
		assertThat(summary.getAttribute("tabindex")).isEqualTo("-1");
		for (DomElement link : summary.getElementsByTagName("a")) {
			String href = ((HtmlAnchor) link).getHrefAttribute();
			if (href.startsWith("#")) {
				assertThat(page.getElementById(href.substring(1))).as(href).isNotNull();
			}
		}
	}

	@Nested
	class Login {

		@Test
		void aFailureKeepsTheNumberButNotTheClave() {
			String cedula = api.activePerson(agent);
			HtmlPage page = open("/ingresar");
			Pages.fill(page, "Número de cédula", cedula);
			Pages.fill(page, "Clave", WRONG_CLAVE);

			HtmlPage refused = Pages.press(page, "Ingresar");

			assertThat(refused.asNormalizedText()).contains("Número de cédula o clave incorrectos");
			assertThat(value(refused, "Número de cédula")).isEqualTo(cedula);
			assertThat(value(refused, "Clave")).isEmpty();
			assertThat(refused.getWebResponse().getContentAsString()).doesNotContain(WRONG_CLAVE);
			assertSummaryLeadsToTheFields(refused);
			assertThat(refused.getAnchorByText("Desbloqueo de clave").getHrefAttribute()).isEqualTo("/desbloqueo");
		}

		@Test
		void everyKindOfFailureAnswersTheSamePageButForTheNumberTyped() {
			String active = api.activePerson(agent);
			String unknown = TestCedulas.next();

			String wrong = failedLoginPage(active);
			String nobody = failedLoginPage(unknown);

			assertThat(withoutToken(nobody).replace(unknown, "N")).isEqualTo(withoutToken(wrong).replace(active, "N"));
		}

		String failedLoginPage(String number) {
			HtmlPage page = open("/ingresar");
			Pages.fill(page, "Número de cédula", number);
			Pages.fill(page, "Clave", WRONG_CLAVE);
			return Pages.press(page, "Ingresar").getWebResponse().getContentAsString();
		}

		static String withoutToken(String html) {
			return html.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "name=\"_csrf\"");
		}

		@Test
		void aMalformedNumberIsLinkedFromTheSummaryToItsField() {
			HtmlPage page = open("/ingresar");
			Pages.fill(page, "Número de cédula", "1714307104");

			HtmlPage refused = Pages.press(page, "Ingresar");

			assertSummaryLeadsToTheFields(refused);
			assertThat(refused.getAnchorByText("El número de cédula no es válido.").getHrefAttribute()).isEqualTo("#username");
			assertThat(value(refused, "Número de cédula")).isEqualTo("1714307104");
		}
	}

	@Nested
	class Recovery {

		HtmlPage identityPage(String cedula) {
			HtmlPage start = open("/recuperar");
			Pages.fill(start, "Número de cédula", cedula);
			solveCaptcha(start);
			return Pages.press(start, "Buscar");
		}

		@Test
		void aCaptchaRefusalKeepsTheNumberAndLinksToTheCaptcha() {
			HtmlPage start = open("/recuperar");
			Pages.fill(start, "Número de cédula", "1710034065");
			leaveCaptchaUnticked(start);

			HtmlPage refused = Pages.press(start, "Buscar");

			assertThat(value(refused, "Número de cédula")).isEqualTo("1710034065");
			assertSummaryLeadsToTheFields(refused);
			assertThat(refused.getAnchorByText("Marque la casilla «No soy un robot».").getHrefAttribute()).isEqualTo("#captcha");
			assertThat(refused.getElementById("captcha").getAttribute("tabindex")).isEqualTo("-1");
		}

		@Test
		void wrongDataKeepCedulaDateAndCodeAndASecondTryWithoutANewCaptchaSucceeds() {
			String cedula = verifiedPerson(api, agent);
			HtmlPage identity = identityPage(cedula);
			Pages.fill(identity, "Fecha de nacimiento", "21/04/1958");
			Pages.fill(identity, "Código dactilar", "V4343V4243");

			HtmlPage again = Pages.press(identity, "Continuar");

			assertThat(again.getUrl().getPath()).isEqualTo("/recuperar/identidad");
			assertThat(again.asNormalizedText()).contains("Cédula: " + cedula, "Los datos no coinciden con nuestros registros",
					"código dactilar tal como están impresos en su cédula", "Centro de Atención Universal",
					"intentos restantes: 2").doesNotContain("No soy un robot».\n");
			assertThat(value(again, "Fecha de nacimiento")).isEqualTo("21/04/1958");
			assertThat(value(again, "Código dactilar")).isEqualTo("V4343V4243");
			assertThat(again.getElementsByName("captcha")).isEmpty();
			assertSummaryLeadsToTheFields(again);
			assertThat(again.getAnchorByText("¿No es su cédula? Empezar de nuevo").getHrefAttribute()).isEqualTo("/recuperar");

			Pages.fill(again, "Código dactilar", "V4343V4242");
			assertThat(Pages.press(again, "Continuar").asNormalizedText()).contains("Le enviamos un enlace");
		}

		@Test
		void anUnknownCedulaGetsTheSameIdentityFormAsWrongData() {
			String known = verifiedPerson(api, agent);
			String unknown = TestCedulas.next();

			String wrong = mismatch(known).replace(known, "N");
			String nobody = mismatch(unknown).replace(unknown, "N");

			assertThat(Login.withoutToken(nobody)).isEqualTo(Login.withoutToken(wrong));
		}

		String mismatch(String cedula) {
			HtmlPage identity = identityPage(cedula);
			Pages.fill(identity, "Fecha de nacimiento", "22/04/1958");
			Pages.fill(identity, "Código dactilar", "V4343V4242");
			return Pages.press(identity, "Continuar").getWebResponse().getContentAsString();
		}

		@Test
		void aMalformedCodeIsNamedOnItsFieldAndCostsNoTry() {
			String cedula = verifiedPerson(api, agent);
			HtmlPage identity = identityPage(cedula);
			Pages.fill(identity, "Fecha de nacimiento", "21/04/1958");
			Pages.fill(identity, "Código dactilar", "X12");

			HtmlPage again = Pages.press(identity, "Continuar");

			assertThat(again.getAnchorByText(
					"Escriba el código dactilar como aparece al reverso de la cédula: una letra y cuatro números, dos veces (por ejemplo V4343V4242).")
				.getHrefAttribute()).isEqualTo("#codigoDactilar");
			assertThat(value(again, "Código dactilar")).isEqualTo("X12");
			assertThat(again.asNormalizedText()).doesNotContain("intentos restantes");
		}

		@Test
		void afterTheTriesOfOneCaptchaTheFirstPageComesBackWithTheNumber() {
			String cedula = verifiedPerson(api, agent);
			HtmlPage page = identityPage(cedula);
			for (int i = 0; i < 3; i++) {
				Pages.fill(page, "Fecha de nacimiento", "22/04/1958");
				Pages.fill(page, "Código dactilar", "V4343V4242");
				page = Pages.press(page, "Continuar");
			}

			assertThat(page.asNormalizedText()).contains("Los datos no coinciden", "marque otra vez «No soy un robot»");
			assertThat(value(page, "Número de cédula")).isEqualTo(cedula);
			assertThat(open("/recuperar/identidad").getUrl().getPath()).isEqualTo("/recuperar");

			HtmlPage identity = identityPage(cedula);
			Pages.fill(identity, "Fecha de nacimiento", "21/04/1958");
			Pages.fill(identity, "Código dactilar", "V4343V4242");
			assertThat(Pages.press(identity, "Continuar").asNormalizedText()).contains("Le enviamos un enlace");
		}

		@Test
		void theLoginAfterANewClaveHasTheNumberFilledIn() {
			String cedula = verifiedPerson(api, agent);
			HtmlPage page = open("/recuperar/enlace?token=" + links.issue(cedula, LinkPurpose.RECOVERY, Duration.ofMinutes(15)));
			chooseNewClave(page);

			HtmlPage login = Pages.press(page, "Generar clave");

			assertThat(login.getUrl().toString()).endsWith("/ingresar?generada").doesNotContain(cedula);
			assertThat(value(login, "Número de cédula")).isEqualTo(cedula);
			assertThat(value(open("/ingresar"), "Número de cédula")).as("a flash, once").isEmpty();
		}
	}

	@Test
	void theUnlockStartKeepsTheNumberAfterARefusal() {
		HtmlPage start = open("/desbloqueo");
		Pages.fill(start, "Número de cédula", "1710034065");

		HtmlPage refused = Pages.press(start, "Desbloquear");

		assertThat(value(refused, "Número de cédula")).isEqualTo("1710034065");
		assertSummaryLeadsToTheFields(refused);
	}

	@Nested
	class CambioDeClave {

		@Test
		void aWeakClaveKeepsTheNumberAndTheCheckboxButNoClave() {
			String cedula = api.activePerson(agent);
			HtmlPage change = open("/cambio-clave");
			Pages.fill(change, "Número de cédula o RUC", cedula);
			Pages.fill(change, "Clave actual", GOOD_CLAVE);
			Pages.fill(change, "Nueva clave", "123456789012345");
			Pages.fill(change, "Confirmar nueva clave", "123456789012345");
			Pages.check(change, "He leído y acepto el acuerdo de uso de clave");

			HtmlPage refused = Pages.press(change, "Cambiar clave");

			assertThat(refused.asNormalizedText()).contains("La nueva clave es demasiado repetitiva");
			assertThat(value(refused, "Número de cédula o RUC")).isEqualTo(cedula);
			assertThat(((HtmlCheckBoxInput) Pages.field(refused, "He leído y acepto el acuerdo de uso de clave")).isChecked()).isTrue();
			assertThat(value(refused, "Clave actual")).isEmpty();
			assertThat(value(refused, "Nueva clave")).isEmpty();
			assertThat(value(refused, "Confirmar nueva clave")).isEmpty();
			assertSummaryLeadsToTheFields(refused);
			assertThat(refused.getAnchorByText("La nueva clave es demasiado repetitiva o predecible (por ejemplo 123456789012345).")
				.getHrefAttribute()).isEqualTo("#nuevaClave");
		}

		@Test
		void aChangeThatSendsToLoginFillsTheNumberIn() {
			String cedula = api.activePerson(agent);
			HtmlPage change = open("/cambio-clave");
			Pages.fill(change, "Número de cédula o RUC", cedula);
			Pages.fill(change, "Clave actual", GOOD_CLAVE);
			chooseNewClave(change);

			HtmlPage login = Pages.press(change, "Cambiar clave");

			assertThat(login.getUrl().toString()).endsWith("/ingresar?cambiada");
			assertThat(value(login, "Número de cédula")).isEqualTo(cedula);
		}

		HtmlPage loginWithTemporary(WebClient client, String cedula, String temporary) {
			HtmlPage page = Pages.open(client, api.base() + "/ingresar");
			Pages.fill(page, "Número de cédula", cedula);
			Pages.fill(page, "Clave", temporary);
			return Pages.press(page, "Ingresar");
		}

		int notices(String cedula) {
			return jdbc.sql("select count(*) from mail_outbox where kind = 'PASSWORD_CHANGED' and recipient = ?")
				.param(SelfServiceTestSupport.email(cedula)).query(Integer.class).single();
		}

		@Test
		void rightAfterATemporaryLoginOnlyTheNewClaveIsAskedAndTheNoticeIsSent() {
			String cedula = api.registerPerson(agent);
			SelfServiceTestSupport.verify(api, agent, cedula);
			String temporary = api.temporaryClave(agent, cedula);

			HtmlPage change = loginWithTemporary(browser, cedula, temporary);

			assertThat(change.getUrl().getPath()).isEqualTo("/cambio-clave");
			assertThat(change.asNormalizedText()).contains("Cédula: " + cedula).doesNotContain("Clave actual");
			chooseNewClave(change);
			HtmlPage services = Pages.press(change, "Cambiar clave");

			assertThat(services.getUrl().getPath()).isEqualTo("/servicios");
			assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
			assertThat(api.login(cedula, NEW_CLAVE).statusCode()).isEqualTo(200);
			assertThat(notices(cedula)).isOne();
			assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type = 'PASSWORD_CHANGED' and outcome = 'SUCCESS'")
				.param(cedula).query(Integer.class).single()).isOne();
		}

		@Test
		void tenMinutesAfterTheLoginTheTemporaryClaveIsAskedAgain() {
			String cedula = api.registerPerson(agent);
			String temporary = api.temporaryClave(agent, cedula);
			HtmlPage change = loginWithTemporary(browser, cedula, temporary);
			clock.advance(Duration.ofMinutes(11));
			chooseNewClave(change);

			HtmlPage again = Pages.press(change, "Cambiar clave");

			assertThat(again.asNormalizedText()).contains("escriba también su clave temporal");
			assertThat(api.status(agent, cedula)).isEqualTo("TEMPORAL");
			Pages.fill(again, "Clave actual", temporary);
			Pages.fill(again, "Nueva clave", NEW_CLAVE);
			Pages.fill(again, "Confirmar nueva clave", NEW_CLAVE);
			assertThat(Pages.press(again, "Cambiar clave").getUrl().getPath()).isEqualTo("/servicios");
			assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		}

		@Test
		void aClaveIssuedAgainEndsThatSessionAndOnlyTheNewLoginsSessionSkipsTheClave() {
			String cedula = api.registerPerson(agent);
			String temporary = api.temporaryClave(agent, cedula);
			HtmlPage first = loginWithTemporary(browser, cedula, temporary);
			String newer = api.temporaryClave(agent, cedula);
			chooseNewClave(first);

			HtmlPage refused = Pages.press(first, "Cambiar clave");

			assertThat(refused.getUrl().getPath()).isNotEqualTo("/servicios");
			assertThat(api.status(agent, cedula)).isEqualTo("TEMPORAL");
			assertThat(Pages.open(browser, api.base() + "/cambio-clave").asNormalizedText()).as("not signed in any more")
				.contains("Clave actual");
			try (WebClient other = Pages.browser()) {
				assertThat(loginWithTemporary(other, cedula, newer).asNormalizedText()).doesNotContain("Clave actual");
			}
		}
	}

	@Nested
	class Employers {

		String employer() {
			String representative = verifiedPerson(api, agent);
			String ruc = "1790011674001";
			api.put("/api/v1/staff/employers/" + ruc, "{\"legalName\":\"Comercial Andina S.A.\",\"representativeCedula\":\""
					+ representative + "\",\"email\":\"empresa@correo.example.ec\"}", agent);
			return ruc;
		}

		@Test
		void everyEmployerPageSaysRucAndEveryLinkKeepsTheKind() {
			for (String path : List.of("/ingresar", "/recuperar", "/desbloqueo", "/cambio-clave")) {
				HtmlPage page = open(path + "?tipo=empleador");
				assertThat(page.getElementsByTagName("h1").get(0).getTextContent()).as(path).contains("RUC");
				assertThat(Pages.field(page, "RUC")).as(path).isNotNull();
				for (HtmlAnchor link : page.getAnchors()) {
					String href = link.getHrefAttribute();
					if (List.of("/ingresar", "/recuperar", "/desbloqueo", "/cambio-clave").stream().anyMatch(href::startsWith)) {
						assertThat(href).as(path + " → " + link.getTextContent()).containsPattern("[?&]tipo=empleador(&|$)");
					}
				}
			}
		}

		@Test
		void aMalformedNumberOnAnEmployerPageIsAMalformedRucAndTheHelpKeepsTheKind() {
			HtmlPage page = open("/ingresar?tipo=empleador");
			Pages.fill(page, "RUC", "9934567890001");
			HtmlPage malformed = Pages.press(page, "Ingresar");
			assertThat(malformed.asNormalizedText()).contains("El RUC no es válido.");

			Pages.fill(malformed, "RUC", "1790011674001");
			Pages.fill(malformed, "Clave", WRONG_CLAVE);
			HtmlPage refused = Pages.press(malformed, "Ingresar");
			assertThat(value(refused, "RUC")).isEqualTo("1790011674001");
			DomElement summary = refused.getElementById("resumen-errores");
			assertThat(summary.getElementsByTagName("a")).isNotEmpty().allSatisfy(
					link -> assertThat(((HtmlAnchor) link).getHrefAttribute()).endsWith("tipo=empleador"));
		}

		@Test
		void anEmployerFinishesRecoveryOnTheEmployersLoginWithTheRucFilledIn() {
			String ruc = employer();
			HtmlPage start = open("/recuperar?tipo=empleador");
			Pages.fill(start, "RUC", ruc);
			solveCaptcha(start);
			HtmlPage identity = Pages.press(start, "Buscar");
			assertThat(identity.asNormalizedText()).contains("RUC: " + ruc, "representante legal");
			assertThat(identity.getAnchorByText("¿No es su RUC? Empezar de nuevo").getHrefAttribute())
				.isEqualTo("/recuperar?tipo=empleador");
			HtmlPage page = open("/recuperar/enlace?token=" + links.issue(ruc, LinkPurpose.RECOVERY, Duration.ofMinutes(15)));
			assertThat(page.getElementsByTagName("h1").get(0).getTextContent()).contains("RUC");
			assertThat(page.asNormalizedText()).contains("Cuenta: RUC terminado en " + ruc.substring(7));
			chooseNewClave(page);

			HtmlPage login = Pages.press(page, "Generar clave");

			assertThat(login.getUrl().toString()).endsWith("/ingresar?tipo=empleador&generada");
			assertThat(value(login, "RUC")).isEqualTo(ruc);
		}

		@Test
		void anExpiredEmployersLinkOffersANewOneOnTheEmployersPage() {
			String ruc = employer();
			for (var flow : List.of(new String[] { "/recuperar", "RECOVERY" }, new String[] { "/desbloqueo", "UNLOCK" })) {
				String token = links.issue(ruc, LinkPurpose.valueOf(flow[1]), Duration.ofMinutes(3));
				clock.advance(Duration.ofMinutes(4));

				HtmlPage expired = open(flow[0] + "/enlace?token=" + token);

				assertThat(expired.asNormalizedText()).as(flow[0]).contains("El enlace expiró");
				assertThat(expired.getAnchorByText("Solicitar un nuevo enlace").getHrefAttribute()).as(flow[0])
					.isEqualTo(flow[0] + "?tipo=empleador");
			}
		}
	}
}
