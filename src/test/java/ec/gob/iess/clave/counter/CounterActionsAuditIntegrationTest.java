package ec.gob.iess.clave.counter;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every counter action of API.md, walked through the API by real staff: each is audited with the agent and
 * the centre in fields of their own (no {@code agent@centre}), in the table and in the staff audit API, and
 * each that touches a person or an employer is mailed to them naming the centre, never the agent
 * (SECURITY.md 22; decisions 85, 86).
 */
@ClaveIntegrationTest
class CounterActionsAuditIntegrationTest extends MailServerTest {

	static final String CENTER = "CAU Cuenca Centro";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	/** A staff member of {@link #CENTER}, logged in. */
	record Staff(String username, String token) {
	}

	@Test
	void everyCounterActionRecordsAgentAndCentreApartAndTellsThePersonTheCentre() {
		TestFixtures api = new TestFixtures(port);
		Staff agent = staff(api, "AGENTE");
		Staff supervisor = staff(api, "SUPERVISOR");
		String cedula = TestCedulas.next();
		String first = "primero." + cedula + "@correo.example.ec";
		String second = "segundo." + cedula + "@correo.example.ec";

		ok(api.put("/api/v1/staff/persons/" + cedula, person("1958-04-21"), agent.token()), 201);
		ok(verification(api, agent, cedula, first), 201);
		ok(api.put("/api/v1/staff/persons/" + cedula, person("1958-04-22"), agent.token()), 200);
		ok(verification(api, agent, cedula, second), 201);
		api.temporaryClave(agent.token(), cedula);
		for (int i = 0; i < 5; i++) {
			api.login(cedula, "una clave equivocada cualquiera");
		}
		assertThat(api.status(agent.token(), cedula)).isEqualTo("BLOQUEADA");
		ok(api.post("/api/v1/staff/persons/" + cedula + "/unlock", null, agent.token()), 204);
		ok(api.post("/api/v1/staff/persons/" + cedula + "/suspend", "{\"reason\":\"Denuncia de suplantación\"}",
				agent.token()), 204);
		ok(api.post("/api/v1/staff/persons/" + cedula + "/reactivate", null, supervisor.token()), 204);
		String ruc = cedula + "001";
		String employerEmail = "nomina." + cedula + "@empresa.example.ec";
		String employerNewEmail = "talento." + cedula + "@empresa.example.ec";
		ok(employer(api, agent, ruc, cedula, employerEmail), 201);
		ok(employer(api, agent, ruc, cedula, employerNewEmail), 200);

		// The audit table: agent and centre apart, for the person, the employer and the staff themselves.
		List<List<String>> personRows = rows("account = ? and channel = 'COUNTER'", cedula);
		assertThat(personRows).extracting(row -> row.get(0)).containsExactly("PERSON_REGISTERED", "FINGERPRINT_ENROLLED",
				"CONTACT_VERIFIED", "PERSON_UPDATED", "CONTACT_CHANGED", "TEMPORARY_PASSWORD_ISSUED", "ACCOUNT_UNLOCKED", "ACCOUNT_SUSPENDED",
				"ACCOUNT_REACTIVATED");
		assertThat(personRows).extracting(row -> row.get(1)).containsExactly(agent.username(), agent.username(),
				agent.username(), agent.username(), agent.username(), agent.username(), agent.username(),
				agent.username(), supervisor.username());
		assertThat(rows("account = ?", ruc)).containsExactly(
				List.of("EMPLOYER_REGISTERED", agent.username(), CENTER),
				List.of("EMPLOYER_UPDATED", agent.username(), CENTER));
		assertThat(rows("type = 'STAFF_LOGIN_SUCCEEDED' and actor in (?, ?)", agent.username(), supervisor.username()))
			.containsExactlyInAnyOrder(List.of("STAFF_LOGIN_SUCCEEDED", agent.username(), CENTER),
					List.of("STAFF_LOGIN_SUCCEEDED", supervisor.username(), CENTER));
		assertThat(rows("type = 'STAFF_USER_CREATED' and (detail like ? or detail like ?)", agent.username() + " %",
				supervisor.username() + " %")).hasSize(2)
			.allSatisfy(row -> assertThat(row).containsExactly("STAFF_USER_CREATED", TestFixtures.ADMIN, "Matriz"));
		assertThat(personRows).allSatisfy(row -> assertThat(row.get(2)).isEqualTo(CENTER));

		// The staff audit API shows the same fields.
		HttpResponse<String> shown = api.get("/api/v1/staff/audit?account=" + cedula, supervisor.token());
		ok(shown, 200);
		List<JsonNode> counter = json(shown).valueStream()
			.filter(row -> row.get("channel").asString().equals("COUNTER"))
			.toList();
		assertThat(counter).hasSize(9).allSatisfy(row -> {
			assertThat(row.get("actor").asString()).isIn(agent.username(), supervisor.username());
			assertThat(row.get("center").asString()).isEqualTo(CENTER);
		});

		// Every notice names the centre and not the agent: the person's, at the old and the new address …
		assertNotice(first, "Se verificaron sus datos de contacto en el IESS", agent, "A partir de ahora");
		assertNotice(first, "Se actualizaron sus datos personales en el IESS", agent, "su fecha de nacimiento");
		assertNotice(first, "Se cambiaron sus datos de contacto del IESS", agent, "era la registrada hasta ahora");
		assertNotice(second, "Se cambiaron sus datos de contacto del IESS", agent, "se registró ahora");
		assertNotice(second, "Se emitió una clave temporal para su cuenta del IESS", agent, "clave temporal");
		assertNotice(second, "Su clave del IESS fue desbloqueada", agent, "desbloqueada");
		assertNotice(second, "Su cuenta del IESS fue suspendida", agent, "suspendida");
		assertNotice(second, "Su cuenta del IESS fue reactivada", supervisor, "reactivada");
		// … and the employer's, at its registered email (the old and the new one), never the representative's.
		assertNotice(employerEmail, "Se registró su empresa como empleador en el IESS", agent, "RUC terminado en "
				+ ruc.substring(7));
		assertNotice(employerEmail, "Se actualizaron los datos de su empresa en el IESS", agent,
				"el correo electrónico registrado");
		assertNotice(employerNewEmail, "Se actualizaron los datos de su empresa en el IESS", agent,
				"es la que se registró ahora");
		assertThat(SMTP.to(second)).extracting(TestMailServer::subject)
			.doesNotContain("Se registró su empresa como empleador en el IESS",
					"Se actualizaron los datos de su empresa en el IESS");
	}

