package ec.gob.iess.clave.selfservice;

import java.time.Duration;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.token.LinkPurpose;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.NEW_CLAVE;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.lock;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web pages of Generar/recuperar clave and Desbloqueo de clave, driven by their labels without
 * JavaScript (the captcha's hidden field is filled with a real solution): the start pages, the link
 * pages (token out of the address, expired and invalid links), the new clave and the confirmation.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0S",
		"clave.unlock.answer-time=PT0S", "clave.rate-limit.recovery-source.limit=100000",
		"clave.rate-limit.recovery-account.limit=100000", "clave.rate-limit.mail-source.limit=100000",
		"clave.rate-limit.mail-account.limit=100000", "clave.rate-limit.unlock-source.limit=100000",
		"clave.rate-limit.unlock-account.limit=100000" })
class SelfServicePagesIntegrationTest extends SelfServicePageTest {

	@Nested
	class Recovery {

		@Test
		void askTheNumberWithTheCaptchaThenTheCedulasDataAndAnswerWithTheMaskedAddress() {
			String cedula = verifiedPerson(api, agent);
			HtmlPage start = open("/recuperar");
			Pages.fill(start, "Número de cédula", cedula);
			solveCaptcha(start);

			HtmlPage identity = Pages.press(start, "Buscar");
			assertThat(identity.getUrl().getPath()).isEqualTo("/recuperar/identidad");
			Pages.fill(identity, "Fecha de nacimiento", "21/04/1958");
			Pages.fill(identity, "Código dactilar", "v4343v4242");
			HtmlPage answer = Pages.press(identity, "Continuar");

			assertThat(answer.asNormalizedText()).contains("Le enviamos un enlace a p***" + cedula.charAt(9) + "@c***.ec",
					"Es válido por 15 minutos");
		}

		@Test
		void wrongDataBringTheIdentityFormBackWithWhatWasTypedAndTheOneAnswerForEveryMismatch() {
			String cedula = verifiedPerson(api, agent);
			HtmlPage start = open("/recuperar");
			Pages.fill(start, "Número de cédula", cedula);
			solveCaptcha(start);
			HtmlPage identity = Pages.press(start, "Buscar");
			Pages.fill(identity, "Fecha de nacimiento", "22/04/1958");
			Pages.fill(identity, "Código dactilar", "v4343v4242");

			HtmlPage again = Pages.press(identity, "Continuar");

			assertThat(again.getUrl().getPath()).isEqualTo("/recuperar/identidad");
			assertThat(again.asNormalizedText()).contains("Los datos no coinciden con nuestros registros",
					"Cédula: " + cedula, "código dactilar");
			assertThat(((HtmlInput) Pages.field(again, "Fecha de nacimiento")).getValue()).isEqualTo("22/04/1958");
			assertThat(open("/recuperar/identidad").getUrl().getPath()).as("the step is kept").isEqualTo("/recuperar/identidad");
		}

		@Test
		void aMissingCaptchaAndAMalformedNumberAreNamedOnTheirFields() {
			HtmlPage start = open("/recuperar");
			Pages.fill(start, "Número de cédula", "1234567890");
			leaveCaptchaUnticked(start);

			String refused = Pages.press(start, "Buscar").asNormalizedText();

			assertThat(refused).contains("Revise los datos", "El número de cédula no es válido.",
					"Marque la casilla «No soy un robot».");
			assertThat(open("/recuperar/identidad").getUrl().getPath()).isEqualTo("/recuperar");
		}

		@Test
		void anInvalidBirthDateIsNamedAndTheCaptchaIsNotSpent() {
			String cedula = verifiedPerson(api, agent);
			HtmlPage start = open("/recuperar");
			Pages.fill(start, "Número de cédula", cedula);
			solveCaptcha(start);
			HtmlPage identity = Pages.press(start, "Buscar");
			Pages.fill(identity, "Fecha de nacimiento", "31/02/1958");
			Pages.fill(identity, "Código dactilar", "v4343v4242");

			HtmlPage again = Pages.press(identity, "Continuar");

			assertThat(again.asNormalizedText()).contains("Ingrese la fecha de nacimiento como aparece en la cédula.");
			Pages.fill(again, "Fecha de nacimiento", "21/04/1958");
			Pages.fill(again, "Código dactilar", "v4343v4242");
			assertThat(Pages.press(again, "Continuar").asNormalizedText()).contains("Le enviamos un enlace");
		}

