package ec.gob.iess.clave.selfservice;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.confirmUnlock;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.email;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.lock;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.unlock;
import static ec.gob.iess.clave.selfservice.SelfServiceTestSupport.verifiedPerson;
import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Desbloqueo de clave end to end, with a real SMTP server (PRODUCT.md §4.4; SECURITY.md 9–12). */
@ClaveIntegrationTest
@TestPropertySource(properties = { "clave.captcha.max-number=2000", "clave.unlock.answer-time=PT0.15S",
		"clave.rate-limit.unlock-source.limit=100000", "clave.rate-limit.unlock-account.limit=100000",
		"clave.rate-limit.mail-source.limit=100000", "clave.rate-limit.mail-account.limit=100000" })
class UnlockFlowIntegrationTest {

	static final TestMailServer SMTP = new TestMailServer().start();

	@DynamicPropertySource
	static void mail(DynamicPropertyRegistry registry) {
		SMTP.register(registry);
	}

	@AfterAll
	static void stopMail() {
		SMTP.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	TestFixtures api;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	String lockedPersonsLink() {
		String cedula = verifiedPerson(api, agent);
		lock(api, cedula);
		assertThat(unlock(api, cedula).statusCode()).isEqualTo(202);
		List<MimeMessage> mails = SMTP.await(email(cedula), 2, Duration.ofSeconds(5));
		MimeMessage link = mails.stream().filter(m -> !TestMailServer.links(m).isEmpty()).findFirst().orElseThrow();
		return cedula + " " + TestMailServer.token(TestMailServer.links(link).get(0));
	}

	@Test
	void aLockedPersonGetsAThreeMinuteLinkAndConfirmingItUnlocks() {
		String cedula = verifiedPerson(api, agent);
		lock(api, cedula);

		HttpResponse<String> answer = unlock(api, cedula);

		assertThat(answer.statusCode()).isEqualTo(202);
		assertThat(json(answer).get("message").asString()).isEqualTo(
				"Si su cuenta está bloqueada y tiene datos verificados, recibirá un correo con un enlace válido por 3 minutos.");
		List<MimeMessage> mails = SMTP.await(email(cedula), 2, Duration.ofSeconds(5));
		MimeMessage linkMail = mails.stream().filter(m -> !TestMailServer.links(m).isEmpty()).findFirst().orElseThrow();
		assertThat(TestMailServer.links(linkMail).stream().distinct().toList()).hasSize(1)
			.allSatisfy(link -> assertThat(link).startsWith("https://clave.iess.test/desbloqueo/enlace?token="));
		assertThat(TestMailServer.body(linkMail)).contains("3 minutos");

		assertThat(confirmUnlock(api, TestMailServer.token(TestMailServer.links(linkMail).get(0))).statusCode())
			.isEqualTo(204);

		assertThat(api.status(agent, cedula)).isEqualTo("ACTIVA");
		assertThat(api.login(cedula, GOOD_CLAVE).statusCode()).isEqualTo(200);
	}

	@Test
	void theAnswerIsByteIdenticalInEveryCaseAndOnlyALockedVerifiedAccountGetsMail() {
		String locked = verifiedPerson(api, agent);
		lock(api, locked);
		String notLocked = verifiedPerson(api, agent);
		String lockedWithoutContact = api.activePerson(agent);
		lock(api, lockedWithoutContact);

		List<HttpResponse<String>> answers = List.of(unlock(api, locked), unlock(api, notLocked),
				unlock(api, lockedWithoutContact), unlock(api, TestCedulas.next()));

		for (HttpResponse<String> answer : answers) {
			assertThat(answer.statusCode()).isEqualTo(202);
			assertThat(answer.body()).isEqualTo(answers.get(0).body());
			assertThat(LoginHeaders.withoutDate(answer)).isEqualTo(LoginHeaders.withoutDate(answers.get(0)));
		}
		SMTP.await(email(locked), 2, Duration.ofSeconds(5));
		assertThat(SMTP.to(email(notLocked))).isEmpty();
	}

	@Test
	void theLinkWorksAtTwoFiftyAndIsRefusedAtThreeTen() {
		String[] early = lockedPersonsLink().split(" ");
		String[] late = lockedPersonsLink().split(" ");

		clock.advance(Duration.ofSeconds(170));
		assertThat(confirmUnlock(api, early[1]).statusCode()).isEqualTo(204);

		clock.advance(Duration.ofSeconds(20));
		HttpResponse<String> refused = confirmUnlock(api, late[1]);
		assertThat(refused.statusCode()).isEqualTo(410);
		assertThat(json(refused).get("code").asString()).isEqualTo("TOKEN_INVALID");
		assertThat(api.status(agent, late[0])).isEqualTo("BLOQUEADA");
	}

	@Test
	void aLinkWorksOnceAndANewerOneVoidsTheOlder() {
		String cedula = verifiedPerson(api, agent);
		lock(api, cedula);
		unlock(api, cedula);
		unlock(api, cedula);
		List<MimeMessage> mails = SMTP.await(email(cedula), 3, Duration.ofSeconds(5));
		List<String> tokens = mails.stream().filter(m -> !TestMailServer.links(m).isEmpty())
			.map(m -> TestMailServer.token(TestMailServer.links(m).get(0))).toList();

		assertThat(confirmUnlock(api, tokens.get(0)).statusCode()).isEqualTo(410);
		assertThat(confirmUnlock(api, tokens.get(1)).statusCode()).isEqualTo(204);
		assertThat(confirmUnlock(api, tokens.get(1)).statusCode()).isEqualTo(410);
	}
}
