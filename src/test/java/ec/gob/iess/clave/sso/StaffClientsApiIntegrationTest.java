package ec.gob.iess.clave.sso;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestFixtures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The administrator registers services for single sign-on (API.md {@code staff/clients}). */
@ClaveIntegrationTest
class StaffClientsApiIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ec.gob.iess.clave.portal.ServiceCatalog catalog;

	TestFixtures api;
	String admin;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		admin = api.adminToken();
	}

	static String body(String clientId, boolean confidential, String redirectUri) {
		return """
				{"clientId":"%s","name":"Cesantía","redirectUris":["%s"],"postLogoutRedirectUris":["https://cesantia.iess.test/"],
				 "scopes":["openid","profile","cedula"],"roles":["AFILIADO"],"confidential":%s}""".formatted(clientId,
				redirectUri, confidential);
	}

	@Test
	void aConfidentialServiceGetsItsSecretOnceStoredOnlyHashed() {
		String clientId = "cesantia-" + System.nanoTime();
		HttpResponse<String> created = api.post("/api/v1/staff/clients", body(clientId, true, "https://cesantia.iess.test/cb"),
				admin);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String secret = TestFixtures.json(created).get("clientSecret").asString();
		assertThat(secret).hasSizeGreaterThanOrEqualTo(43);

		String stored = jdbc.sql("select client_secret from oauth2_registered_client where client_id = ?").param(clientId)
			.query(String.class).single();
		assertThat(stored).startsWith("{hmac-sha256}").doesNotContain(secret);
		JsonNode listed = TestFixtures.json(api.get("/api/v1/staff/clients", admin));
		JsonNode mine = listed.valueStream().filter(client -> client.get("clientId").asString().equals(clientId))
			.findFirst().orElseThrow();
		assertThat(mine.get("confidential").asBoolean()).isTrue();
		assertThat(mine.get("scopes").toString()).contains("cedula");
		assertThat(mine.toString()).doesNotContain(secret).doesNotContain("hmac");
		// The secret authenticates the service at the token endpoint (the code is bad, the client is not).
		assertThat(token(clientId, secret).statusCode()).isEqualTo(400);
		assertThat(token(clientId, secret + "x").statusCode()).isEqualTo(401);
	}

	/** Secrets stored by bcrypt before decision 119 keep working, and are stored again as a keyed hash. */
	@Test
	void aSecretStoredByBcryptStillAuthenticatesAndIsStoredAgainAsAKeyedHash() {
		String clientId = "cesantia-" + System.nanoTime();
		HttpResponse<String> created = api.post("/api/v1/staff/clients", body(clientId, true, "https://cesantia.iess.test/cb"),
				admin);
		String secret = TestFixtures.json(created).get("clientSecret").asString();
		jdbc.sql("update oauth2_registered_client set client_secret = ? where client_id = ?")
			.params("{bcrypt}" + new BCryptPasswordEncoder().encode(secret), clientId).update();

		assertThat(token(clientId, secret + "x").statusCode()).isEqualTo(401);
		assertThat(token(clientId, secret).statusCode()).isEqualTo(400);

		String stored = jdbc.sql("select client_secret from oauth2_registered_client where client_id = ?").param(clientId)
			.query(String.class).single();
		assertThat(stored).startsWith("{hmac-sha256}");
		assertThat(token(clientId, secret).statusCode()).isEqualTo(400);
	}

	@Test
	void aPublicServiceHasNoSecretAndATakenIdIsRefused() {
		String clientId = "app-" + System.nanoTime();
		HttpResponse<String> created = api.post("/api/v1/staff/clients", body(clientId, false, "https://app.iess.test/cb"), admin);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(TestFixtures.json(created).get("clientSecret").isNull()).isTrue();
		assertThat(api.post("/api/v1/staff/clients", body(clientId, true, "https://app.iess.test/cb"), admin).statusCode())
			.isEqualTo(400);
	}

	@Test
	void aRedirectAddressThatIsNotHttpsIsRefused() {
		HttpResponse<String> refused = api.post("/api/v1/staff/clients",
				body("inseguro-" + System.nanoTime(), true, "http://servicio.example/cb"), admin);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("INVALID_REQUEST");
	}

	@Test
	void onlyAnAdministratorRegistersAndRemovesServices() {
		String agent = api.agent();
		assertThat(api.post("/api/v1/staff/clients", body("x-" + System.nanoTime(), true, "https://x.iess.test/cb"), agent)
			.statusCode()).isEqualTo(403);
		assertThat(api.get("/api/v1/staff/clients", agent).statusCode()).isEqualTo(403);
	}

	@Test
	void removingAServiceEndsItAndASecondRemovalIsNotFound() {
		String clientId = "quitar-" + System.nanoTime();
		String secret = TestFixtures.json(api.post("/api/v1/staff/clients", body(clientId, true, "https://q.iess.test/cb"), admin))
			.get("clientSecret").asString();
		assertThat(delete(clientId).statusCode()).isEqualTo(204);
		assertThat(token(clientId, secret).statusCode()).as("the service no longer authenticates").isEqualTo(401);
		assertThat(delete(clientId).statusCode()).isEqualTo(404);
		assertThat(jdbc.sql("select count(*) from audit_events where type in ('SSO_CLIENT_REGISTERED', 'SSO_CLIENT_REMOVED') "
				+ "and detail like ?").param(clientId + "%").query(Integer.class).single()).isEqualTo(2);
	}

	@Test
	void theMenuEntryChosenLaunchesTheServiceAndIsSeenByTheRolesItServes() {
		String code = "menu-" + System.nanoTime();
		catalog.add(code, "Servicio " + code, java.util.Set.of("BENEFICIARIO"), "/antes",
				ec.gob.iess.clave.audit.Origin.staff("pruebas", null, ec.gob.iess.clave.audit.Channel.COUNTER, null));
		String clientId = "lanzado-" + System.nanoTime();
		String elsewhere = body(clientId, true, "https://menu.iess.test/cb").replace("}",
				",\"menuEntry\":\"" + code + "\",\"startUri\":\"https://otro.iess.test/inicio\"}");
		HttpResponse<String> refused = api.post("/api/v1/staff/clients", elsewhere, admin);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(TestFixtures.json(refused).get("detail").asString()).contains("https://");
		HttpResponse<String> unknownEntry = api.post("/api/v1/staff/clients", body(clientId, true, "https://menu.iess.test/cb")
			.replace("}", ",\"menuEntry\":\"no-existe\",\"startUri\":\"https://menu.iess.test/inicio\"}"), admin);
		assertThat(unknownEntry.statusCode()).isEqualTo(400);
		assertThat(jdbc.sql("select count(*) from oauth2_registered_client where client_id = ?").param(clientId)
			.query(Integer.class).single()).as("all or nothing").isZero();

		HttpResponse<String> created = api.post("/api/v1/staff/clients", body(clientId, true, "https://menu.iess.test/cb")
			.replace("}", ",\"menuEntry\":\"" + code + "\",\"startUri\":\"https://menu.iess.test/inicio\"}"), admin);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(jdbc.sql("select client_id || ' ' || url || ' ' || roles from services where code = ?").param(code)
			.query(String.class).single()).isEqualTo(clientId + " https://menu.iess.test/inicio AFILIADO");

		assertThat(delete(clientId).statusCode()).isEqualTo(204);
		assertThat(jdbc.sql("select client_id from services where code = ?").param(code).query(String.class).optional())
			.as("the entry stays, a plain link").isEmpty();
	}

	private HttpResponse<String> delete(String clientId) {
		return RelyingParty.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/staff/clients/" + clientId))
			.header("Authorization", "Bearer " + admin).DELETE());
	}

	private HttpResponse<String> token(String clientId, String secret) {
		String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return RelyingParty.send(HttpRequest.newBuilder(URI.create(api.base() + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=nada&redirect_uri=https://q.iess.test/cb")));
	}
}
