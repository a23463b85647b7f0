package ec.gob.iess.clave.counter;

import java.net.http.HttpResponse;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code PUT /api/v1/staff/employers/{ruc}}: an employer, its legal representative and registered email. */
@ClaveIntegrationTest
class EmployersIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	TestFixtures api;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
	}

	static String naturalRuc() {
		return TestCedulas.next() + "001";
	}

	HttpResponse<String> put(String ruc, String representative, String token) {
		return api.put("/api/v1/staff/employers/" + ruc, "{\"legalName\":\"Comercial Andrade S.A.\",\"representativeCedula\":\""
				+ representative + "\",\"email\":\"Talento.Humano@Andrade.example.ec\"}", token);
	}

	@Test
	void registersAnEmployerWithItsAccountThenUpdatesIt() {
		String representative = api.registerPerson(agent);
		String ruc = naturalRuc();

		HttpResponse<String> created = put(ruc, representative, agent);
		HttpResponse<String> updated = put(ruc, representative, agent);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(updated.statusCode()).isEqualTo(200);
		var body = json(created);
		assertThat(body.get("ruc").asString()).isEqualTo(ruc);
		assertThat(body.get("representativeCedula").asString()).isEqualTo(representative);
		assertThat(body.get("email").asString()).isEqualTo("talento.humano@andrade.example.ec");
		assertThat(body.get("credentialStatus").asString()).isEqualTo("SIN_CLAVE");
		assertThat(jdbc.sql("select kind from accounts where username = ?").param(ruc).query(String.class).single())
			.isEqualTo("EMPLEADOR");
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type in ('EMPLOYER_REGISTERED', 'EMPLOYER_UPDATED')")
			.param(ruc).query(Integer.class).single()).isEqualTo(2);
	}

	@Test
	void refusesAMalformedRucAnUnknownRepresentativeAndBadData() {
		String representative = api.registerPerson(agent);

		assertThat(json(put("1790011674002x", representative, agent)).get("code").asString()).isEqualTo("INVALID_RUC");
		assertThat(json(put("1790011675001", representative, agent)).get("code").asString()).isEqualTo("INVALID_RUC");
		assertThat(put(naturalRuc(), TestCedulas.next(), agent).statusCode()).isEqualTo(404);
		HttpResponse<String> badEmail = api.put("/api/v1/staff/employers/" + naturalRuc(),
				"{\"legalName\":\"X\",\"representativeCedula\":\"" + representative + "\",\"email\":\"no-es-correo\"}", agent);
		assertThat(badEmail.statusCode()).isEqualTo(400);
	}

	@Test
	void onlyCounterStaffMayRegisterEmployers() {
		String representative = api.registerPerson(agent);

		HttpResponse<String> byAdmin = put(naturalRuc(), representative, api.adminToken());

		assertThat(byAdmin.statusCode()).isEqualTo(403);
		assertThat(json(byAdmin).get("code").asString()).isEqualTo("FORBIDDEN");
	}
}