		@Test
		void theLinkMovesIntoTheSessionAndTheNewClaveIsSetWithoutLoggingIn() throws Exception {
			String cedula = verifiedPerson(api, agent);
			String token = links.issue(cedula, LinkPurpose.RECOVERY, Duration.ofMinutes(15));

			HtmlPage page = open("/recuperar/enlace?token=" + token);

			assertThat(page.getUrl().toString()).endsWith("/recuperar/nueva-clave").doesNotContain(token);
			Pages.fill(page, "Nueva clave", NEW_CLAVE);
			Pages.fill(page, "Confirmar nueva clave", NEW_CLAVE);
			HtmlPage withoutAgreement = Pages.press(page, "Generar clave");
			assertThat(withoutAgreement.asNormalizedText()).contains("Debe aceptar el acuerdo de uso de clave.");

			Pages.fill(withoutAgreement, "Nueva clave", "quishpe tiene una clave larga");
			Pages.fill(withoutAgreement, "Confirmar nueva clave", "quishpe tiene una clave larga");
			Pages.check(withoutAgreement, "He leído y acepto el acuerdo de uso de clave");
			HtmlPage weak = Pages.press(withoutAgreement, "Generar clave");
			assertThat(weak.asNormalizedText()).contains("La nueva clave no debe contener sus nombres ni apellidos.");

			Pages.fill(weak, "Nueva clave", NEW_CLAVE);
			Pages.fill(weak, "Confirmar nueva clave", NEW_CLAVE + " no");
			HtmlPage mismatch = Pages.press(weak, "Generar clave");
			assertThat(mismatch.asNormalizedText()).contains("La nueva clave y su confirmación no coinciden.");

			Pages.fill(mismatch, "Nueva clave", NEW_CLAVE);
			Pages.fill(mismatch, "Confirmar nueva clave", NEW_CLAVE);
			Pages.check(mismatch, "He leído y acepto el acuerdo de uso de clave");
			HtmlPage done = Pages.press(mismatch, "Generar clave");

			assertThat(done.getUrl().toString()).contains("/ingresar?generada");
			assertThat(done.asNormalizedText()).contains("Su clave fue registrada. Ingrese con su nueva clave.");
			assertThat(api.login(cedula, NEW_CLAVE).statusCode()).isEqualTo(200);
			assertThat(open("/recuperar/nueva-clave").getUrl().getPath()).as("the token left the session")
				.isEqualTo("/recuperar");
			assertThat(open("/recuperar/enlace?token=" + token).asNormalizedText()).contains("El enlace no es válido o ya fue usado.");
		}

		@Test
		void anExpiredLinkSaysSoAndOffersANewOneAndAnyOtherIsInvalid() {
			String cedula = verifiedPerson(api, agent);
			String token = links.issue(cedula, LinkPurpose.RECOVERY, Duration.ofMinutes(15));
			String unlockToken = links.issue(cedula, LinkPurpose.UNLOCK, Duration.ofMinutes(15));
			clock.advance(Duration.ofMinutes(16));

			HtmlPage expired = open("/recuperar/enlace?token=" + token);

			assertThat(expired.getWebResponse().getResponseHeaderValue("Referrer-Policy")).isEqualTo("no-referrer");
			assertThat(expired.asNormalizedText()).contains("Generar/recuperar clave", "El enlace expiró. Solicite uno nuevo.");
			assertThat(expired.getAnchorByText("Solicitar un nuevo enlace").getHrefAttribute()).isEqualTo("/recuperar");
			for (String other : new String[] { "abc", unlockToken, "" }) {
				HtmlPage invalid = open("/recuperar/enlace?token=" + other);
				assertThat(invalid.asNormalizedText()).contains("El enlace no es válido o ya fue usado. Solicite uno nuevo.");
				assertThat(invalid.getWebResponse().getResponseHeaderValue("Referrer-Policy")).isEqualTo("no-referrer");
			}
		}

