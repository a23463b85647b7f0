package ec.gob.iess.clave.selfservice;

import java.net.http.HttpResponse;

import ec.gob.iess.clave.support.CaptchaSolver;
import ec.gob.iess.clave.support.TestFixtures;

import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** People with contact verified in person, and the self-service calls made as an app would. */
final class SelfServiceTestSupport {

	static final String NEW_CLAVE = "la llama mira el volcán tungurahua";

	private SelfServiceTestSupport() {
	}

	/** An ACTIVA person (TestFixtures' data: born 1958-04-21, código V4343V4242) with a verified email. */
	static String verifiedPerson(TestFixtures api, String agent) {
		String cedula = api.activePerson(agent);
		verify(api, agent, cedula);
		return cedula;
	}

	static void verify(TestFixtures api, String agent, String cedula) {
		api.verifyContact(agent, cedula, email(cedula));
	}

	static String email(String username) {
		return "p" + username + "@correo.example.ec";
	}

	static HttpResponse<String> recovery(TestFixtures api, String username, String birthDate, String code) {
		return api.post("/api/v1/password/recovery", "{\"username\":" + quote(username) + ",\"captcha\":"
				+ quote(CaptchaSolver.solve(api)) + ",\"birthDate\":" + quote(birthDate) + ",\"fingerprintCode\":"
				+ quote(code) + "}", null);
	}

	static HttpResponse<String> reset(TestFixtures api, String token, String clave) {
		return api.post("/api/v1/password/reset", "{\"token\":" + quote(token) + ",\"newPassword\":" + quote(clave)
				+ ",\"acceptAgreement\":true}", null);
	}

	static HttpResponse<String> unlock(TestFixtures api, String username) {
		return api.post("/api/v1/unlock", "{\"username\":" + quote(username) + ",\"captcha\":"
				+ quote(CaptchaSolver.solve(api)) + "}", null);
	}

	static HttpResponse<String> confirmUnlock(TestFixtures api, String token) {
		return api.post("/api/v1/unlock/confirm", "{\"token\":" + quote(token) + "}", null);
	}

	static void lock(TestFixtures api, String cedula) {
		for (int i = 0; i < 5; i++) {
			api.login(cedula, "una clave equivocada cualquiera");
		}
	}
}
