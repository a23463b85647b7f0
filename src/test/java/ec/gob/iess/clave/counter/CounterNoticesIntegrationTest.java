package ec.gob.iess.clave.counter;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import ec.gob.iess.clave.mail.MailKind;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.token.OneTimeLinks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a counter changes about a person reaches the person by mail (SECURITY.md's opening fraud, and
 * 22): a changed email or mobile is told to the previous and the new address, naming the centre and the
 * never the agent (decision 86); changed personal data is told too; each is audited as what it is. And a notice that cannot be
 * queued never undoes the security action that caused it.
 */
@ClaveIntegrationTest
class CounterNoticesIntegrationTest extends MailServerTest {

	static final String CENTER = "CAU Quito Norte";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OneTimeLinks links;

	@Autowired
	TransactionTemplate transactions;

	TestFixtures api;
	String agentName;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agentName = "agente-cambios-" + System.nanoTime() % 10_000_000;
		agent = api.staff(agentName, "AGENTE");
	}

	@Test
	void aChangedEmailIsToldToThePreviousAndTheNewAddressNamingTheCentreNotTheAgent() {
		String cedula = api.registerPerson(agent);
		String previous = address("antes", cedula);
		String next = address("despues", cedula);
		verify(cedula, previous, "0991234567");

		verify(cedula, next, "0991234567");

		MimeMessage toPrevious = SMTP.awaitSubject(previous, MailKind.CONTACT_CHANGED.subject(), Duration.ofSeconds(5));
		MimeMessage toNext = SMTP.await(next, 1, Duration.ofSeconds(5)).get(0);
		for (MimeMessage mail : List.of(toPrevious, toNext)) {
			String body = TestMailServer.body(mail);
			assertThat(TestMailServer.subject(mail)).isEqualTo("Se cambiaron sus datos de contacto del IESS");
			assertThat(body).contains("Rosa Elena Quishpe Tipán", CENTER, "su correo electrónico",
					"terminada en " + cedula.substring(7), "llame al 140");
			assertThat(body).doesNotContain(cedula, next, agentName);
		}
		assertThat(TestMailServer.body(toPrevious)).contains("era la registrada hasta ahora");
		assertThat(TestMailServer.body(toNext)).contains("se registró ahora");
		assertThat(counterEvents(cedula)).containsExactly(List.of("PERSON_REGISTERED", agentName, ""),
				List.of("FINGERPRINT_ENROLLED", agentName, ""),
				List.of("CONTACT_VERIFIED", agentName, "first verification"),
				List.of("CONTACT_CHANGED", agentName, "email"));
	}

	@Test
	void aChangedMobileIsToldToTheEmailOnceAndAuditedAsAChange() {
		String cedula = api.registerPerson(agent);
		String email = address("celular", cedula);
		verify(cedula, email, "0991234567");

		verify(cedula, email, "0987654321");

		MimeMessage mail = SMTP.awaitSubject(email, MailKind.CONTACT_CHANGED.subject(), Duration.ofSeconds(5));
		assertThat(TestMailServer.body(mail)).contains("su número de celular", CENTER)
			.doesNotContain("0987654321", "987654321", agentName);
		assertThat(counterEvents(cedula)).extracting(row -> row.get(0) + " " + row.get(2))
			.containsExactly("PERSON_REGISTERED ", "FINGERPRINT_ENROLLED ", "CONTACT_VERIFIED first verification",
					"CONTACT_CHANGED mobile");
		assertNoMoreThan(email, 2);
	}

	@Test
	void aFirstVerificationAndTheSameContactVerifiedAgainAreEachToldToTheAddressNamingTheCentre() {
		String cedula = api.registerPerson(agent);
		String email = address("igual", cedula);
		verify(cedula, email, "0991234567");
		MimeMessage first = SMTP.awaitSubject(email, MailKind.CONTACT_VERIFIED.subject(), Duration.ofSeconds(5));

		verify(cedula, email.toUpperCase(), "+593 99 123 4567");

		List<MimeMessage> both = SMTP.await(email, 2, Duration.ofSeconds(5));
		assertThat(both).extracting(TestMailServer::subject).containsOnly(MailKind.CONTACT_VERIFIED.subject());
		MimeMessage again = both.get(1);
		assertThat(TestMailServer.body(first)).contains("Rosa Elena Quishpe Tipán", "se verificaron, con su huella",
				"A partir de ahora", CENTER, "terminada en " + cedula.substring(7), "llame al 140")
			.doesNotContain("de nuevo", cedula, email, agentName);
		assertThat(TestMailServer.body(again)).contains("de nuevo", "no cambiaron", CENTER)
			.doesNotContain("A partir de ahora", cedula, email, agentName);
		assertThat(counterEvents(cedula)).extracting(row -> row.get(0))
			.containsExactly("PERSON_REGISTERED", "FINGERPRINT_ENROLLED", "CONTACT_VERIFIED", "CONTACT_VERIFIED");
		assertNoMoreThan(email, 2);
	}

	@Test
	void changedPersonalDataIsAuditedWithTheFieldsAndToldToThePerson() {
		String cedula = api.registerPerson(agent);
		String email = address("datos", cedula);
		verify(cedula, email, "0991234567");

		HttpResponse<String> updated = api.put("/api/v1/staff/persons/" + cedula, """
				{"firstNames":"Rosa Elena","lastNames":"Quishpe Tipán","birthDate":"1960-01-02",
				 "fingerprintCode":"E1111I2222","roles":["AFILIADO"]}""", agent);

		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		MimeMessage mail = SMTP.awaitSubject(email, MailKind.PERSON_UPDATED.subject(), Duration.ofSeconds(5));
		assertThat(TestMailServer.body(mail)).contains("su fecha de nacimiento y su código dactilar", CENTER)
			.doesNotContain(cedula, "1960", "E1111I2222", agentName);
		assertThat(counterEvents(cedula)).extracting(row -> row.get(0) + " " + row.get(2)).containsExactly(
				"PERSON_REGISTERED ", "FINGERPRINT_ENROLLED ", "CONTACT_VERIFIED first verification",
				"PERSON_UPDATED birthDate,fingerprintCode");
	}

	@Test
	void anUpdateThatChangesNothingRecordsNothingAndMailsNobody() {
		String cedula = api.registerPerson(agent);
		String email = address("sin-cambios", cedula);
		verify(cedula, email, "0991234567");

		HttpResponse<String> same = api.put("/api/v1/staff/persons/" + cedula, """
				{"firstNames":" Rosa Elena ","lastNames":"Quishpe Tipán","birthDate":"1958-04-21",
				 "fingerprintCode":"V4343V4242","roles":["AFILIADO"]}""", agent);

		assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
		assertThat(counterEvents(cedula)).extracting(row -> row.get(0))
			.containsExactly("PERSON_REGISTERED", "FINGERPRINT_ENROLLED", "CONTACT_VERIFIED");
		assertNoMoreThan(email, 1);
	}

	@Test
	void anAddressTheMailerRefusesIsRefusedAtTheCounterWithItsReason() {
		String cedula = api.registerPerson(agent);

		for (String bad : List.of("a,b@x.ec", "\"quoted\"@x.ec", "rosa@localhost")) {
			HttpResponse<String> refused = verification(cedula, bad, "0991234567");
			assertThat(refused.statusCode()).as(bad).isEqualTo(400);
			assertThat(json(refused).get("reasons").toString()).as(bad).contains("EMAIL_INVALID");
		}
		HttpResponse<String> accents = verification(cedula, "josé@example.ec", "0991234567");
		assertThat(accents.statusCode()).isEqualTo(400);
		assertThat(json(accents).get("reasons").toString()).contains("EMAIL_NOT_ASCII");
		assertThat(counterEvents(cedula)).extracting(row -> row.get(0)).containsExactly("PERSON_REGISTERED");
	}

	@Test
	void anUndeliverableStoredAddressNeverUndoesALockoutATemporaryClaveOrAReset() {
		String cedula = api.activePerson(agent);
		verify(cedula, address("vieja", cedula), "0991234567");
		// Old data: written before the one address rule, the mail path refuses it.
		jdbc.sql("update persons set contact_email = ? where cedula = ?").params("a,b@x.ec", cedula).update();

		for (int i = 1; i <= 5; i++) {
			assertThat(api.login(cedula, "una clave equivocada número " + i).statusCode()).isEqualTo(401);
		}
		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");

		String temporary = api.temporaryClave(agent, cedula);
		assertThat(api.status(agent, cedula)).isEqualTo("TEMPORAL");
		assertThat(api.login(cedula, temporary).statusCode()).isEqualTo(200);

		String token = transactions.execute(status -> links.issue(cedula, LinkPurpose.RECOVERY, Duration.ofMinutes(15)));
		HttpResponse<String> reset = api.post("/api/v1/password/reset", "{\"token\":" + quote(token)
				+ ",\"newPassword\":" + quote(GOOD_CLAVE) + ",\"acceptAgreement\":true}", null);
		assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);

		assertThat(jdbc.sql("select count(*) from mail_outbox where recipient = ?").param("a,b@x.ec").query(Long.class)
			.single()).isZero();
		assertThat(counterEvents(cedula).stream().map(row -> row.get(0)).toList()).contains("ACCOUNT_LOCKED",
				"TEMPORARY_PASSWORD_ISSUED");
	}

	// --- helpers --------------------------------------------------------------------------------------

	static String address(String what, String cedula) {
		return what + "." + cedula + "@correo.example.ec";
	}

	HttpResponse<String> verification(String cedula, String email, String mobile) {
		return api.post("/api/v1/staff/persons/" + cedula + "/verification",
				TestFixtures.verificationBody(cedula, email, mobile), agent);
	}

	void verify(String cedula, String email, String mobile) {
		HttpResponse<String> response = verification(cedula, email, mobile);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	/** [type, actor, detail] of the account's audit rows written by a counter or the lock, oldest first. */
	List<List<String>> counterEvents(String cedula) {
		return jdbc.sql("""
				select type, actor, coalesce(detail, '') from audit_events
				where account = ? and (channel = 'COUNTER' or type = 'ACCOUNT_LOCKED') order by id""")
			.param(cedula)
			.query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	/** Gives the dispatcher a moment, then checks that no more than {@code count} messages reached the address. */
	void assertNoMoreThan(String email, int count) {
		try {
			Thread.sleep(1500);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		assertThat(SMTP.to(email)).hasSize(count);
	}
}
