package ec.gob.iess.clave.counter;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.htmlunit.FormEncodingType;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.KeyDataPair;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import ec.gob.iess.clave.support.fingerprint.SyntheticFingerprints;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The person page's fingerprint forms (PRODUCT.md §4.8, decision 88): the scanner's picture uploaded as a
 * file enrols the first finger and verifies the contact, another impression matches, another finger changes
 * nothing (409, audited, mailed), a file that is not a fingerprint is refused on its field; a supervisor
 * forgets the finger with a reason; "Enviar enlace para generar clave" mails the link. Synthetic fingers.
 */
@ClaveIntegrationTest
class CentroFingerprintPagesIntegrationTest extends MailServerTest {

	static final String CENTER = "CAU Quito Sur";
	static final Duration MAIL = Duration.ofSeconds(10);
	static final String IMAGE = "Imagen de la huella (del lector)";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path files;

	TestFixtures api;
	String base;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		base = api.base();
	}

	@Test
	void theFirstFingerEnrolsAnotherImpressionMatchesAnotherFingerChangesNothing() {
		String cedula = api.registerPerson(api.agent());
		long finger = Long.parseLong(cedula) + 7;
		WebClient agent = CentroPages.staffBrowser(api, "AGENTE", CENTER);
		HtmlPage page = Pages.open(agent, base + "/centro/personas/" + cedula);
		assertThat(fingerprintEnrolled(page)).isEqualTo("No");

		HtmlPage enrolled = verify(page, "primero." + cedula + "@example.ec", "099 123 4567",
				png("uno.png", SyntheticFingerprints.finger(finger).impressionPng(1)));

		assertThat(CentroPages.path(enrolled)).isEqualTo("/centro/personas/" + cedula);
		assertThat(enrolled.asNormalizedText()).contains("La huella quedó registrada y el contacto verificado",
				"primero." + cedula + "@example.ec", "+593991234567", CENTER);
		assertThat(fingerprintEnrolled(enrolled)).isEqualTo("Sí");
		assertThat(counterEvent("FINGERPRINT_ENROLLED", cedula)).matches("agente-\\d+ @ " + CENTER);

		String second = "segundo." + cedula + "@example.ec";
		HtmlPage matched = verify(enrolled, second, "0987654321",
				png("dos.png", SyntheticFingerprints.finger(finger).impressionPng(2)));
		assertThat(matched.asNormalizedText()).contains("La huella coincide y el contacto quedó verificado", second,
				"+593987654321");
		assertThat(TestMailServer.body(SMTP.awaitSubject("primero." + cedula + "@example.ec",
				MailKind.CONTACT_CHANGED.subject(), MAIL)))
			.as("the change of contact is told to the previous address").contains(CENTER);

		HtmlPage mismatch = verify(matched, "intruso." + cedula + "@example.ec", "0991111111",
				png("otro.png", SyntheticFingerprints.finger(finger + 1).impressionPng(0)));

		assertThat(CentroPages.status(mismatch)).isEqualTo(409);
		assertThat(mismatch.getElementById("resumen-errores").asNormalizedText())
			.contains("La huella no coincide con la registrada: no se cambió nada");
		assertThat(contact(mismatch)).contains(second, "+593987654321").doesNotContain("intruso");
		assertThat(((org.htmlunit.html.HtmlInput) Pages.field(mismatch, "Correo electrónico")).getValue())
			.as("the form is kept for another try").isEqualTo("intruso." + cedula + "@example.ec");
		assertThat(counterEvent("FINGERPRINT_MISMATCH", cedula)).matches("agente-\\d+ @ " + CENTER);
		assertThat(TestMailServer.body(SMTP.awaitSubject(second, MailKind.FINGERPRINT_MISMATCH.subject(), MAIL)))
			.contains("no coincide", CENTER);
	}

	@Test
	void aFileThatIsNotAFingerprintIsRefusedOnItsField() throws IOException {
		String cedula = api.registerPerson(api.agent());
		HtmlPage page = Pages.open(CentroPages.staffBrowser(api, "AGENTE", CENTER), base + "/centro/personas/" + cedula);

		HtmlPage text = verify(page, "texto@example.ec", "0991234567",
				Files.writeString(files.resolve("huella.png"), "no soy una imagen", StandardCharsets.UTF_8));
		assertThat(fieldError(text, "fingerprint")).contains("El archivo no es una imagen PNG o JPEG.");
		assertThat(((org.htmlunit.html.DomElement) text.getElementById("resumen-errores").querySelector("a")).getAttribute("href")).isEqualTo("#fingerprint");

		BufferedImage white = new BufferedImage(400, 400, BufferedImage.TYPE_BYTE_GRAY);
		white.getGraphics().fillRect(0, 0, 400, 400);
		ByteArrayOutputStream blank = new ByteArrayOutputStream();
		ImageIO.write(white, "png", blank);
		HtmlPage blankScan = verify(text, "blanco@example.ec", "0991234567", png("blanco.png", blank.toByteArray()));
		assertThat(fieldError(blankScan, "fingerprint")).contains("La imagen está en blanco o casi");

		Pages.fill(blankScan, "Correo electrónico", "sin-archivo@example.ec");
		Pages.fill(blankScan, "Teléfono celular", "0991234567");
		Pages.fill(blankScan, "Resolución de la imagen (ppp)", "mucha");
		Pages.upload(blankScan, IMAGE, png("buena.png", SyntheticFingerprints.finger(Long.parseLong(cedula)).impressionPng(0)));
		HtmlPage badDpi = Pages.press(blankScan, "Verificar huella y contacto");
		assertThat(fieldError(badDpi, "dpi")).contains("entre 300 y 1000 ppp");
		Pages.fill(badDpi, "Resolución de la imagen (ppp)", "500");
		HtmlPage missing = Pages.press(badDpi, "Verificar huella y contacto");
		assertThat(fieldError(missing, "fingerprint")).contains("Falta la imagen de la huella dactilar");

		HtmlPage badMobile = verify(missing, "celular@example.ec", "12345", files.resolve("buena.png"));
		assertThat(fieldError(badMobile, "mobile")).contains("Escriba un celular de Ecuador");

		assertThat(fingerprintEnrolled(badMobile)).isEqualTo("No");
		assertThat(jdbc.sql("select count(*) from audit_events where account = ? and type like 'FINGERPRINT%'").param(cedula)
			.query(Integer.class).single()).isZero();
	}

	@Test
	void aSupervisorForgetsTheFingerWithAReasonAndTheNextVerificationEnrolsAgain() {
		String agentToken = api.agent();
		String cedula = api.registerPerson(agentToken);
		api.verifyContact(agentToken, cedula, "huella-" + cedula + "@example.ec");
		WebClient agent = CentroPages.staffBrowser(api, "AGENTE", CENTER);
		HtmlPage agentPage = Pages.open(agent, base + "/centro/personas/" + cedula);
		assertThat(fingerprintEnrolled(agentPage)).isEqualTo("Sí");
		assertThat(agentPage.asNormalizedText()).doesNotContain("Olvidar la huella registrada");
		Page refused = CentroPages.post(agent, base, "/centro/personas/" + cedula + "/huella/restablecer",
				CentroPages.csrf(agentPage), List.of(new NameValuePair("resetReason", "cicatriz")));
		assertThat(CentroPages.status(refused)).isEqualTo(403);

		HtmlPage page = Pages.open(CentroPages.staffBrowser(api, "SUPERVISOR", CENTER), base + "/centro/personas/" + cedula);
		HtmlPage noReason = Pages.press(page, "Olvidar la huella registrada");
		assertThat(fieldError(noReason, "resetReason")).contains("Escriba el motivo para olvidar la huella registrada.");
		assertThat(fingerprintEnrolled(noReason)).isEqualTo("Sí");

		Pages.fill(noReason, "Motivo para olvidar la huella registrada", "Cicatriz en el índice derecho");
		HtmlPage reset = Pages.press(noReason, "Olvidar la huella registrada");

		assertThat(reset.asNormalizedText()).contains("Se olvidó la huella registrada");
		assertThat(fingerprintEnrolled(reset)).isEqualTo("No");
		assertThat(counterEvent("FINGERPRINT_RESET", cedula)).matches("supervisor-\\d+ @ " + CENTER);
		assertThat(jdbc.sql("select detail from audit_events where type = 'FINGERPRINT_RESET' and account = ?").param(cedula)
			.query(String.class).single()).isEqualTo("Cicatriz en el índice derecho");

		HtmlPage again = verify(reset, "huella-" + cedula + "@example.ec", "0991234567",
				png("nuevo.png", SyntheticFingerprints.finger(Long.parseLong(cedula) + 3).impressionPng(0)));
		assertThat(again.asNormalizedText()).contains("La huella quedó registrada");
		assertThat(fingerprintEnrolled(again)).isEqualTo("Sí");
	}

	@Test
	void theLinkToCreateTheClaveGoesToTheVerifiedEmailOnly() {
		String agentToken = api.agent();
		String cedula = api.registerPerson(agentToken);
		WebClient agent = CentroPages.staffBrowser(api, "AGENTE", CENTER);

		HtmlPage unverified = Pages.press(Pages.open(agent, base + "/centro/personas/" + cedula),
				"Enviar enlace para generar clave");
		assertThat(unverified.asNormalizedText()).contains("La persona no tiene un correo verificado en persona: verifique primero");

		String email = "enlace." + cedula + "@example.ec";
		api.verifyContact(agentToken, cedula, email);
		HtmlPage sent = Pages.press(Pages.open(agent, base + "/centro/personas/" + cedula), "Enviar enlace para generar clave");

		assertThat(sent.querySelector("[role=status]").asNormalizedText())
			.matches("Se envió el enlace para generar la clave a e\\*+\\d@e\\*+\\.ec\\.");
		assertThat(SMTP.awaitWithLinks(email, 1, MAIL)).hasSize(1);
	}

	/** A multipart post as the form sends it, without the CSRF token: refused, nothing enrolled. */
	@Test
	void theUploadNeedsItsCsrfToken() throws IOException {
		String cedula = api.registerPerson(api.agent());
		WebClient agent = CentroPages.staffBrowser(api, "AGENTE", CENTER);
		HtmlPage page = Pages.open(agent, base + "/centro/personas/" + cedula);
		byte[] image = SyntheticFingerprints.finger(Long.parseLong(cedula)).impressionPng(0);

		assertThat(CentroPages.status(upload(agent, cedula, null, image))).isEqualTo(403);
		assertThat(fingerprintEnrolled(Pages.open(agent, base + "/centro/personas/" + cedula))).isEqualTo("No");
		assertThat(CentroPages.path(upload(agent, cedula, CentroPages.csrf(page), image))).as("with it, enrolled")
			.isEqualTo("/centro/personas/" + cedula);
		assertThat(fingerprintEnrolled(Pages.open(agent, base + "/centro/personas/" + cedula))).isEqualTo("Sí");
	}

	private Page upload(WebClient browser, String cedula, String csrf, byte[] image) throws IOException {
		WebRequest request = new WebRequest(new URL(base + "/centro/personas/" + cedula + "/verificacion"), HttpMethod.POST);
		request.setEncodingType(FormEncodingType.MULTIPART);
		List<NameValuePair> fields = new ArrayList<>(List.of(new NameValuePair("email", "csrf@example.ec"),
				new NameValuePair("mobile", "0991234567"), new NameValuePair("dpi", "500")));
		KeyDataPair file = new KeyDataPair("fingerprint", null, "huella.png", "image/png", StandardCharsets.UTF_8);
		file.setData(image);
		fields.add(file);
		if (csrf != null) {
			fields.add(new NameValuePair("_csrf", csrf));
		}
		request.setRequestParameters(fields);
		request.setAdditionalHeader("Origin", TestFixtures.SITE);
		return browser.getPage(request);
	}

	private static HtmlPage verify(HtmlPage page, String email, String mobile, Path image) {
		Pages.fill(page, "Correo electrónico", email);
		Pages.fill(page, "Teléfono celular", mobile);
		Pages.upload(page, IMAGE, image);
		return Pages.press(page, "Verificar huella y contacto");
	}

	private Path png(String name, byte[] bytes) {
		try {
			return Files.write(files.resolve(name), bytes);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String fingerprintEnrolled(HtmlPage page) {
		return page.getElementById("huella-registrada").getTextContent().strip();
	}

	private static String fieldError(HtmlPage page, String field) {
		return page.getElementById(field + "-error").getTextContent().strip();
	}

	private static String contact(HtmlPage page) {
		return page.getElementsByTagName("dd").stream().map(e -> e.asNormalizedText()).filter(t -> t.contains("Verificado el"))
			.findFirst().orElse("");
	}

	private String counterEvent(String type, String account) {
		return CentroPages.counterEvent(jdbc, type, account);
	}
}