		@Test
		void aLinkThatExpiresWhileItsPageIsOpenIsRefusedWhenThePageIsShownAgain() {
			String cedula = verifiedPerson(api, agent);
			String token = links.issue(cedula, LinkPurpose.RECOVERY, Duration.ofMinutes(15));
			assertThat(open("/recuperar/enlace?token=" + token).getUrl().getPath()).isEqualTo("/recuperar/nueva-clave");
			clock.advance(Duration.ofMinutes(16));

			HtmlPage again = open("/recuperar/nueva-clave");

			assertThat(again.asNormalizedText()).contains("El enlace expiró. Solicite uno nuevo.");
			assertThat(open("/recuperar/nueva-clave").getUrl().getPath()).isEqualTo("/recuperar");
		}

		@Test
		void aLinkOpenedJustInTimeKeepsItsNewClavePageForTheWindowAfterTheOpening() {
			String cedula = verifiedPerson(api, agent);
			String token = links.issue(cedula, LinkPurpose.RECOVERY, Duration.ofMinutes(15));
			clock.advance(Duration.ofMinutes(14));
			HtmlPage page = open("/recuperar/enlace?token=" + token);
			clock.advance(Duration.ofMinutes(10));

			Pages.fill(page, "Nueva clave", NEW_CLAVE);
			Pages.fill(page, "Confirmar nueva clave", NEW_CLAVE);
			Pages.check(page, "He leído y acepto el acuerdo de uso de clave");
			HtmlPage done = Pages.press(page, "Generar clave");

			assertThat(done.getUrl().getPath()).isEqualTo("/ingresar");
			assertThat(api.login(cedula, NEW_CLAVE).statusCode()).isEqualTo(200);
			assertThat(SelfServiceTestSupport.reset(api, token, NEW_CLAVE + " otra").statusCode()).isEqualTo(410);
		}

		@Test
		void withoutALinkTheNewClavePageLeadsToTheStart() {
			assertThat(open("/recuperar/nueva-clave").getUrl().getPath()).isEqualTo("/recuperar");
			assertThat(open("/recuperar/identidad").getUrl().getPath()).isEqualTo("/recuperar");
		}
	}

	@Nested
	class Unlock {

		@Test
		void theRequestAnswersTheSameForAnyValidNumber() {
			String locked = verifiedPerson(api, agent);
			lock(api, locked);
			for (String cedula : new String[] { locked, TestCedulas.next() }) {
				HtmlPage start = open("/desbloqueo");
				Pages.fill(start, "Número de cédula", cedula);
				solveCaptcha(start);

				HtmlPage answer = Pages.press(start, "Desbloquear");

				assertThat(answer.getWebResponse().getStatusCode()).isEqualTo(200);
				assertThat(answer.asNormalizedText()).contains(
						"Si su cuenta está bloqueada y tiene datos verificados, recibirá un correo con un enlace válido por 3 minutos.");
			}
		}

		@Test
		void aMissingCaptchaAndAMalformedNumberAreNamedOnTheirFields() {
			HtmlPage start = open("/desbloqueo");
			Pages.fill(start, "Número de cédula", "123");
			leaveCaptchaUnticked(start);

			String refused = Pages.press(start, "Desbloquear").asNormalizedText();

			assertThat(refused).contains("Revise los datos", "El número de cédula no es válido.",
					"Marque la casilla «No soy un robot».");
		}

		@Test
		void aMalformedNumberWithASolvedCaptchaIsNamedOnItsField() {
			HtmlPage start = open("/desbloqueo");
			Pages.fill(start, "Número de cédula", "1234567890");
			solveCaptcha(start);

			String refused = Pages.press(start, "Desbloquear").asNormalizedText();

			assertThat(refused).contains("El número de cédula no es válido.").doesNotContain("No soy un robot».");
		}

