package ec.gob.iess.clave.credential;

import java.net.http.HttpResponse;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** Cambio de clave through {@code POST /api/v1/password/change} (PRODUCT.md §4.3, SECURITY.md 1–3). */
@ClaveIntegrationTest
class PasswordChangeIntegrationTest {

	static final String NEW_CLAVE = "el colibrí vuela sobre el cotopaxi";

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

	HttpResponse<String> change(String cedula, String current, String newClave, boolean accept, String token) {
		return api.post("/api/v1/password/change", "{\"username\":" + quote(cedula) + ",\"currentPassword\":" + quote(current)
				+ ",\"newPassword\":" + quote(newClave) + ",\"acceptAgreement\":" + accept + "}", token);
	}

	@Test
	void aTemporaryClaveIsReplacedAndTheSameTokenGetsFullAccess() {
		String cedula = api.registerPerson(agent);
		String temporary = api.temporaryClave(agent, cedula);
		String token = json(api.login(cedula, temporary)).get("accessToken").asString();
		HttpResponse<String> before = api.get("/api/v1/staff/audit", token);
		assertThat(before.statusCode()).isEqualTo(403);
		assertThat(json(before).get("code").asString()).isEqualTo("PASSWORD_CHANGE_REQUIRED");

		assertThat(change(cedula, temporary, NEW_CLAVE, true, token).statusCode()).isEqualTo(204);

		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		HttpResponse<String> after = api.get("/api/v1/staff/audit", token);
		assertThat(json(after).get("code").asString()).as("a person's full access now: only staff calls are refused")
			.isEqualTo("FORBIDDEN");
		assertThat(api.login(cedula, NEW_CLAVE).statusCode()).isEqualTo(200);
		assertThat(api.login(cedula, temporary).statusCode()).isEqualTo(401);
	}

	@Test
	void successEndsTheAccountsOtherTokens() {
		String cedula = api.activePerson(agent);
		String mine = json(api.login(cedula, GOOD_CLAVE)).get("accessToken").asString();
		String other = json(api.login(cedula, GOOD_CLAVE)).get("accessToken").asString();

		assertThat(change(cedula, GOOD_CLAVE, NEW_CLAVE, true, mine).statusCode()).isEqualTo(204);

		assertThat(api.get("/api/v1/me", mine).statusCode()).isEqualTo(200);
		assertThat(api.get("/api/v1/me", other).statusCode()).isEqualTo(401);
	}

	@Test
	void withoutATokenEveryTokenOfTheAccountEnds() {
		String cedula = api.activePerson(agent);
		String token = json(api.login(cedula, GOOD_CLAVE)).get("accessToken").asString();

		assertThat(change(cedula, GOOD_CLAVE, NEW_CLAVE, true, null).statusCode()).isEqualTo(204);

		assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(401);
	}

	@Test
	void storesTheAcceptedAgreementVersionAndTime() {
		String cedula = api.activePerson(agent);

		var acceptances = jdbc.sql("select version, accepted_at from agreement_acceptances where username = ?")
			.param(cedula).query((rs, n) -> rs.getInt(1) + "@" + rs.getTimestamp(2)).list();

		assertThat(acceptances).hasSize(1).allSatisfy(a -> assertThat(a).startsWith("1@"));
	}

	@Test
	void aTokenCannotChangeAnotherAccountsClave() {
		String mine = api.activePerson(agent);
		String theirs = api.activePerson(agent);
		String token = json(api.login(mine, GOOD_CLAVE)).get("accessToken").asString();

		HttpResponse<String> response = change(theirs, GOOD_CLAVE, NEW_CLAVE, true, token);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(api.login(theirs, GOOD_CLAVE).statusCode()).isEqualTo(200);
	}

	@Nested
	class Refusals {

		@Test
		void aWrongCurrentClaveCountsAsAFailedAttempt() {
			String cedula = api.activePerson(agent);

			HttpResponse<String> response = change(cedula, "no es mi clave actual", NEW_CLAVE, true, null);

			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(json(response).get("code").asString()).isEqualTo("INVALID_CREDENTIALS");
			assertThat(jdbc.sql("select failed_attempts from accounts where username = ?").param(cedula)
				.query(Integer.class).single()).isEqualTo(1);
		}

		@Test
		void fiveWrongCurrentClavesLockTheAccount() {
			String cedula = api.activePerson(agent);
			for (int i = 0; i < 5; i++) {
				change(cedula, "no es mi clave actual", NEW_CLAVE, true, null);
			}

			assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		}

