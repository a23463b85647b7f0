package ec.gob.iess.clave.selfservice;

import java.net.http.HttpResponse;
import java.time.Duration;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.PasskeyPages;
import ec.gob.iess.clave.support.SoftAuthenticator;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import org.htmlunit.WebClient;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.email;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys against the real server (PRODUCT.md §4.7b, SECURITY.md 31), with an authenticator written in Java
 * ({@link SoftAuthenticator}) speaking WebAuthn's JSON as a browser does: registration only within five
 * minutes of typing the clave (a wrong clave again counts toward the lockout), the list and removal through
 * the API, notices with "No fui yo" and audit events, a login refused while suspended but not while locked,
 * and a signature counter that goes backwards refused and audited. Pages in HtmlUnit without JavaScript.
 */
@ClaveIntegrationTest
class PasskeyIntegrationTest extends OwnerFlowTest {

	private static final Duration MAIL = Duration.ofSeconds(20);

	@Test
	void registeringNeedsTheClaveTypedWithinFiveMinutesAndAWrongOneCountsTowardTheLockout() {
		String cedula = verifiedPerson(api, agent);
		webLogin(browser, cedula);
		clock.advance(Duration.ofMinutes(5).plusSeconds(1));

		HtmlPage page = Pages.open(browser, api.base() + "/seguridad/llave-nueva");
		assertThat(page.asNormalizedText()).contains("Para registrar una llave de acceso, escriba otra vez su clave.");
		assertThat(page.asNormalizedText()).doesNotContain("Nombre de la llave");
		WebResponse options = PasskeyPages.post(browser, page, "/seguridad/llave-nueva/opciones", "{}");
		assertThat(options.getStatusCode()).isEqualTo(403);
		assertThat(options.getContentAsString()).contains("escriba otra vez su clave");

		Pages.fill(page, "Su clave", "no es mi clave de ninguna manera");
		HtmlPage wrong = Pages.press(page, "Continuar");
		assertThat(wrong.asNormalizedText()).contains("La clave no es correcta.");
		// This browser is the owner's trusted device (decision 41): the failure counts on it, as at Ingresar.
		assertThat(deviceFailures(cedula)).isEqualTo(1);
		assertThat(PasskeyPages.post(browser, wrong, "/seguridad/llave-nueva/opciones", "{}").getStatusCode()).isEqualTo(403);

		Pages.fill(wrong, "Su clave", GOOD_CLAVE);
		HtmlPage named = Pages.press(wrong, "Continuar");
		assertThat(named.getUrl().getPath()).isEqualTo("/seguridad/llave-nueva");
		assertThat(Pages.field(named, "Nombre de la llave").getAttribute("value")).isNotBlank();
		SoftAuthenticator phone = new SoftAuthenticator(TestFixtures.SITE, false);
		assertThat(PasskeyPages.register(browser, named, phone, "Teléfono de Rosa").getStatusCode()).isEqualTo(200);
		assertThat(audited(cedula, "PASSKEY_REGISTERED", "SUCCESS")).isEqualTo(1);
		assertThat(audited(cedula, "PASSKEY_REGISTERED", "FAILURE")).as("the wrong clave").isEqualTo(1);

		// Five minutes later the same session must type the clave again.
		clock.advance(Duration.ofMinutes(5).plusSeconds(1));
		HtmlPage again = Pages.open(browser, api.base() + "/seguridad/llave-nueva");
		assertThat(PasskeyPages.post(browser, again, "/seguridad/llave-nueva/opciones", "{}").getStatusCode()).isEqualTo(403);
	}

	/** Not even when another person typed their clave in this browser a moment before. */
	@Test
	void aLoginWithAPasskeyIsNotTheClaveTypedForRegisteringAnother() {
		String cedula = verifiedPerson(api, agent);
		String other = verifiedPerson(api, agent);
		SoftAuthenticator phone = new SoftAuthenticator(TestFixtures.SITE, false);
		registerSignedIn(cedula, phone, "Teléfono");

		webLogin(browser, other);
		phone.counter(1);
		WebResponse in = PasskeyPages.login(browser, Pages.open(browser, api.base() + "/ingresar"), phone);
		assertThat(in.getStatusCode()).isEqualTo(200);
		HtmlPage page = Pages.open(browser, api.base() + "/seguridad/llave-nueva");
		assertThat(page.asNormalizedText()).contains("Para registrar una llave de acceso, escriba otra vez su clave.");
		assertThat(PasskeyPages.post(browser, page, "/seguridad/llave-nueva/opciones", "{}").getStatusCode()).isEqualTo(403);
	}

