package ec.gob.iess.clave.web;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Nothing secret in the logs, and cédulas masked (PRODUCT.md §4.10, SECURITY.md 20). */
@ClaveIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogsIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void aCedulaInALogLineIsMaskedToItsLastThreeDigits(CapturedOutput output) {
		LoggerFactory.getLogger(LogsIntegrationTest.class).warn("Solicitud para 1710034065 y RUC 1790011674001");

		assertThat(output.getOut()).contains("*******065", "*******001").doesNotContain("1710034065", "1790011674001");
	}

	@Test
	void noClaveTokenOrCedulaReachesTheLogDuringRealUse(CapturedOutput output) {
		TestFixtures api = new TestFixtures(port);
		String agent = api.agent();
		String cedula = api.registerPerson(agent);
		String temporary = api.temporaryClave(agent, cedula);
		String token = json(api.login(cedula, temporary)).get("accessToken").asString();
		api.post("/api/v1/password/change", "{\"username\":\"" + cedula + "\",\"currentPassword\":\"" + temporary
				+ "\",\"newPassword\":\"" + GOOD_CLAVE + "\",\"acceptAgreement\":true}", token);
		for (int i = 0; i < 6; i++) {
			api.login(cedula, "una clave equivocada cualquiera");
		}
		api.post("/api/v1/password/change", "{broken json", null);

		assertThat(output.getAll()).doesNotContain(cedula, temporary, token, GOOD_CLAVE, agent,
				"una clave equivocada cualquiera");
	}
}
