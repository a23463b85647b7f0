package ec.gob.iess.clave.counter;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The staff API of API.md ("Staff") and PRODUCT.md §4.8 against the running application: who may call
 * what (StaffRole's matrix), what each counter action does to the person's account, and that every
 * one of them is audited with the agent and the centre. TOTP is off in this shared context; see
 * {@link StaffTotpIntegrationTest} for it.
 */
@ClaveIntegrationTest
class StaffApiIntegrationTest {

	static final String CENTER = "CAU Quito Norte";
	static final String WRONG_CLAVE = "una clave equivocada cualquiera";
	static final String PERSON = """
			{"firstNames":"Rosa Elena","lastNames":"Quishpe Tipán","birthDate":"1958-04-21",
			 "fingerprintCode":"V4343V4242","roles":["AFILIADO"]}""";
	/** A verification as the counter sends it: Rosa's contact and the person's own finger. */
	static String contact(String cedula) {
		return TestFixtures.verificationBody(cedula, "rosa.quishpe@example.ec", "0991234567");
	}

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	TestFixtures api;
	/** An AGENTE of {@value #CENTER}. */
	Staff agent;

	record Staff(String username, String token) {
	}

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = staff("AGENTE");
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	@Test
	void theBootstrapAdministratorCanLogIn() {
		HttpResponse<String> response = api.post("/api/v1/staff/login", "{\"username\":" + quote(TestFixtures.ADMIN)
				+ ",\"password\":" + quote(TestFixtures.ADMIN_PASSWORD) + "}", null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = json(response);
		assertThat(body.get("tokenType").asString()).isEqualTo("Bearer");
		assertThat(body.get("accessToken").asString()).hasSizeGreaterThanOrEqualTo(22);
		assertThat(body.get("roles").toString()).contains("ADMINISTRADOR");
		assertThat(api.get("/api/v1/staff/audit?limit=1", body.get("accessToken").asString()).statusCode()).isEqualTo(200);
	}

	@Test
	void aWrongStaffPasswordIsRefusedWithTheGenericAnswer() {
		Staff other = staff("AGENTE");

		HttpResponse<String> response = api.post("/api/v1/staff/login",
				"{\"username\":" + quote(other.username()) + ",\"password\":" + quote(WRONG_CLAVE) + "}", null);

		assertProblem(response, 401, "INVALID_CREDENTIALS");
	}

	@Nested
	class WithoutAStaffToken {

		@Test
		void everyStaffCallAnswersUnauthenticated() {
			for (StaffCall call : staffCalls(TestCedulas.next())) {
				assertProblem(call.send(api, null), 401, "UNAUTHENTICATED");
			}
		}

		@Test
		void anUnknownBearerTokenIsUnauthenticatedToo() {
			for (StaffCall call : staffCalls(TestCedulas.next())) {
				assertProblem(call.send(api, "no-es-un-token-valido-de-nadie"), 401, "UNAUTHENTICATED");
			}
		}

		@Test
		void aPersonsBearerTokenIsForbidden() {
			String cedula = api.activePerson(agent.token());
			String personToken = json(api.login(cedula, GOOD_CLAVE)).get("accessToken").asString();

			for (StaffCall call : staffCalls(cedula)) {
				assertProblem(call.send(api, personToken), 403, "FORBIDDEN");
			}
			assertThat(api.status(agent.token(), cedula)).isEqualTo("ACTIVA");
		}
	}

	@Nested
	class RoleMatrix {

		@Test
		void anAgentCannotCreateStaffUsers() {
			String username = "intruso-" + System.nanoTime() % 1_000_000;

			assertProblem(createStaff(username, "[\"SUPERVISOR\"]", agent.token()), 403, "FORBIDDEN");

			assertProblem(api.post("/api/v1/staff/login",
					"{\"username\":" + quote(username) + ",\"password\":" + quote(TestFixtures.STAFF_PASSWORD) + "}", null),
					401, "INVALID_CREDENTIALS");
		}

		@Test
		void aSupervisorCannotCreateStaffUsers() {
			Staff supervisor = staff("SUPERVISOR");

			assertProblem(createStaff("intruso-" + System.nanoTime() % 1_000_000, "[\"AGENTE\"]", supervisor.token()), 403,
					"FORBIDDEN");
		}

		@Test
		void anAdministratorCannotRegisterAPerson() {
			String cedula = TestCedulas.next();

			assertProblem(api.put("/api/v1/staff/persons/" + cedula, PERSON, api.adminToken()), 403, "FORBIDDEN");

			assertProblem(api.get("/api/v1/staff/persons/" + cedula, agent.token()), 404, "NOT_FOUND");
		}

		@Test
		void anAdministratorCannotReadAPerson() {
			String cedula = api.registerPerson(agent.token());

			assertProblem(api.get("/api/v1/staff/persons/" + cedula, api.adminToken()), 403, "FORBIDDEN");
		}

		@Test
		void anAdministratorCannotIssueAClave() {
			String cedula = api.registerPerson(agent.token());

			assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/temporary-password", null, api.adminToken()), 403,
					"FORBIDDEN");

			assertThat(api.status(agent.token(), cedula)).isEqualTo("SIN_CLAVE");
		}

		@Test
		void anAdministratorCannotVerifyUnlockSuspendOrReactivate() {
			String cedula = api.activePerson(agent.token());
			String admin = api.adminToken();

			assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/verification", contact(cedula), admin), 403, "FORBIDDEN");
			assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/unlock", null, admin), 403, "FORBIDDEN");
			assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/suspend", "{\"reason\":\"prueba\"}", admin), 403,
					"FORBIDDEN");
			assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/reactivate", null, admin), 403, "FORBIDDEN");

			JsonNode person = json(api.get("/api/v1/staff/persons/" + cedula, agent.token()));
			assertThat(person.get("credentialStatus").asString()).isEqualTo("ACTIVA");
			assertThat(person.get("verifiedContact").isNull()).isTrue();
		}

		@Test
		void anAgentCannotReactivate() {
			String cedula = api.activePerson(agent.token());
			suspend(agent, cedula);

			assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/reactivate", null, agent.token()), 403, "FORBIDDEN");

			assertThat(api.status(agent.token(), cedula)).isEqualTo("SUSPENDIDA");
		}

		@Test
		void aSupervisorCanReactivate() {
			String cedula = api.activePerson(agent.token());
			suspend(agent, cedula);
			Staff supervisor = staff("SUPERVISOR");

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/reactivate", null,
					supervisor.token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
			assertThat(api.status(agent.token(), cedula)).isEqualTo("ACTIVA");
		}

		@Test
		void aSupervisorActsOnPersonsLikeAnAgent() {
			Staff supervisor = staff("SUPERVISOR");

			String cedula = api.activePerson(supervisor.token());

			assertThat(api.status(supervisor.token(), cedula)).isEqualTo("ACTIVA");
		}

		@Test
		void anAgentCannotReadTheAudit() {
			assertProblem(api.get("/api/v1/staff/audit", agent.token()), 403, "FORBIDDEN");
		}

		@Test
		void aSupervisorCanReadTheAudit() {
			HttpResponse<String> response = api.get("/api/v1/staff/audit", staff("SUPERVISOR").token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(json(response).isArray()).isTrue();
		}

		@Test
		void anAdministratorCanReadTheAudit() {
			HttpResponse<String> response = api.get("/api/v1/staff/audit", api.adminToken());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(json(response).isArray()).isTrue();
		}
	}

	@Nested
	class CreateStaffUser {

		@Test
		void answers201WithTheUsernameAndABase32TotpSecret() {
			String username = "agente-nuevo-" + System.nanoTime() % 1_000_000;

			HttpResponse<String> response = createStaff(username, "[\"AGENTE\"]", api.adminToken());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			JsonNode body = json(response);
			assertThat(body.get("username").asString()).isEqualTo(username);
			String secret = body.get("totpSecret").asString();
			assertThat(secret).matches("[A-Z2-7]{16,}");
			assertThat(new Base32().decode(secret)).hasSizeGreaterThanOrEqualTo(16);
			assertThat(api.staffLogin(username, TestFixtures.STAFF_PASSWORD)).isNotBlank();
		}

		@Test
		void everyNewUserGetsItsOwnSecret() {
			String admin = api.adminToken();
			String first = json(createStaff("agente-a-" + System.nanoTime() % 1_000_000, "[\"AGENTE\"]", admin))
				.get("totpSecret").asString();
			String second = json(createStaff("agente-b-" + System.nanoTime() % 1_000_000, "[\"AGENTE\"]", admin))
				.get("totpSecret").asString();

			assertThat(first).isNotEqualTo(second);
		}

		@ParameterizedTest(name = "roles {0}")
		@ValueSource(strings = { "[]", "null", "[\"JEFE\"]", "[null]", "\"AGENTE\"", "[\"agente\"]" })
		void refusesMissingEmptyOrUnknownRolesWith400(String roles) {
			String username = "agente-roles-" + System.nanoTime() % 1_000_000;

			assertProblem(createStaff(username, roles, api.adminToken()), 400, "INVALID_REQUEST");
		}

		@ParameterizedTest(name = "roles {0}")
		@ValueSource(strings = { "[\"ADMINISTRADOR\",\"AGENTE\"]", "[\"SUPERVISOR\",\"ADMINISTRADOR\"]" })
		void refusesAnAdministratorWhoWouldAlsoServeAtTheCounter(String roles) {
			String username = "admin-mixto-" + System.nanoTime() % 1_000_000;

			assertProblem(createStaff(username, roles, api.adminToken()), 400, "INVALID_REQUEST");
		}

		@Test
		void refusesAMissingRolesField() {
			HttpResponse<String> response = api.post("/api/v1/staff/users", "{\"username\":\"agente-sin-roles\",\"password\":"
					+ quote(TestFixtures.STAFF_PASSWORD) + ",\"center\":" + quote(CENTER) + "}", api.adminToken());

			assertProblem(response, 400, "INVALID_REQUEST");
		}

		@ParameterizedTest(name = "username \"{0}\"")
		// Digits only would be a cédula: the session index by principal name must not mix staff and people.
		@ValueSource(strings = { "", "ab", "Ana.Perez", "ana perez", "ana@cau", "agente/../admin",
				"un-nombre-de-usuario-demasiado-largo-para-ser-aceptado-por-clave-hoy", "1712345678", "0990012345001",
				"17.12-34_5" })
		void refusesABadUsernameWith400(String username) {
			assertProblem(createStaff(username, "[\"AGENTE\"]", api.adminToken()), 400, "INVALID_REQUEST");
		}

		@Test
		void refusesAnExistingUsernameWith400() {
			assertProblem(createStaff(agent.username(), "[\"SUPERVISOR\"]", api.adminToken()), 400, "INVALID_REQUEST");
		}

		@Test
		void refusesAWeakPasswordWith400AndItsReasons() {
			String username = "agente-debil-" + System.nanoTime() % 1_000_000;

			HttpResponse<String> response = api.post("/api/v1/staff/users", "{\"username\":" + quote(username)
					+ ",\"password\":\"corta\",\"roles\":[\"AGENTE\"],\"center\":" + quote(CENTER) + "}", api.adminToken());

			assertProblem(response, 400, "WEAK_PASSWORD");
			assertThat(json(response).get("reasons").isArray()).isTrue();
			assertThat(json(response).get("reasons").size()).isPositive();
			assertProblem(api.post("/api/v1/staff/login",
					"{\"username\":" + quote(username) + ",\"password\":\"corta\"}", null), 401, "INVALID_CREDENTIALS");
		}

		@Test
		void refusesAMissingCenterWith400() {
			HttpResponse<String> response = api.post("/api/v1/staff/users", "{\"username\":\"agente-sin-centro\",\"password\":"
					+ quote(TestFixtures.STAFF_PASSWORD) + ",\"roles\":[\"AGENTE\"]}", api.adminToken());

			assertProblem(response, 400, "INVALID_REQUEST");
		}
	}

	@Nested
	class PutPerson {

		@Test
		void answers201ForANewPersonThen200ForAnUpdateVisibleInGet() {
			String cedula = TestCedulas.next();

			HttpResponse<String> created = api.put("/api/v1/staff/persons/" + cedula, PERSON, agent.token());

			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			assertThat(json(created).get("cedula").asString()).isEqualTo(cedula);
			assertThat(json(created).get("credentialStatus").asString()).isEqualTo("SIN_CLAVE");

			HttpResponse<String> updated = api.put("/api/v1/staff/persons/" + cedula, """
					{"firstNames":"Rosa María","lastNames":"Quishpe Chango","birthDate":"1958-04-22",
					 "fingerprintCode":"v4343 v4242","roles":["PENSIONISTA","AFILIADO"]}""", agent.token());

			assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
			JsonNode person = json(api.get("/api/v1/staff/persons/" + cedula, agent.token()));
			assertThat(person.get("firstNames").asString()).isEqualTo("Rosa María");
			assertThat(person.get("lastNames").asString()).isEqualTo("Quishpe Chango");
			assertThat(person.get("birthDate").asString()).isEqualTo("1958-04-22");
			assertThat(person.get("fingerprintCode").asString()).isEqualTo("V4343V4242");
			assertThat(person.get("roles").toString()).contains("AFILIADO", "PENSIONISTA");
		}

		@Test
		void anUpdateKeepsTheClaveAndTheVerifiedContact() {
			String cedula = api.activePerson(agent.token());
			verify(agent, cedula);

			HttpResponse<String> updated = api.put("/api/v1/staff/persons/" + cedula,
					PERSON.replace("Rosa Elena", "Rosa"), agent.token());

			assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
			JsonNode person = json(updated);
			assertThat(person.get("credentialStatus").asString()).isEqualTo("ACTIVA");
			assertThat(person.get("verifiedContact").get("email").asString()).isEqualTo("rosa.quishpe@example.ec");
			assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		}

		@ParameterizedTest(name = "cédula \"{0}\"")
		@ValueSource(strings = { "1714307104", "171430710", "17143071033", "abcdefghij", "9914307103" })
		void anInvalidCedulaInThePathIsInvalidCedula(String cedula) {
			assertProblem(api.put("/api/v1/staff/persons/" + cedula, PERSON, agent.token()), 400, "INVALID_CEDULA");
			assertProblem(api.get("/api/v1/staff/persons/" + cedula, agent.token()), 400, "INVALID_CEDULA");
		}

		static Stream<Arguments> badBodies() {
			return Stream.of(
					Arguments.of("a birth date that is not a date", PERSON.replace("1958-04-21", "21/04/1958")),
					Arguments.of("a birth date that does not exist", PERSON.replace("1958-04-21", "1958-02-30")),
					Arguments.of("a birth date in the future", PERSON.replace("1958-04-21", "2999-01-01")),
					Arguments.of("a birth date before 1900", PERSON.replace("1958-04-21", "1899-12-31")),
					Arguments.of("no birth date", PERSON.replace("\"birthDate\":\"1958-04-21\",", "")),
					Arguments.of("an unknown role", PERSON.replace("AFILIADO", "JUBILADO")),
					Arguments.of("no role", PERSON.replace("[\"AFILIADO\"]", "[]")),
					Arguments.of("a null role", PERSON.replace("[\"AFILIADO\"]", "[null]")),
					Arguments.of("a bad fingerprint code", PERSON.replace("V4343V4242", "X1234")),
					Arguments.of("no fingerprint code", PERSON.replace("\"V4343V4242\"", "null")),
					Arguments.of("empty first names", PERSON.replace("Rosa Elena", "")),
					Arguments.of("blank last names", PERSON.replace("Quishpe Tipán", "   ")),
					Arguments.of("names that are digits", PERSON.replace("Rosa Elena", "12345")),
					Arguments.of("names far too long", PERSON.replace("Rosa Elena", "Rosa".repeat(60))),
					Arguments.of("broken JSON", "{\"firstNames\":\"Rosa Elena\",\"lastNames\":"),
					Arguments.of("an empty body", ""),
					Arguments.of("a JSON null", "null"),
					Arguments.of("a JSON array", "[]"),
					Arguments.of("names as an array", PERSON.replace("\"Rosa Elena\"", "[\"Rosa\",\"Elena\"]")),
					Arguments.of("roles as an object", PERSON.replace("[\"AFILIADO\"]", "{\"AFILIADO\":true}")),
					Arguments.of("a birth date as an object", PERSON.replace("\"1958-04-21\"", "{\"year\":1958}")),
					Arguments.of("a birth date as a boolean", PERSON.replace("\"1958-04-21\"", "true")));
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("badBodies")
		void aBadBodyIsInvalidRequestAndWritesNothing(String what, String body) {
			String cedula = TestCedulas.next();

			HttpResponse<String> response = api.put("/api/v1/staff/persons/" + cedula, body, agent.token());

			assertThat(response.statusCode()).as(what + ": " + response.body()).isLessThan(500);
			assertProblem(response, 400, "INVALID_REQUEST");
			assertProblem(api.get("/api/v1/staff/persons/" + cedula, agent.token()), 404, "NOT_FOUND");
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("badBodies")
		void aBadBodyLeavesAnExistingPersonAsItWas(String what, String body) {
			String cedula = api.registerPerson(agent.token());

			HttpResponse<String> response = api.put("/api/v1/staff/persons/" + cedula, body, agent.token());

			assertProblem(response, 400, "INVALID_REQUEST");
			JsonNode person = json(api.get("/api/v1/staff/persons/" + cedula, agent.token()));
			assertThat(person.get("firstNames").asString()).isEqualTo("Rosa Elena");
			assertThat(person.get("lastNames").asString()).isEqualTo("Quishpe Tipán");
			assertThat(person.get("birthDate").asString()).isEqualTo("1958-04-21");
			assertThat(person.get("fingerprintCode").asString()).isEqualTo("V4343V4242");
			assertThat(person.get("roles").toString()).isEqualTo("[\"AFILIADO\"]");
		}
	}

	@Nested
	class GetPerson {

		@Test
		void anUnknownPersonIsNotFound() {
			assertProblem(api.get("/api/v1/staff/persons/" + TestCedulas.next(), agent.token()), 404, "NOT_FOUND");
		}

		@Test
		void showsTheStateNoFailuresAndNoVerifiedContactForANewPerson() {
			String cedula = api.registerPerson(agent.token());

			HttpResponse<String> response = api.get("/api/v1/staff/persons/" + cedula, agent.token());

			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode person = json(response);
			assertThat(person.get("cedula").asString()).isEqualTo(cedula);
			assertThat(person.get("credentialStatus").asString()).isEqualTo("SIN_CLAVE");
			assertThat(person.get("failedAttempts").asInt()).isZero();
			assertThat(person.has("verifiedContact")).as("verifiedContact is present, as null").isTrue();
			assertThat(person.get("verifiedContact").isNull()).isTrue();
		}

		@Test
		void countsTheFailedLogins() {
			String cedula = api.activePerson(agent.token());
			api.login(cedula, WRONG_CLAVE);
			api.login(cedula, WRONG_CLAVE);

			JsonNode person = json(api.get("/api/v1/staff/persons/" + cedula, agent.token()));

			assertThat(person.get("credentialStatus").asString()).isEqualTo("ACTIVA");
			assertThat(person.get("failedAttempts").asInt()).isEqualTo(2);
		}

		@Test
		void neverShowsAClaveOrAHash() {
			String cedula = api.registerPerson(agent.token());
			String temporary = api.temporaryClave(agent.token(), cedula);

			HttpResponse<String> response = api.get("/api/v1/staff/persons/" + cedula, agent.token());

			assertThat(response.body()).doesNotContain("$argon2").doesNotContain(temporary);
			assertThat(fieldNames(json(response))).noneMatch(name -> name.toLowerCase(Locale.ROOT).contains("hash")
					|| name.toLowerCase(Locale.ROOT).contains("password") || name.toLowerCase(Locale.ROOT).equals("clave"));

			String active = api.activePerson(agent.token());
			HttpResponse<String> activeView = api.get("/api/v1/staff/persons/" + active, agent.token());
			assertThat(activeView.body()).doesNotContain("$argon2").doesNotContain(GOOD_CLAVE);
		}
	}

	@Nested
	class Verification {

		@Test
		void recordsTheContactWith201AndShowsItWithTheCentre() {
			String cedula = api.registerPerson(agent.token());
			Instant before = clock.instant();

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/verification", contact(cedula),
					agent.token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			JsonNode contact = json(api.get("/api/v1/staff/persons/" + cedula, agent.token())).get("verifiedContact");
			assertThat(contact.get("email").asString()).isEqualTo("rosa.quishpe@example.ec");
			assertThat(contact.get("mobile").asString()).isEqualTo("+593991234567");
			assertThat(contact.get("center").asString()).isEqualTo(CENTER);
			Instant verifiedAt = Instant.parse(contact.get("verifiedAt").asString());
			assertThat(verifiedAt).isBetween(before.minusSeconds(1), clock.instant().plusSeconds(1));
		}

		@Test
		void acceptsAnInternationalMobileAndNormalisesTheEmail() {
			String cedula = api.registerPerson(agent.token());

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/verification",
					TestFixtures.verificationBody(cedula, " Rosa.Quishpe@Example.EC ", "+593 99 123 4567"), agent.token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			JsonNode contact = json(response).get("verifiedContact");
			assertThat(contact.get("email").asString()).isEqualTo("rosa.quishpe@example.ec");
			assertThat(contact.get("mobile").asString()).isEqualTo("+593991234567");
		}

		@ParameterizedTest(name = "email \"{0}\"")
		@ValueSource(strings = { "", "rosa", "rosa@", "@example.ec", "rosa@example", "rosa quishpe@example.ec",
				"rosa@@example.ec" })
		void refusesAnInvalidEmailWith400(String email) {
			String cedula = api.registerPerson(agent.token());

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/verification",
					TestFixtures.verificationBody(cedula, email, "0991234567"), agent.token());

			assertProblem(response, 400, "INVALID_REQUEST");
			assertThat(json(api.get("/api/v1/staff/persons/" + cedula, agent.token())).get("verifiedContact").isNull())
				.isTrue();
		}

		@ParameterizedTest(name = "mobile \"{0}\"")
		@ValueSource(strings = { "", "12345", "0891234567", "099123456", "09912345678", "+1 555 123 4567", "099123456x" })
		void refusesAnInvalidMobileWith400(String mobile) {
			String cedula = api.registerPerson(agent.token());

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/verification",
					TestFixtures.verificationBody(cedula, "rosa.quishpe@example.ec", mobile), agent.token());

			assertProblem(response, 400, "INVALID_REQUEST");
			assertThat(json(api.get("/api/v1/staff/persons/" + cedula, agent.token())).get("verifiedContact").isNull())
				.isTrue();
		}

		@ParameterizedTest(name = "fingerprintImage {0}")
		@ValueSource(strings = { "\"esto no es base64 %%%\"", "\"R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\"",
				"\"\"", "12345", "[\"iVBORw0KGgo=\"]" })
		void refusesAFingerprintImageThatIsNotABase64PngWith400(String image) {
			String cedula = api.registerPerson(agent.token());

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/verification",
					"{\"email\":\"rosa.quishpe@example.ec\",\"mobile\":\"0991234567\",\"fingerprintImage\":" + image + "}",
					agent.token());

			assertProblem(response, 400, "INVALID_REQUEST");
			assertThat(json(api.get("/api/v1/staff/persons/" + cedula, agent.token())).get("verifiedContact").isNull())
				.isTrue();
		}

		@Test
		void aSecondVerificationReplacesTheContact() {
			String cedula = api.registerPerson(agent.token());
			verify(agent, cedula);

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/verification",
					TestFixtures.verificationBody(cedula, "rosa.nueva@example.ec", "0987654321"), agent.token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			JsonNode contact = json(response).get("verifiedContact");
			assertThat(contact.get("email").asString()).isEqualTo("rosa.nueva@example.ec");
			assertThat(contact.get("mobile").asString()).isEqualTo("+593987654321");
		}

		@Test
		void anUnknownPersonIsNotFound() {
			String unknown = TestCedulas.next();
			assertProblem(api.post("/api/v1/staff/persons/" + unknown + "/verification", contact(unknown), agent.token()),
					404, "NOT_FOUND");
		}
	}

	@Nested
	class TemporaryPassword {

		@Test
		void answers201WithAClaveValidFor72HoursAndTheAccountBecomesTemporal() {
			String cedula = api.registerPerson(agent.token());

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/temporary-password", null,
					agent.token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			JsonNode body = json(response);
			String temporary = body.get("temporaryPassword").asString();
			assertThat(temporary.codePointCount(0, temporary.length())).isGreaterThanOrEqualTo(15);
			Instant expiresAt = Instant.parse(body.get("expiresAt").asString());
			assertThat(Duration.between(clock.instant(), expiresAt).toSeconds())
				.isCloseTo(Duration.ofHours(72).toSeconds(), within(60L));
			assertThat(api.status(agent.token(), cedula)).isEqualTo("TEMPORAL");
		}

		@Test
		void thePersonCanLogInWithItAndMustChangeIt() {
			String cedula = api.registerPerson(agent.token());
			String temporary = api.temporaryClave(agent.token(), cedula);

			HttpResponse<String> login = api.login(cedula, temporary);

			assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
			assertThat(json(login).get("passwordChangeRequired").asBoolean()).isTrue();
		}

		@Test
		void aNewTemporaryClaveVoidsThePreviousOne() {
			String cedula = api.registerPerson(agent.token());
			String first = api.temporaryClave(agent.token(), cedula);

			String second = api.temporaryClave(agent.token(), cedula);

			assertThat(second).isNotEqualTo(first);
			assertProblem(api.login(cedula, first), 401, "INVALID_CREDENTIALS");
			assertThat(api.login(cedula, second).statusCode()).isEqualTo(200);
		}

		@Test
		void aSuspendedPersonGetsNone() {
			String cedula = api.activePerson(agent.token());
			suspend(agent, cedula);

			assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/temporary-password", null, agent.token()), 403,
					"FORBIDDEN");

			assertThat(api.status(agent.token(), cedula)).isEqualTo("SUSPENDIDA");
			assertProblem(api.login(cedula, GOOD_CLAVE), 401, "INVALID_CREDENTIALS");
		}

		@Test
		void anUnknownPersonIsNotFound() {
			assertProblem(api.post("/api/v1/staff/persons/" + TestCedulas.next() + "/temporary-password", null,
					agent.token()), 404, "NOT_FOUND");
		}
	}

	@Nested
	class Unlock {

		@Test
		void unlocksABlockedAccountSoTheRightClaveWorksAgain() {
			String cedula = api.activePerson(agent.token());
			lockByWrongLogins(cedula);
			assertThat(api.status(agent.token(), cedula)).isEqualTo("BLOQUEADA");

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/unlock", null, agent.token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
			JsonNode person = json(api.get("/api/v1/staff/persons/" + cedula, agent.token()));
			assertThat(person.get("credentialStatus").asString()).isEqualTo("ACTIVA");
			assertThat(person.get("failedAttempts").asInt()).isZero();
			assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		}

		@Test
		void anAccountThatIsNotLockedIsLeftAsItWas() {
			String cedula = api.activePerson(agent.token());
			api.login(cedula, WRONG_CLAVE);
			api.login(cedula, WRONG_CLAVE);

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/unlock", null, agent.token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
			JsonNode person = json(api.get("/api/v1/staff/persons/" + cedula, agent.token()));
			assertThat(person.get("credentialStatus").asString()).isEqualTo("ACTIVA");
			assertThat(person.get("failedAttempts").asInt()).isEqualTo(2);
			assertThat(auditTypes(cedula)).doesNotContain("ACCOUNT_UNLOCKED");
		}

		@Test
		void aPersonWithoutClaveStaysWithoutClave() {
			String cedula = api.registerPerson(agent.token());

			assertThat(api.post("/api/v1/staff/persons/" + cedula + "/unlock", null, agent.token()).statusCode())
				.isEqualTo(204);

			assertThat(api.status(agent.token(), cedula)).isEqualTo("SIN_CLAVE");
		}

		@Test
		void aSuspendedAccountStaysSuspended() {
			String cedula = api.activePerson(agent.token());
			suspend(agent, cedula);

			assertThat(api.post("/api/v1/staff/persons/" + cedula + "/unlock", null, agent.token()).statusCode())
				.isEqualTo(204);

			assertThat(api.status(agent.token(), cedula)).isEqualTo("SUSPENDIDA");
		}

		@Test
		void anUnknownPersonIsNotFound() {
			assertProblem(api.post("/api/v1/staff/persons/" + TestCedulas.next() + "/unlock", null, agent.token()), 404,
					"NOT_FOUND");
		}
	}

	@Nested
	class SuspendAndReactivate {

		@Test
		void aSuspensionWithAReasonEndsThePersonsAccess() {
			String cedula = api.activePerson(agent.token());
			String personToken = json(api.login(cedula, GOOD_CLAVE)).get("accessToken").asString();
			assertThat(api.get("/api/v1/me", personToken).statusCode()).isEqualTo(200);

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/suspend",
					"{\"reason\":\"denuncia de suplantación\"}", agent.token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
			assertThat(api.status(agent.token(), cedula)).isEqualTo("SUSPENDIDA");
			assertProblem(api.get("/api/v1/me", personToken), 401, "UNAUTHENTICATED");
			assertProblem(api.login(cedula, GOOD_CLAVE), 401, "INVALID_CREDENTIALS");
		}

		@ParameterizedTest(name = "body {0}")
		@ValueSource(strings = { "{}", "{\"reason\":null}", "{\"reason\":\"\"}", "{\"reason\":\"   \"}" })
		void aSuspensionWithoutReasonIsRefusedWith400(String body) {
			String cedula = api.activePerson(agent.token());

			assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/suspend", body, agent.token()), 400,
					"INVALID_REQUEST");

			assertThat(api.status(agent.token(), cedula)).isEqualTo("ACTIVA");
			assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		}

		@Test
		void aReasonLongerThan500CharactersIsRefusedWith400() {
			String cedula = api.activePerson(agent.token());

			assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/suspend",
					"{\"reason\":" + quote("fraude ".repeat(72)) + "}", agent.token()), 400, "INVALID_REQUEST");

			assertThat(api.status(agent.token(), cedula)).isEqualTo("ACTIVA");
		}

		@Test
		void reactivatingAnAccountThatIsNotSuspendedChangesNothing() {
			String cedula = api.registerPerson(agent.token());
			Staff supervisor = staff("SUPERVISOR");

			assertThat(api.post("/api/v1/staff/persons/" + cedula + "/reactivate", null, supervisor.token()).statusCode())
				.isEqualTo(204);

			assertThat(api.status(agent.token(), cedula)).isEqualTo("SIN_CLAVE");
			assertThat(auditTypes(cedula)).doesNotContain("ACCOUNT_REACTIVATED");
		}

		@Test
		void aSuspensionWithoutBodyIsRefusedWith400() {
			String cedula = api.activePerson(agent.token());

			assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/suspend", null, agent.token()), 400,
					"INVALID_REQUEST");

			assertThat(api.status(agent.token(), cedula)).isEqualTo("ACTIVA");
		}

		@Test
		void aSupervisorsReactivationLetsThePersonLogInAgain() {
			String cedula = api.activePerson(agent.token());
			suspend(agent, cedula);
			Staff supervisor = staff("SUPERVISOR");

			HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/reactivate", null,
					supervisor.token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
			assertThat(api.status(agent.token(), cedula)).isEqualTo("ACTIVA");
			assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		}

		@Test
		void anUnknownPersonIsNotFound() {
			assertProblem(api.post("/api/v1/staff/persons/" + TestCedulas.next() + "/suspend", "{\"reason\":\"prueba\"}",
					agent.token()), 404, "NOT_FOUND");
		}
	}

	@Nested
	class Audit {

		@Test
		void everyCounterActionIsAuditedNewestFirstWithTheAgentAndTheCentre() {
			Staff supervisor = staff("SUPERVISOR");
			String cedula = TestCedulas.next();
			assertThat(api.put("/api/v1/staff/persons/" + cedula, PERSON, agent.token()).statusCode()).isEqualTo(201);
			assertThat(api.put("/api/v1/staff/persons/" + cedula, PERSON.replace("Rosa Elena", "Rosa"), agent.token())
				.statusCode()).isEqualTo(200);
			verify(agent, cedula);
			String temporary = api.temporaryClave(agent.token(), cedula);
			assertThat(api.post("/api/v1/password/change", "{\"username\":\"" + cedula + "\",\"currentPassword\":"
					+ quote(temporary) + ",\"newPassword\":" + quote(GOOD_CLAVE) + ",\"acceptAgreement\":true}", null)
				.statusCode()).isEqualTo(204);
			lockByWrongLogins(cedula);
			assertThat(api.post("/api/v1/staff/persons/" + cedula + "/unlock", null, agent.token()).statusCode())
				.isEqualTo(204);
			suspend(agent, cedula);
			assertThat(api.post("/api/v1/staff/persons/" + cedula + "/reactivate", null, supervisor.token()).statusCode())
				.isEqualTo(204);

			HttpResponse<String> response = api.get("/api/v1/staff/audit?account=" + cedula + "&limit=1000",
					supervisor.token());

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			List<JsonNode> rows = rows(response);
			assertThat(rows).allSatisfy(row -> assertThat(row.get("account").asString()).isEqualTo(cedula));
			assertNewestFirst(rows);
			List<JsonNode> counter = rows.stream().filter(row -> "COUNTER".equals(row.get("channel").asString())).toList();
			assertThat(counter).extracting(row -> row.get("type").asString())
				.containsExactly("ACCOUNT_REACTIVATED", "ACCOUNT_SUSPENDED", "ACCOUNT_UNLOCKED", "TEMPORARY_PASSWORD_ISSUED",
						"CONTACT_VERIFIED", "FINGERPRINT_ENROLLED", "PERSON_UPDATED", "PERSON_REGISTERED");
			assertThat(counter).allSatisfy(row -> {
				assertThat(row.get("outcome").asString()).isEqualTo("SUCCESS");
				assertThat(row.get("ip").isNull()).isFalse();
			});
			assertThat(counter).extracting(row -> row.get("actor").asString())
				.containsExactly(supervisor.username(), agent.username(), agent.username(), agent.username(),
						agent.username(), agent.username(), agent.username(), agent.username());
			assertThat(counter).extracting(row -> row.get("center").asString()).containsOnly(CENTER);
			assertThat(rows).filteredOn(row -> !"COUNTER".equals(row.get("channel").asString()))
				.allSatisfy(row -> assertThat(row.get("center").isNull()).isTrue());
		}

		@Test
		void theAccountFilterShowsOnlyThatAccount() {
			String first = api.registerPerson(agent.token());
			String second = api.registerPerson(agent.token());

			List<JsonNode> rows = rows(api.get("/api/v1/staff/audit?account=" + first, api.adminToken()));

			assertThat(rows).extracting(row -> row.get("account").asString()).containsOnly(first).doesNotContain(second);
			assertThat(rows).extracting(row -> row.get("type").asString()).containsExactly("PERSON_REGISTERED");
		}

		@Test
		void withoutAnAccountItShowsTheNewestEventsOfAll() {
			String cedula = api.registerPerson(agent.token());

			List<JsonNode> rows = rows(api.get("/api/v1/staff/audit?limit=1", api.adminToken()));

			assertThat(rows).hasSize(1);
			// Nothing happened in between in this test; other test classes may share the database, so only the
			// newest entry of our own account is certain to be among a wider window.
			List<JsonNode> recent = rows(api.get("/api/v1/staff/audit?limit=1000", api.adminToken()));
			// Other test classes in this JVM append at the same time as each other (the oldest of these rows are
			// minutes older than the newest, so oldest first would still fail).
			assertNewestFirst(recent, Duration.ofSeconds(2));
			assertThat(recent).anySatisfy(row -> {
				assertThat(row.get("account").asString("")).isEqualTo(cedula);
				assertThat(row.get("type").asString()).isEqualTo("PERSON_REGISTERED");
			});
		}

		@Test
		void theLimitIsHonoured() {
			String cedula = api.activePerson(agent.token());
			suspend(agent, cedula);

			List<JsonNode> rows = rows(api.get("/api/v1/staff/audit?account=" + cedula + "&limit=2", api.adminToken()));

			assertThat(rows).hasSize(2);
			assertThat(rows.get(0).get("type").asString()).isEqualTo("ACCOUNT_SUSPENDED");
		}

		@ParameterizedTest(name = "limit={0}")
		@ValueSource(strings = { "0", "-1", "1001", "100000", "2147483648", "diez", "1.5" })
		void aLimitOutsideOneToAThousandIsRefusedWith400(String limit) {
			assertProblem(api.get("/api/v1/staff/audit?limit=" + limit, api.adminToken()), 400, "INVALID_REQUEST");
		}

		@ParameterizedTest(name = "limit={0}")
		@ValueSource(strings = { "1", "1000" })
		void theLimitsOfTheRangeAreAccepted(String limit) {
			assertThat(api.get("/api/v1/staff/audit?limit=" + limit, api.adminToken()).statusCode()).isEqualTo(200);
		}
	}

	// --- helpers --------------------------------------------------------------------------------------

	/** One staff call of API.md, with a plausible body, against {@code cedula}. */
	record StaffCall(String method, String path, String body) {

		HttpResponse<String> send(TestFixtures api, String token) {
			return switch (method) {
				case "GET" -> api.get(path, token);
				case "PUT" -> api.put(path, body, token);
				default -> api.post(path, body, token);
			};
		}

		@Override
		public String toString() {
			return method + " " + path;
		}
	}

	static List<StaffCall> staffCalls(String cedula) {
		String person = "/api/v1/staff/persons/" + cedula;
		return List.of(
				new StaffCall("POST", "/api/v1/staff/users", "{\"username\":\"intruso-" + System.nanoTime() % 1_000_000
						+ "\",\"password\":" + quote(TestFixtures.STAFF_PASSWORD) + ",\"roles\":[\"ADMINISTRADOR\"],"
						+ "\"center\":" + quote(CENTER) + "}"),
				new StaffCall("PUT", person, PERSON), new StaffCall("GET", person, null),
				new StaffCall("POST", person + "/verification", contact(cedula)),
				new StaffCall("POST", person + "/temporary-password", null), new StaffCall("POST", person + "/unlock", null),
				new StaffCall("POST", person + "/suspend", "{\"reason\":\"prueba\"}"),
				new StaffCall("POST", person + "/reactivate", null),
				new StaffCall("PUT", "/api/v1/staff/employers/1790085783001",
						"{\"legalName\":\"Comercial Andina S.A.\",\"representativeCedula\":\"" + cedula
								+ "\",\"email\":\"rrhh@andina.ec\"}"),
				new StaffCall("GET", "/api/v1/staff/audit?account=" + cedula, null),
				new StaffCall("GET", "/api/v1/staff/audit", null));
	}

	/** Creates a staff user of {@value #CENTER} with the role and logs it in. */
	Staff staff(String role) {
		String username = role.toLowerCase(Locale.ROOT) + "-" + System.nanoTime() % 10_000_000;
		HttpResponse<String> created = createStaff(username, "[\"" + role + "\"]", api.adminToken());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new Staff(username, api.staffLogin(username, TestFixtures.STAFF_PASSWORD));
	}

	HttpResponse<String> createStaff(String username, String rolesJson, String token) {
		return api.post("/api/v1/staff/users", "{\"username\":" + quote(username) + ",\"password\":"
				+ quote(TestFixtures.STAFF_PASSWORD) + ",\"roles\":" + rolesJson + ",\"center\":" + quote(CENTER) + "}", token);
	}

	void verify(Staff staff, String cedula) {
		HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/verification", contact(cedula),
				staff.token());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	void suspend(Staff staff, String cedula) {
		HttpResponse<String> response = api.post("/api/v1/staff/persons/" + cedula + "/suspend",
				"{\"reason\":\"sospecha de fraude\"}", staff.token());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
	}

	void lockByWrongLogins(String cedula) {
		for (int i = 0; i < 5; i++) {
			assertProblem(api.login(cedula, WRONG_CLAVE), 401, "INVALID_CREDENTIALS");
		}
	}

	List<String> auditTypes(String cedula) {
		return rows(api.get("/api/v1/staff/audit?account=" + cedula + "&limit=1000", api.adminToken())).stream()
			.map(row -> row.get("type").asString())
			.toList();
	}

	static List<JsonNode> rows(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> rows = new ArrayList<>();
		json(response).forEach(rows::add);
		return rows;
	}

	/** Newest first, one account's events made one after the other. */
	static void assertNewestFirst(List<JsonNode> rows) {
		assertNewestFirst(rows, Duration.ZERO);
	}

	/**
	 * Newest first: the log is in append order (ids from one sequence, decision 149), and two appends running at once
	 * on different chains may read the clock in the other order than they drew their ids, a scheduling gap apart. So
	 * among everybody's events a row may be at most {@code concurrency} newer than the one before it.
	 */
	static void assertNewestFirst(List<JsonNode> rows, Duration concurrency) {
		Function<JsonNode, Instant> at = row -> Instant.parse(row.get("at").asString());
		for (int i = 1; i < rows.size(); i++) {
			assertThat(at.apply(rows.get(i))).as("row %d is not older than row %d", i, i - 1)
				.isBeforeOrEqualTo(at.apply(rows.get(i - 1)).plus(concurrency));
		}
	}

	static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		if (node.isObject()) {
			node.properties().forEach(entry -> {
				names.add(entry.getKey());
				names.addAll(fieldNames(entry.getValue()));
			});
		}
		else if (node.isArray()) {
			node.forEach(child -> names.addAll(fieldNames(child)));
		}
		return names;
	}

	static void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as(response.body())
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode body = json(response);
		assertThat(body.get("code").asString()).as(response.body()).isEqualTo(code);
		assertThat(body.get("status").asInt()).isEqualTo(status);
	}
}