	@Test
	void theListAndTheRemovalThroughTheApiWithNoticesAndAuditAndARemovedPasskeyStopsAtOnce() {
		String cedula = verifiedPerson(api, agent);
		String other = verifiedPerson(api, agent);
		SoftAuthenticator phone = new SoftAuthenticator(TestFixtures.SITE, false);
		registerSignedIn(cedula, phone, "Teléfono de Rosa");
		MimeCheck.notice(SMTP.awaitSubject(email(cedula), "Se registró una llave de acceso para su cuenta del IESS", MAIL),
				"Teléfono de Rosa");

		String token = bearer(cedula);
		JsonNode passkeys = security(token).get("passkeys");
		assertThat(passkeys.size()).isEqualTo(1);
		assertThat(passkeys.get(0).get("id").asString()).isEqualTo(phone.id());
		assertThat(passkeys.get(0).get("name").asString()).isEqualTo("Teléfono de Rosa");
		assertThat(passkeys.get(0).get("createdAt").isNull()).isFalse();
		assertThat(passkeys.get(0).get("lastUsedAt").isNull()).as("never used yet").isTrue();
		assertThat(security(bearer(other)).get("passkeys").size()).as("nothing of another person").isZero();

		phone.counter(1);
		assertThat(passkeyLogin(phone).getStatusCode()).isEqualTo(200);
		JsonNode seen = security(token);
		assertThat(seen.get("passkeys").get(0).get("lastUsedAt").isNull()).isFalse();
		assertThat(seen.get("events").get(0).get("type").asString()).isEqualTo("LOGIN_SUCCEEDED");
		assertThat(seen.get("events").get(0).get("method").asString()).isEqualTo("PASSKEY");

		assertThat(delete("/api/v1/me/passkeys/" + phone.id(), bearer(other)).statusCode()).isEqualTo(404);
		assertThat(delete("/api/v1/me/passkeys/no-es-un-id", token).statusCode()).isEqualTo(404);
		assertThat(delete("/api/v1/me/passkeys/" + phone.id(), token).statusCode()).isEqualTo(204);
		assertThat(security(token).get("passkeys").size()).isZero();
		assertThat(audited(cedula, "PASSKEY_REMOVED", "SUCCESS")).isEqualTo(1);
		MimeCheck.notice(SMTP.awaitSubject(email(cedula), "Se quitó una llave de acceso de su cuenta del IESS", MAIL),
				"Teléfono de Rosa");

		phone.counter(2);
		WebResponse refused = passkeyLogin(phone);
		assertThat(refused.getStatusCode()).isEqualTo(401);
		assertThat(refused.getContentAsString()).contains("No se pudo ingresar con la llave de acceso");
	}

	@Test
	void aLockedClaveStillLetsThePasskeyInButASuspendedAccountDoesNot() {
		String cedula = verifiedPerson(api, agent);
		SoftAuthenticator phone = new SoftAuthenticator(TestFixtures.SITE, true);
		registerSignedIn(cedula, phone, "Teléfono");
		for (int i = 0; i < 5; i++) {
			api.login(cedula, "una clave equivocada cualquiera");
		}
		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		phone.counter(0);
		WebResponse in = passkeyLogin(phone);
		assertThat(in.getStatusCode()).as(in.getContentAsString()).isEqualTo(200);
		assertThat(PasskeyPages.json(in).get("redirect").asString()).endsWith("/servicios");
		assertThat(api.status(agent, cedula)).as("the clave stays locked").isEqualTo("BLOQUEADA");

		assertThat(api.post("/api/v1/staff/persons/" + cedula + "/suspend", "{\"reason\":\"fraude\"}", agent).statusCode())
			.isEqualTo(204);
		WebResponse out = passkeyLogin(phone);
		assertThat(out.getStatusCode()).isEqualTo(401);
		assertThat(jdbc.sql("select detail from audit_events where account = ? and type = 'LOGIN_FAILED' order by id desc")
			.param(cedula).query(String.class).list().get(0)).isEqualTo("passkey: account SUSPENDIDA");
	}

