package ec.gob.iess.clave.counter;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import com.machinezoo.sourceafis.FingerprintTemplate;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

import ec.gob.iess.clave.identity.EmailAddress;
import ec.gob.iess.clave.keys.DataKeys;
import ec.gob.iess.clave.keys.Sealer;
import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import ec.gob.iess.clave.support.fingerprint.Finger;
import ec.gob.iess.clave.support.fingerprint.SyntheticFingerprints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static ec.gob.iess.clave.counter.StaffApiIntegrationTest.assertProblem;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The counter's verification with a real finger (synthetic images, SourceAFIS): the first finger is
 * enrolled sealed, another impression of it matches, another finger is refused and changes nothing, a
 * picture that is not a fingerprint is refused with its reason; a supervisor resets the enrolment; the
 * recovery link goes to the verified email. No answer ever carries a template.
 */
@ClaveIntegrationTest
class FingerprintVerificationIntegrationTest extends MailServerTest {

	/** The centre of {@link TestFixtures#staff(String, String)}. */
	static final String CENTER = "CAU Quito Norte";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataKeys keys;

	TestFixtures api;
	String agentName;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agentName = "agente-huellas-" + System.nanoTime() % 10_000_000;
		agent = api.staff(agentName, "AGENTE");
	}

	@Test
	void theFirstFingerIsEnrolledSealedAndAnotherImpressionOfItMatches() {
		String cedula = api.registerPerson(agent);
		Finger finger = SyntheticFingerprints.finger(Long.parseLong(cedula) + 1);
		assertThat(json(api.get("/api/v1/staff/persons/" + cedula, agent)).get("fingerprintEnrolled").asBoolean()).isFalse();

		HttpResponse<String> enrolled = verification(cedula, "antes." + cedula + "@correo.example.ec", finger.impressionPng(1));

		assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
		assertThat(json(enrolled).get("fingerprint").asString()).isEqualTo("ENROLLED");
		assertThat(json(enrolled).get("verifiedContact").get("center").asString()).isEqualTo(CENTER);
		assertThat(json(api.get("/api/v1/staff/persons/" + cedula, agent)).get("fingerprintEnrolled").asBoolean()).isTrue();

		String stored = jdbc.sql("select template from fingerprint_templates where cedula = ?").param(cedula)
			.query(String.class).single();
		assertThat(stored).startsWith("v1:");
		byte[] sealedBytes = Base64.getDecoder().decode(stored.substring(3));
		assertThatThrownBy(() -> new FingerprintTemplate(sealedBytes)).as("what is stored is no template in clear");
		Sealer sealer = keys.sealer("clave.biometric.key", "biometric.key");
		byte[] opened = sealer.openBytes(stored, "fingerprint_templates.template:" + cedula);
		assertThat(new FingerprintTemplate(opened).toByteArray()).isEqualTo(opened);
		assertThatThrownBy(() -> sealer.openBytes(stored, "fingerprint_templates.template:" + api.registerPerson(agent)))
			.as("bound to the person: on another row it does not open")
			.isInstanceOf(IllegalStateException.class);

		HttpResponse<String> matched = verification(cedula, "despues." + cedula + "@correo.example.ec",
				finger.impressionPng(2));

		assertThat(matched.statusCode()).as(matched.body()).isEqualTo(201);
		assertThat(json(matched).get("fingerprint").asString()).isEqualTo("MATCHED");
		assertThat(json(api.get("/api/v1/staff/persons/" + cedula, agent)).get("verifiedContact").get("email").asString())
			.isEqualTo("despues." + cedula + "@correo.example.ec");
		assertThat(counterEvents(cedula)).containsExactly("PERSON_REGISTERED SUCCESS", "FINGERPRINT_ENROLLED SUCCESS",
				"CONTACT_VERIFIED SUCCESS", "CONTACT_CHANGED SUCCESS");
		assertThat(jdbc.sql("select template from fingerprint_templates where cedula = ?").param(cedula)
			.query(String.class).single()).as("a match keeps the enrolled template").isEqualTo(stored);
	}

	@Test
	void anotherFingerIsRefusedWith409ChangesNothingIsAuditedWithAgentAndCentreAndToldToThePerson() {
		String cedula = api.registerPerson(agent);
		String email = "titular." + cedula + "@correo.example.ec";
		assertThat(verification(cedula, email, SyntheticFingerprints.finger(Long.parseLong(cedula) + 1).impressionPng(0))
			.statusCode()).isEqualTo(201);
		JsonNode before = json(api.get("/api/v1/staff/persons/" + cedula, agent)).get("verifiedContact");

		HttpResponse<String> impostor = verification(cedula, "impostor." + cedula + "@correo.example.ec",
				SyntheticFingerprints.finger(Long.parseLong(cedula) + 2).impressionPng(0));

		assertProblem(impostor, 409, "FINGERPRINT_MISMATCH");
		assertThat(json(impostor).get("detail").asString()).isEqualTo("La huella dactilar no coincide con la registrada.");
		assertThat(json(api.get("/api/v1/staff/persons/" + cedula, agent)).get("verifiedContact")).isEqualTo(before);
		assertThat(jdbc.sql("""
				select actor || ' @ ' || center || ' ' || channel || ' ' || outcome from audit_events
				where account = ? and type = 'FINGERPRINT_MISMATCH'""").param(cedula).query(String.class).list())
			.containsExactly(agentName + " @ " + CENTER + " COUNTER FAILURE");
		assertThat(counterEvents(cedula)).doesNotContain("CONTACT_CHANGED SUCCESS");

		MimeMessage notice = SMTP.awaitSubject(email, MailKind.FINGERPRINT_MISMATCH.subject(), Duration.ofSeconds(5));
		assertThat(TestMailServer.body(notice)).contains("Rosa Elena Quishpe Tipán", "no coincide", CENTER,
				"terminada en " + cedula.substring(7), "llame al 140");
		assertThat(TestMailServer.body(notice)).as("the centre is named, never the agent (decision 86)").doesNotContain(agentName);
		assertThat(SMTP.to("impostor." + cedula + "@correo.example.ec")).isEmpty();
	}

	@Test
	void aPictureThatIsNotAFingerprintIsRefusedWith400AndTheReasonAndNothingIsRecorded() throws IOException {
		String cedula = api.registerPerson(agent);
		BufferedImage white = new BufferedImage(300, 400, BufferedImage.TYPE_BYTE_GRAY);
		white.getRaster().setPixels(0, 0, 300, 400, filled(300 * 400, 255));
		BufferedImage tiny = SyntheticFingerprints.finger(3).impression(0).getSubimage(100, 100, 40, 40);

		List<String> details = new ArrayList<>();
		for (byte[] picture : List.of(png(white), png(tiny), "esto es texto, no una imagen".getBytes())) {
			HttpResponse<String> refused = verification(cedula, "rosa." + cedula + "@correo.example.ec", picture);
			assertProblem(refused, 400, "INVALID_REQUEST");
			details.add(json(refused).get("detail").asString());
		}
		HttpResponse<String> missing = api.post("/api/v1/staff/persons/" + cedula + "/verification",
				"{\"email\":\"rosa@correo.example.ec\",\"mobile\":\"0991234567\"}", agent);
		assertProblem(missing, 400, "INVALID_REQUEST");
		details.add(json(missing).get("detail").asString());

		assertThat(details).containsExactly(
				"La imagen está en blanco o casi: no muestra una huella. Limpie el lector y tome la huella de nuevo.",
				"La imagen es demasiado pequeña para ser una huella dactilar. Tome la huella completa con el lector.",
				"El archivo no es una imagen PNG o JPEG. Guarde la huella desde el lector en uno de esos formatos.",
				"Falta la imagen de la huella dactilar tomada con el lector.");
		JsonNode person = json(api.get("/api/v1/staff/persons/" + cedula, agent));
		assertThat(person.get("fingerprintEnrolled").asBoolean()).isFalse();
		assertThat(person.get("verifiedContact").isNull()).isTrue();
		assertThat(counterEvents(cedula)).containsExactly("PERSON_REGISTERED SUCCESS");
	}

	@Test
	void aSupervisorResetsTheEnrolmentWithAReasonAndTheNextVerificationEnrolsAgain() {
		String supervisor = api.staff("SUPERVISOR");
		String cedula = api.registerPerson(agent);
		String email = "reinicio." + cedula + "@correo.example.ec";
		assertThat(verification(cedula, email, SyntheticFingerprints.finger(Long.parseLong(cedula) + 1).impressionPng(0))
			.statusCode()).isEqualTo(201);

		assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/fingerprint/reset", "{\"reason\":\"cicatriz\"}", agent),
				403, "FORBIDDEN");
		assertProblem(api.post("/api/v1/staff/persons/" + cedula + "/fingerprint/reset", "{\"reason\":\" \"}", supervisor),
				400, "INVALID_REQUEST");
		HttpResponse<String> reset = api.post("/api/v1/staff/persons/" + cedula + "/fingerprint/reset",
				"{\"reason\":\"cicatriz en el índice derecho\"}", supervisor);

		assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
		assertThat(json(api.get("/api/v1/staff/persons/" + cedula, agent)).get("fingerprintEnrolled").asBoolean()).isFalse();
		assertThat(jdbc.sql("select detail from audit_events where account = ? and type = 'FINGERPRINT_RESET'")
			.param(cedula).query(String.class).list()).containsExactly("cicatriz en el índice derecho");
		MimeMessage notice = SMTP.awaitSubject(email, MailKind.FINGERPRINT_RESET.subject(), Duration.ofSeconds(5));
		assertThat(TestMailServer.body(notice)).contains(CENTER);

		HttpResponse<String> again = verification(cedula, email,
				SyntheticFingerprints.finger(Long.parseLong(cedula) + 2).impressionPng(0));
		assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
		assertThat(json(again).get("fingerprint").asString()).isEqualTo("ENROLLED");
	}

	@Test
	void theRecoveryLinkGoesToTheVerifiedEmailAndWorks() {
		String cedula = api.registerPerson(agent);
		String email = "enlace." + cedula + "@correo.example.ec";
		api.verifyContact(agent, cedula, email);

		HttpResponse<String> sent = api.post("/api/v1/staff/persons/" + cedula + "/recovery-link", null, agent);

		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
		assertThat(json(sent).get("maskedEmail").asString()).isEqualTo(EmailAddress.parse(email).masked())
			.doesNotContain(cedula);
		MimeMessage mail = SMTP.awaitWithLinks(email, 1, Duration.ofSeconds(5)).get(0);
		assertThat(TestMailServer.subject(mail)).isEqualTo("Genere su nueva clave del IESS");
		List<String> links = TestMailServer.links(mail);
		assertThat(links.stream().distinct().toList()).as("one link, in the text and the HTML part").singleElement()
			.asString().startsWith(TestFixtures.SITE + "/recuperar/enlace?token=");
		HttpResponse<String> reset = api.post("/api/v1/password/reset", "{\"token\":" + quote(TestMailServer.token(links.get(0)))
				+ ",\"newPassword\":" + quote(TestFixtures.GOOD_CLAVE) + ",\"acceptAgreement\":true}", null);
		assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
		assertThat(api.login(cedula, TestFixtures.GOOD_CLAVE).statusCode()).isEqualTo(200);
		assertThat(jdbc.sql("""
				select actor || ' @ ' || center || ' ' || detail from audit_events
				where account = ? and type = 'RECOVERY_REQUESTED'""").param(cedula).query(String.class).list())
			.containsExactly(agentName + " @ " + CENTER + " link sent at the counter");
	}

	@Test
	void theRecoveryLinkNeedsAVerifiedEmailAnActiveAccountAndAKnownPerson() {
		String unverified = api.registerPerson(agent);
		HttpResponse<String> refused = api.post("/api/v1/staff/persons/" + unverified + "/recovery-link", null, agent);
		assertProblem(refused, 400, "INVALID_REQUEST");
		assertThat(json(refused).get("detail").asString()).contains("no tiene un correo verificado");

		String suspended = api.registerPerson(agent);
		api.verifyContact(agent, suspended, "suspendida." + suspended + "@correo.example.ec");
		assertThat(api.post("/api/v1/staff/persons/" + suspended + "/suspend", "{\"reason\":\"fraude\"}", agent).statusCode())
			.isEqualTo(204);
		assertProblem(api.post("/api/v1/staff/persons/" + suspended + "/recovery-link", null, agent), 403, "FORBIDDEN");

		assertProblem(api.post("/api/v1/staff/persons/" + TestCedulas.next() + "/recovery-link",
				null, agent), 404, "NOT_FOUND");
	}

	@Test
	void noAnswerCarriesATemplate() {
		String cedula = api.registerPerson(agent);
		HttpResponse<String> verified = verification(cedula, "sin.plantilla." + cedula + "@correo.example.ec",
				SyntheticFingerprints.finger(Long.parseLong(cedula)).impressionPng(0));
		HttpResponse<String> person = api.get("/api/v1/staff/persons/" + cedula, agent);
		String stored = jdbc.sql("select template from fingerprint_templates where cedula = ?").param(cedula)
			.query(String.class).single();
		String template = Base64.getEncoder().encodeToString(
				keys.sealer("clave.biometric.key", "biometric.key").openBytes(stored, "fingerprint_templates.template:" + cedula));

		for (HttpResponse<String> answer : List.of(verified, person)) {
			assertThat(answer.body()).doesNotContainIgnoringCase("template").doesNotContain(stored.substring(3, 40))
				.doesNotContain(template.substring(0, 40));
		}
		assertThat(json(verified).propertyNames()).containsExactlyInAnyOrder("fingerprint", "verifiedContact");
	}

	HttpResponse<String> verification(String cedula, String email, byte[] picture) {
		return api.post("/api/v1/staff/persons/" + cedula + "/verification", "{\"email\":" + quote(email)
				+ ",\"mobile\":\"0991234567\",\"fingerprintImage\":\"" + Base64.getEncoder().encodeToString(picture)
				+ "\",\"fingerprintDpi\":" + Finger.DPI + "}", agent);
	}

	/** "TYPE OUTCOME" of the account's counter events, oldest first. */
	List<String> counterEvents(String cedula) {
		return jdbc.sql("select type || ' ' || outcome from audit_events where account = ? and channel = 'COUNTER' order by id")
			.param(cedula)
			.query(String.class)
			.list();
	}

	static byte[] png(BufferedImage image) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	static int[] filled(int length, int value) {
		int[] values = new int[length];
		java.util.Arrays.fill(values, value);
		return values;
	}
}
