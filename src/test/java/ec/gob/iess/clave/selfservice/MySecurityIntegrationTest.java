package ec.gob.iess.clave.selfservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.Pages.press;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mi seguridad (PRODUCT.md §4.7a, API.md "The owner's own account"): the owner's own events of 90 days in plain
 * words, with the centre of a counter's action but not the agent, and the place of the address; the open
 * sessions, each closed alone; another person's session is not found; "No fui yo" from the page suspends.
 */
@ClaveIntegrationTest
// The same settings as RecoveryFlowIntegrationTest's, so the flows share one application context.
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.recovery.answer-time=PT0.15S",
		"clave.rate-limit.recovery-source.limit=100000", "clave.rate-limit.recovery-account.limit=100000",
		"clave.rate-limit.mail-source.limit=100000", "clave.rate-limit.mail-account.limit=100000",
		"clave.rate-limit.unlock-source.limit=100000", "clave.rate-limit.unlock-account.limit=100000",
		"clave.unlock.answer-time=PT0.15S" })
class MySecurityIntegrationTest extends OwnerFlowTest {

	@Autowired
	AuditLog audit;

	final WebClient second = Pages.browser();

	@AfterEach
	void closeSecond() {
		second.close();
	}



	static List<String> texts(JsonNode array, String field) {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < array.size(); i++) {
			values.add(array.get(i).get(field).isNull() ? null : array.get(i).get(field).asString());
		}
		return values;
	}

	/** The session of this kind that is (or is not) the one asking. */
	static JsonNode session(JsonNode answer, String kind, boolean current) {
		JsonNode sessions = answer.get("sessions");
		for (int i = 0; i < sessions.size(); i++) {
			if (sessions.get(i).get("kind").asString().equals(kind) && sessions.get(i).get("current").asBoolean() == current) {
				return sessions.get(i);
			}
		}
		throw new AssertionError("no " + kind + " session with current=" + current + " in " + answer);
	}

	@Test
	void theOwnerSeesExactlyWhatHappenedInPlainWordsWithTheCentreButNotTheAgent() {
		String cedula = verifiedPerson(api, agent);
		String other = verifiedPerson(api, agent);
		assertThat(api.login(cedula, "una clave equivocada de verdad").statusCode()).isEqualTo(401);
		assertThat(api.login(other, "otra clave equivocada de verdad").statusCode()).isEqualTo(401);
		webLogin(second, other);
		// A login from a public address in Ecuador, as if through the trusted proxy.
		audit.record(AuditType.LOGIN_SUCCEEDED, cedula, Outcome.SUCCESS, new Origin(cedula, Channel.WEB, "190.152.0.1"), null);
		String agentName = jdbc.sql("select actor from audit_events where account = ? and type = 'CONTACT_VERIFIED'")
			.param(cedula).query(String.class).single();

		HtmlPage page = Pages.follow(webLogin(browser, cedula), "Mi seguridad");

		assertThat(page.getUrl().getPath()).isEqualTo("/seguridad");
		List<List<String>> rows = new ArrayList<>();
		for (DomElement row : page.getElementsByTagName("tr")) {
			List<String> cells = new ArrayList<>();
			row.getElementsByTagName("td").forEach(cell -> cells.add(cell.getTextContent().strip()));
			if (!cells.isEmpty()) {
				rows.add(cells.subList(1, cells.size()));
			}
		}
		assertThat(rows).containsExactly(
				List.of("Ingreso con clave", "Web", "Red local", "Correcto"),
				List.of("Ingreso con clave", "Web", "Ecuador", "Correcto"),
				List.of("Ingreso fallido con clave", "API", "Red local", "Fallido"),
				List.of("Contacto verificado", "Centro de atención: CAU Quito Norte", "Red local", "Correcto"),
				List.of("Huella registrada", "Centro de atención: CAU Quito Norte", "Red local", "Correcto"),
				List.of("Clave cambiada", "API", "Red local", "Correcto"),
				List.of("Acuerdo aceptado", "API", "Red local", "Correcto"),
				List.of("Clave temporal emitida", "Centro de atención: CAU Quito Norte", "Red local", "Correcto"),
				List.of("Persona registrada", "Centro de atención: CAU Quito Norte", "Red local", "Correcto"));
		assertThat(page.asNormalizedText()).doesNotContain(agentName, other);

		JsonNode answer = security(bearer(cedula));
		JsonNode events = answer.get("events");
		assertThat(texts(events, "type")).containsExactly("LOGIN_SUCCEEDED", "LOGIN_SUCCEEDED", "LOGIN_SUCCEEDED",
				"LOGIN_FAILED", "CONTACT_VERIFIED", "FINGERPRINT_ENROLLED", "PASSWORD_CHANGED", "AGREEMENT_ACCEPTED",
				"TEMPORARY_PASSWORD_ISSUED", "PERSON_REGISTERED");
		assertThat(events.get(0).propertyNames()).contains("at", "type", "channel", "ip", "outcome");
		assertThat(texts(events, "channel")).containsExactly("API", "WEB", "WEB", "API", "COUNTER", "COUNTER", "API", "API",
				"COUNTER", "COUNTER");
		assertThat(texts(events, "outcome")).contains("FAILURE", "SUCCESS");
		assertThat(events.get(2).get("ip").asString()).isEqualTo("190.152.0.1");
		assertThat(events.get(2).get("country").asString()).isEqualTo("EC");
		assertThat(events.get(0).get("country").isNull()).isTrue();
		assertThat(texts(events, "center")).containsOnly(null, "CAU Quito Norte");
		assertThat(answer.toString()).doesNotContain(agentName, other);
		assertThat(answer.get("passkeys").size()).isZero();
	}

	@Test
	void closingOneSessionEndsThatOneAloneAndAnotherPersonsIsNotFound() {
		String cedula = verifiedPerson(api, agent);
		String other = verifiedPerson(api, agent);
		webLogin(browser, cedula);
		webLogin(second, cedula);
		String tokenA = bearer(cedula);
		String tokenB = bearer(cedula);
		String otherToken = bearer(other);

		JsonNode answer = security(tokenA);
		assertThat(texts(answer.get("sessions"), "kind")).containsExactlyInAnyOrder("WEB", "WEB", "API", "API");
		JsonNode mine = session(answer, "API", true);
		assertThat(mine.propertyNames()).contains("id", "kind", "createdAt", "lastUsedAt", "ip", "current");
		assertThat(mine.get("ip").asString()).isEqualTo("127.0.0.1");
		// No handle is a credential: none is a session cookie or a token, and none works as a bearer.
		for (String id : texts(answer.get("sessions"), "id")) {
			assertThat(id).isNotIn(tokenA, tokenB);
			assertThat(api.get("/api/v1/me", id).statusCode()).isEqualTo(401);
		}

		// Another person cannot close it.
		String tokenBId = session(answer, "API", false).get("id").asString();
		assertThat(delete("/api/v1/me/sessions/" + tokenBId, otherToken).statusCode()).isEqualTo(404);
		assertThat(api.get("/api/v1/me", tokenB).statusCode()).isEqualTo(200);

		// The page: the other browser's session, by its "Cerrar sesión"; this one is marked.
		HtmlPage page = Pages.open(browser, api.base() + "/seguridad");
		assertThat(page.asNormalizedText()).contains("(esta sesión, la que usa ahora)");
		HtmlPage closed = closeFirst(page, "Navegador web", false);
		assertThat(closed.asNormalizedText()).contains("La sesión fue cerrada.");
		assertThat(Pages.open(second, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/ingresar");
		assertThat(Pages.open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/servicios");
		assertThat(api.get("/api/v1/me", tokenA).statusCode()).isEqualTo(200);
		assertThat(api.get("/api/v1/me", tokenB).statusCode()).isEqualTo(200);

		// The API: token B alone.
		assertThat(delete("/api/v1/me/sessions/" + tokenBId, tokenA).statusCode()).isEqualTo(204);
		assertThat(api.get("/api/v1/me", tokenB).statusCode()).isEqualTo(401);
		assertThat(api.get("/api/v1/me", tokenA).statusCode()).isEqualTo(200);
		assertThat(Pages.open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/servicios");
		assertThat(delete("/api/v1/me/sessions/" + tokenBId, tokenA).statusCode()).isEqualTo(404);
		assertThat(texts(security(tokenA).get("sessions"), "kind")).containsExactlyInAnyOrder("WEB", "API");
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type = 'LOGOUT'").param(cedula)
			.query(Integer.class).single()).isEqualTo(2);

		// Nor this person's web session, by the API or by the other's own page with the handle typed in.
		String webId = session(security(tokenA), "WEB", false).get("id").asString();
		assertThat(delete("/api/v1/me/sessions/" + webId, otherToken).statusCode()).isEqualTo(404);
		try (WebClient thief = Pages.browser()) {
			HtmlPage theirs = Pages.follow(webLogin(thief, other), "Mi seguridad");
			((HtmlInput) theirs.getElementsByName("id").get(0)).setValue(webId);
			HtmlPage refused = press(theirs, "Cerrar sesión");
			assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(404);
			assertThat(Pages.open(thief, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/servicios");
		}
		assertThat(Pages.open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/servicios");
		assertThat(Pages.open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/servicios");
	}

	/** Presses "Cerrar sesión" in the first session of this name that is (or is not) the current one. */
	static HtmlPage closeFirst(HtmlPage page, String name, boolean current) {
		for (DomElement item : page.getElementsByTagName("li")) {
			String text = item.getTextContent();
			if (text.contains(name) && text.contains("(esta sesión") == current) {
				for (HtmlElement button : item.getElementsByTagName("button")) {
					if (button.getTextContent().strip().equals("Cerrar sesión")) {
						try {
							return ((HtmlButton) button).click();
						}
						catch (IOException e) {
							throw new UncheckedIOException(e);
						}
					}
				}
			}
		}
		throw new AssertionError("no session «" + name + "» with current=" + current + " on " + page.asNormalizedText());
	}

	@Test
	void closingTheCurrentWebSessionLeavesAndNoFuiYoFromThePageSuspends() {
		String cedula = verifiedPerson(api, agent);
		String token = bearer(cedula);
		webLogin(browser, cedula);
		HtmlPage left = closeFirst(Pages.open(browser, api.base() + "/seguridad"), "Navegador web", true);
		assertThat(left.getUrl().getPath()).isEqualTo("/ingresar");
		assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(200);

		HtmlPage page = Pages.follow(Pages.follow(webLogin(browser, cedula), "Mi seguridad"), "No fui yo");
		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		assertThat(page.asNormalizedText()).contains("nadie podrá ingresar con su clave");
		HtmlPage done = press(page, "Suspender mi cuenta");

		assertThat(done.asNormalizedText()).contains("Su cuenta está suspendida", "acérquese con su cédula");
		assertThat(api.status(agent, cedula)).isEqualTo("SUSPENDIDA");
		assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(401);
		assertThat(Pages.open(browser, api.base() + "/servicios").getUrl().getPath()).isEqualTo("/ingresar");
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type = 'FRAUD_REPORTED'").param(cedula)
			.query(Integer.class).single()).isEqualTo(1);
	}
}