	Staff staff(TestFixtures api, String role) {
		String username = role.toLowerCase() + "-cuenca-" + System.nanoTime() % 10_000_000;
		ok(api.post("/api/v1/staff/users", "{\"username\":" + quote(username) + ",\"password\":"
				+ quote(TestFixtures.STAFF_PASSWORD) + ",\"roles\":[\"" + role + "\"],\"center\":" + quote(CENTER) + "}",
				api.adminToken()), 201);
		return new Staff(username, api.staffLogin(username, TestFixtures.STAFF_PASSWORD));
	}

	static String person(String birthDate) {
		return "{\"firstNames\":\"Rosa Elena\",\"lastNames\":\"Quishpe Tipán\",\"birthDate\":\"" + birthDate
				+ "\",\"fingerprintCode\":\"V4343V4242\",\"roles\":[\"AFILIADO\"]}";
	}

	static HttpResponse<String> verification(TestFixtures api, Staff agent, String cedula, String email) {
		return api.post("/api/v1/staff/persons/" + cedula + "/verification",
				TestFixtures.verificationBody(cedula, email, "0991234567"), agent.token());
	}

	static HttpResponse<String> employer(TestFixtures api, Staff agent, String ruc, String representative, String email) {
		return api.put("/api/v1/staff/employers/" + ruc, "{\"legalName\":\"Textiles del Azuay Cía. Ltda.\","
				+ "\"representativeCedula\":" + quote(representative) + ",\"email\":" + quote(email) + "}", agent.token());
	}

	static void ok(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
	}

	/** [type, actor, center] of the matching rows, oldest first. */
	List<List<String>> rows(String where, Object... params) {
		return jdbc.sql("select type, actor, center from audit_events where " + where + " order by id")
			.params(List.of(params))
			.query((rs, n) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	static void assertNotice(String to, String subject, Staff agent, String says) {
		String body = TestMailServer.body(SMTP.awaitSubject(to, subject, Duration.ofSeconds(10)));
		assertThat(body).contains(CENTER, says).doesNotContain(agent.username());
	}
}