	@Test
	void noFuiYoRemovesThePasskeysSoThatAReactivationDoesNotBringAThiefsBack() {
		String cedula = verifiedPerson(api, agent);
		SoftAuthenticator phone = new SoftAuthenticator(TestFixtures.SITE, false);
		registerSignedIn(cedula, phone, "Teléfono");
		assertThat(api.post("/api/v1/me/fraud-report", null, bearer(cedula)).statusCode()).isEqualTo(204);
		assertThat(jdbc.sql("select count(*) from user_credentials where credential_id = ?").param(phone.id())
			.query(Integer.class).single()).isZero();
		assertThat(jdbc.sql("select detail from audit_events where account = ? and type = 'PASSKEY_REMOVED'").param(cedula)
			.query(String.class).list()).containsExactly("No fui yo");
		assertThat(api.post("/api/v1/staff/persons/" + cedula + "/reactivate", null, api.staff("SUPERVISOR")).statusCode())
			.isEqualTo(204);
		phone.counter(1);
		assertThat(passkeyLogin(phone).getStatusCode()).isEqualTo(401);
	}

	@Test
	void aSignatureCounterThatGoesBackwardsIsRefusedAndAudited() {
		String cedula = verifiedPerson(api, agent);
		SoftAuthenticator phone = new SoftAuthenticator(TestFixtures.SITE, false);
		registerSignedIn(cedula, phone, "Llave");
		phone.counter(7);
		assertThat(passkeyLogin(phone).getStatusCode()).isEqualTo(200);

		phone.counter(5);
		assertThat(passkeyLogin(phone).getStatusCode()).isEqualTo(401);
		phone.counter(7);
		assertThat(passkeyLogin(phone).getStatusCode()).as("the same value again").isEqualTo(401);
		assertThat(jdbc.sql("select detail from audit_events where account = ? and type = 'LOGIN_FAILED' order by id")
			.param(cedula).query(String.class).list())
			.containsExactly("passkey: signature counter went backwards (stored 7, presented 5)",
					"passkey: signature counter went backwards (stored 7, presented 7)");
		assertThat(jdbc.sql("select signature_count from user_credentials where credential_id = ?").param(phone.id())
			.query(Long.class).single()).isEqualTo(7);

		phone.counter(8);
		assertThat(passkeyLogin(phone).getStatusCode()).isEqualTo(200);
	}

	/** Signs in with the clave in a browser of its own and registers the passkey there. */
	private void registerSignedIn(String cedula, SoftAuthenticator key, String name) {
		try (WebClient client = Pages.browser()) {
			webLogin(client, cedula);
			HtmlPage page = Pages.open(client, api.base() + "/seguridad/llave-nueva");
			WebResponse answer = PasskeyPages.register(client, page, key, name);
			assertThat(answer.getStatusCode()).as(answer.getContentAsString()).isEqualTo(200);
		}
	}

	/** "Ingresar con llave de acceso" in a fresh browser, as the script on Ingresar does it. */
	private WebResponse passkeyLogin(SoftAuthenticator key) {
		try (WebClient client = Pages.browser()) {
			return PasskeyPages.login(client, Pages.open(client, api.base() + "/ingresar"), key);
		}
	}



	private int deviceFailures(String cedula) {
		return jdbc.sql("select failed_attempts from devices where username = ?").param(cedula).query(Integer.class).single();
	}

	private int audited(String cedula, String type, String outcome) {
		return jdbc.sql("select count(*) from audit_events where account = ? and type = ? and outcome = ?")
			.params(cedula, type, outcome).query(Integer.class).single();
	}

	/** What every notice must carry: the passkey's name and its "No fui yo" link. */
	private static final class MimeCheck {

		static void notice(jakarta.mail.internet.MimeMessage message, String name) {
			assertThat(TestMailServer.body(message)).contains(name, "No fui yo");
			assertThat(TestMailServer.fraudLinks(message)).isNotEmpty();
		}
	}
}