		@Test
		void theLinkLeadsToTheConfirmationAndThenToAPageSayingTheClaveIsUnlocked() {
			String cedula = verifiedPerson(api, agent);
			lock(api, cedula);
			String token = links.issue(cedula, LinkPurpose.UNLOCK, Duration.ofMinutes(3));

			HtmlPage confirm = open("/desbloqueo/enlace?token=" + token);
			assertThat(confirm.getUrl().toString()).endsWith("/desbloqueo/confirmar").doesNotContain(token);
			assertThat(api.status(agent, cedula)).as("opening changes nothing").isEqualTo("BLOQUEADA");

			HtmlPage done = Pages.press(confirm, "Confirmar desbloqueo");

			assertThat(done.getUrl().toString()).endsWith("/desbloqueo/desbloqueada").doesNotContain(cedula);
			assertThat(done.asNormalizedText()).contains("Su clave fue desbloqueada. Ya puede ingresar con ella.")
				.doesNotContain(cedula);
			assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
			assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
			assertThat(open("/desbloqueo/confirmar").getUrl().getPath()).isEqualTo("/desbloqueo");
			assertThat(open("/desbloqueo/enlace?token=" + token).asNormalizedText())
				.contains("El enlace no es válido o ya fue usado.");
		}

		@Test
		void aLinkUsedElsewhereMeanwhileIsRefusedOnConfirmation() {
			String cedula = verifiedPerson(api, agent);
			lock(api, cedula);
			String token = links.issue(cedula, LinkPurpose.UNLOCK, Duration.ofMinutes(3));
			HtmlPage confirm = open("/desbloqueo/enlace?token=" + token);
			assertThat(SelfServiceTestSupport.confirmUnlock(api, token).statusCode()).isEqualTo(204);

			HtmlPage refused = Pages.press(confirm, "Confirmar desbloqueo");

			assertThat(refused.asNormalizedText()).contains("Desbloqueo de clave", "El enlace no es válido o ya fue usado.");
			assertThat(refused.getAnchorByText("Solicitar un nuevo enlace").getHrefAttribute()).isEqualTo("/desbloqueo");
		}

		@Test
		void aLinkWhoseWindowEndsBeforeConfirmationSaysItExpired() {
			String cedula = verifiedPerson(api, agent);
			lock(api, cedula);
			String token = links.issue(cedula, LinkPurpose.UNLOCK, Duration.ofMinutes(3));
			HtmlPage confirm = open("/desbloqueo/enlace?token=" + token);
			clock.advance(Duration.ofMinutes(11));

			HtmlPage refused = Pages.press(confirm, "Confirmar desbloqueo");

			assertThat(refused.asNormalizedText()).contains("El enlace expiró. Solicite uno nuevo.");
			assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		}

		@Test
		void anExpiredLinkSaysSoAndAnInvalidOneToo() {
			String cedula = verifiedPerson(api, agent);
			String token = links.issue(cedula, LinkPurpose.UNLOCK, Duration.ofMinutes(3));
			clock.advance(Duration.ofMinutes(4));

			HtmlPage expired = open("/desbloqueo/enlace?token=" + token);

			assertThat(expired.getWebResponse().getResponseHeaderValue("Referrer-Policy")).isEqualTo("no-referrer");
			assertThat(expired.asNormalizedText()).contains("Desbloqueo de clave", "El enlace expiró. Solicite uno nuevo.");
			assertThat(expired.getAnchorByText("Solicitar un nuevo enlace").getHrefAttribute()).isEqualTo("/desbloqueo");
			assertThat(open("/desbloqueo/enlace").asNormalizedText()).contains("El enlace no es válido o ya fue usado.");
			assertThat(open("/desbloqueo/confirmar").getUrl().getPath()).isEqualTo("/desbloqueo");
		}
	}
}