		@Test
		void unknownAndWrongAnswerAlike() {
			String cedula = api.activePerson(agent);

			HttpResponse<String> wrong = change(cedula, "no es mi clave actual", NEW_CLAVE, true, null);
			HttpResponse<String> unknown = change(TestCedulas.next(), "no es mi clave actual", NEW_CLAVE, true, null);

			assertThat(unknown.statusCode()).isEqualTo(wrong.statusCode());
			assertThat(unknown.body()).isEqualTo(wrong.body());
		}

		@Test
		void withoutTheAgreementNothingChanges() {
			String cedula = api.activePerson(agent);

			HttpResponse<String> response = change(cedula, GOOD_CLAVE, NEW_CLAVE, false, null);

			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(json(response).get("code").asString()).isEqualTo("AGREEMENT_REQUIRED");
			assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		}

		@Test
		void fourteenCharactersAreTooShortAndFifteenAreEnough() {
			String cedula = api.activePerson(agent);

			HttpResponse<String> short14 = change(cedula, GOOD_CLAVE, "río verde azul", true, null);
			assertThat(short14.statusCode()).isEqualTo(400);
			assertThat(json(short14).get("code").asString()).isEqualTo("WEAK_PASSWORD");
			assertThat(json(short14).get("reasons").toString()).contains("TOO_SHORT");

			assertThat(change(cedula, GOOD_CLAVE, "río verde azul!", true, null).statusCode()).isEqualTo(204);
		}

		@Test
		void emojiAndSpacesCountOneCodePointEach() {
			String cedula = api.activePerson(agent);
			// 14 emoji + 1 space = 15 code points (29 UTF-16 units): accepted as exactly the minimum.
			String emoji = "🦙🌋🌽🦜🐢🌺🎶🏔🍌☕🌊🐟🌞🚲 ";

			assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(15);
			assertThat(change(cedula, GOOD_CLAVE, emoji, true, null).statusCode()).isEqualTo(204);
			assertThat(api.login(cedula, emoji).statusCode()).isEqualTo(200);
		}

		@Test
		void theOwnCedulaNamesAndBirthDateAreRefusedWithTheirReasons() {
			String cedula = api.activePerson(agent);

			assertThat(reasons(change(cedula, GOOD_CLAVE, "mi numero es " + cedula, true, null))).contains("CONTAINS_IDENTIFIER");
			assertThat(reasons(change(cedula, GOOD_CLAVE, "quishpe tiene una clave larga", true, null)))
				.contains("CONTAINS_NAME");
			assertThat(reasons(change(cedula, GOOD_CLAVE, "naci el 21/04/1958 en quito", true, null)))
				.contains("CONTAINS_BIRTH_DATE");
			assertThat(reasons(change(cedula, GOOD_CLAVE, "iess me paga la jubilacion", true, null)))
				.contains("CONTAINS_INSTITUTION");
			assertThat(reasons(change(cedula, GOOD_CLAVE, "contraseña123456789", true, null))).contains("COMMON");
			assertThat(reasons(change(cedula, GOOD_CLAVE, GOOD_CLAVE, true, null))).contains("SAME_AS_CURRENT");
			assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
		}

		@Test
		void aStrangerWithAWrongClaveLearnsNothingAboutTheOwnersName() {
			String cedula = api.activePerson(agent);

			// The new clave holds the owner's surname: a stranger must get the generic 401, not CONTAINS_NAME.
			HttpResponse<String> response = change(cedula, "adivinando la clave", "quishpe tiene una clave larga", true,
					null);

			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.body()).doesNotContain("CONTAINS_NAME");
		}

		@Test
		void brokenJsonAndWrongTypesAre400WithACode() {
			for (String body : new String[] { "{", "[]", "{\"username\":{}}", "null", "\"x\"",
					"{\"username\":\"1710034065\",\"acceptAgreement\":\"quizás\"}" }) {
				HttpResponse<String> response = api.post("/api/v1/password/change", body, null);
				assertThat(response.statusCode()).as(body).isEqualTo(400);
				assertThat(json(response).get("code").asString()).as(body).isIn("INVALID_REQUEST", "INVALID_CEDULA");
			}
		}

		private String reasons(HttpResponse<String> response) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			return json(response).get("reasons").toString();
		}
	}
}
