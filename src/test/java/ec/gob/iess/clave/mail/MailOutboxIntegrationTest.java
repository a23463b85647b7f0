package ec.gob.iess.clave.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.credential.CredentialEvents.AccountLocked;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox against a real SMTP server (GreenMail on a local port): notices reach the verified address
 * once, in Spanish, text and HTML, within about a second; nothing is queued by a change that did not
 * happen; nothing is lost or doubled when the mail server is down, when dispatchers race, or when a node
 * dies holding a claim (PRODUCT.md §4.9, SECURITY.md 12, 13, 15).
 */
@ClaveIntegrationTest
class MailOutboxIntegrationTest {

	static final String OTHER_CLAVE = "tortuga gigante de galápagos 1835";

	static final int SMTP_PORT = freePort();

	static volatile GreenMail smtp = startSmtp();

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> SMTP_PORT);
	}

	@AfterAll
	static void stopSmtp() {
		smtp.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Mailer mailer;

	@Autowired
	MailLinks links;

	@Autowired
	MailDispatcher dispatcher;

	@Autowired
	MutableClock clock;

	TestFixtures api;
	String agent;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		agent = api.agent();
	}

	@Test
	void aLockoutEmailsTheVerifiedAddressOnceInSpanishWithTextAndHtml() throws Exception {
		String cedula = api.activePerson(agent);
		String email = address("bloqueo");
		verifyContact(cedula, email);

		for (int i = 1; i <= 5; i++) {
			assertThat(api.login(cedula, "una clave equivocada número " + i).statusCode()).isEqualTo(401);
		}

		MimeMessage mail = awaitOne(email, Duration.ofSeconds(2));
		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		assertThat(mail.getSubject()).isEqualTo("Su clave del IESS fue bloqueada");
		assertThat(mail.getFrom()[0].toString()).isEqualTo("no-responder@localhost");
		assertThat(mail.getContentType()).startsWith("multipart/alternative");
		String text = part(mail, "text/plain");
		String html = part(mail, "text/html");
		for (String body : List.of(text, html)) {
			assertThat(body).contains("Rosa Elena Quishpe Tipán", "bloqueada", "Desbloqueo de clave", "en línea",
					"hora de Ecuador", "llame al 140", "terminada en " + cedula.substring(7));
			assertThat(body).doesNotContain(cedula, GOOD_CLAVE, "una clave equivocada");
		}
		assertThat(text).contains("https://clave.iess.test/desbloqueo");
		assertThat(html).contains("href=\"https://clave.iess.test/desbloqueo\"");
		assertNothingMoreFor(email, 1);
	}

	@Test
	void aTemporaryClaveAndAClaveChangeAreNotifiedWithWhereTheyHappened() throws Exception {
		String cedula = api.registerPerson(agent);
		String email = address("cambio");
		verifyContact(cedula, email);

		String temporary = api.temporaryClave(agent, cedula);
		MimeMessage issued = awaitOne(email, Duration.ofSeconds(2));
		HttpResponse<String> changed = api.post("/api/v1/password/change", "{\"username\":\"" + cedula
				+ "\",\"currentPassword\":" + quote(temporary) + ",\"newPassword\":" + quote(GOOD_CLAVE)
				+ ",\"acceptAgreement\":true}", null);
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
		List<MimeMessage> both = await(email, 2, Duration.ofSeconds(2));

		assertThat(issued.getSubject()).isEqualTo("Se emitió una clave temporal para su cuenta del IESS");
		assertThat(part(issued, "text/plain")).contains("clave temporal", "Dónde: CAU Quito Norte")
			.doesNotContain(temporary, cedula, "agente");
		MimeMessage change = both.stream().filter(m -> !m.equals(issued)).findFirst().orElseThrow();
		assertThat(change.getSubject()).isEqualTo("Su clave del IESS fue cambiada");
		assertThat(part(change, "text/plain")).contains("Dónde: en línea", "llame al 140")
			.doesNotContain(temporary, GOOD_CLAVE, cedula);
		assertThat(part(change, "text/html")).contains("cambiada").doesNotContain(temporary, GOOD_CLAVE, cedula);
		assertNothingMoreFor(email, 2);
	}

	@Test
	void aSuspensionIsNotifiedAndAPersonWithoutVerifiedContactGetsNothing() throws Exception {
		String verified = api.activePerson(agent);
		String email = address("suspension");
		verifyContact(verified, email);
		String unverified = api.activePerson(agent);
		int suspensionsBefore = suspensionNotices();

		for (String cedula : List.of(verified, unverified)) {
			HttpResponse<String> suspended = api.post("/api/v1/staff/persons/" + cedula + "/suspend",
					"{\"reason\":\"Denuncia de suplantación\"}", agent);
			assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(204);
		}

		MimeMessage mail = awaitOne(email, Duration.ofSeconds(2));
		assertThat(mail.getSubject()).isEqualTo("Su cuenta del IESS fue suspendida");
		assertThat(part(mail, "text/plain")).contains("Dónde: CAU Quito Norte", "reactivarla")
			.doesNotContain("suplantación");
		assertNothingMoreFor(email, 1);
		assertThat(suspensionNotices()).as("only the person with a verified contact is notified")
			.isEqualTo(suspensionsBefore + 1);
	}

	@Test
	void aRefusedClaveChangeQueuesNothing() throws Exception {
		String cedula = api.activePerson(agent);
		String email = address("rechazo");
		verifyContact(cedula, email);

		HttpResponse<String> weak = api.post("/api/v1/password/change", "{\"username\":\"" + cedula
				+ "\",\"currentPassword\":" + quote(GOOD_CLAVE) + ",\"newPassword\":\"corta\",\"acceptAgreement\":true}", null);
		HttpResponse<String> wrong = api.post("/api/v1/password/change", "{\"username\":\"" + cedula
				+ "\",\"currentPassword\":\"no es la clave actual de nadie\",\"newPassword\":" + quote(OTHER_CLAVE)
				+ ",\"acceptAgreement\":true}", null);

		assertThat(weak.statusCode()).isEqualTo(400);
		assertThat(weak.body()).contains("WEAK_PASSWORD");
		assertThat(wrong.statusCode()).isEqualTo(401);
		Thread.sleep(1500);
		assertThat(mailTo(email)).isEmpty();
		assertThat(rowsFor(email)).as("only the verification's own notice").isOne();
	}

	@Test
	void aMessageIsWrittenWithItsTransactionOrNotAtAll() {
		String email = address("rollback");

		transactions.executeWithoutResult(status -> {
			mailer.queue(email, MailKind.PASSWORD_CHANGED, notice());
			status.setRollbackOnly();
		});

		assertThat(rowsFor(email)).isZero();
		assertThatThrownBy(() -> mailer.queue(email, MailKind.PASSWORD_CHANGED, notice()))
			.isInstanceOf(IllegalTransactionStateException.class);
		assertThatThrownBy(() -> transactions.executeWithoutResult(
				status -> mailer.queue("a@b.ec\r\nBcc: otro@b.ec", MailKind.PASSWORD_CHANGED, notice())))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void whileTheMailServerIsDownAMessageIsRetriedAndThenDeliveredExactlyOnce() throws Exception {
		String cedula = api.activePerson(agent);
		String email = address("caida");
		verifyContact(cedula, email);
		smtp.stop();
		try {
			HttpResponse<String> changed = api.post("/api/v1/password/change", "{\"username\":\"" + cedula
					+ "\",\"currentPassword\":" + quote(GOOD_CLAVE) + ",\"newPassword\":" + quote(OTHER_CLAVE)
					+ ",\"acceptAgreement\":true}", null);
			assertThat(changed.statusCode()).as("the change does not wait on the mail server").isEqualTo(204);

			awaitRow(email, MailKind.PASSWORD_CHANGED, row -> ((Number) row.get("attempts")).intValue() >= 2,
					Duration.ofSeconds(10));
			Map<String, Object> failing = row(email, MailKind.PASSWORD_CHANGED);
			assertThat(failing.get("sent_at")).isNull();
			assertThat((String) failing.get("last_error")).isNotBlank().doesNotContain(email).hasSizeLessThanOrEqualTo(300);
		}
		finally {
			smtp = startSmtp();
			noticed.remove(email); // a new server: the verification's notice is not among its messages
		}

		MimeMessage mail = awaitOne(email, Duration.ofSeconds(10));
		assertThat(mail.getSubject()).isEqualTo("Su clave del IESS fue cambiada");
		assertNothingMoreFor(email, 1);
		Map<String, Object> sent = row(email, MailKind.PASSWORD_CHANGED);
		assertThat(sent.get("sent_at")).isNotNull();
		assertThat(sent.get("delivered_via")).isEqualTo("SMTP");
		assertThat(sent.get("claim_token")).isNull();
	}

	@Test
	void racingDispatchersSendEveryMessageExactlyOnce() throws Exception {
		List<String> recipients = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			recipients.add(address("carrera-" + i));
		}
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> racers = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				racers.add(threads.submit(() -> {
					start.await();
					return dispatcher.dispatch();
				}));
			}
			transactions.executeWithoutResult(status -> recipients
				.forEach(to -> mailer.queue(to, MailKind.PASSWORD_CHANGED, notice())));
			start.countDown();
			int deliveredByRacers = 0;
			for (Future<Integer> racer : racers) {
				deliveredByRacers += racer.get();
			}
			assertThat(deliveredByRacers).isLessThanOrEqualTo(30);
		}
		finally {
			threads.shutdownNow();
		}

		for (String to : recipients) {
			await(to, 1, Duration.ofSeconds(5));
		}
		Thread.sleep(1000);
		for (String to : recipients) {
			assertThat(mailTo(to)).as(to).hasSize(1);
			assertThat(row(to, MailKind.PASSWORD_CHANGED).get("sent_at")).as(to).isNotNull();
		}
	}

	@Test
	void theClaimOfANodeThatDiedExpiresAndAnotherNodeDeliversTheMessage() throws Exception {
		String email = address("nodo-caido");
		transactions.executeWithoutResult(status -> {
			mailer.queue(email, MailKind.ACCOUNT_UNLOCKED, notice());
			jdbc.sql("update mail_outbox set claim_token = 'nodo-caido', lease_until = ? where recipient = ?")
				.params(Timestamp.from(clock.instant().plusMillis(1500)), email)
				.update();
		});

		Thread.sleep(1000);
		assertThat(mailTo(email)).as("not while the dead node's lease lasts").isEmpty();

		awaitOne(email, Duration.ofSeconds(4));
		assertNothingMoreFor(email, 1);
	}

	@Autowired
	MailOutbox outbox;

	@Test
	void onShutdownANodeReleasesItsClaimsOnUnsentMailAndLeavesOtherNodesClaimsAlone() throws Exception {
		String mine = address("reclamo-propio");
		String theirs = address("reclamo-ajeno");
		String otherNode = "0123456789ab";
		// Due now but claimed for two minutes, one by this node and one by another, as claim() stamps them.
		transactions.executeWithoutResult(status -> {
			mailer.queue(mine, MailKind.ACCOUNT_UNLOCKED, notice());
			mailer.queue(theirs, MailKind.ACCOUNT_UNLOCKED, notice());
			Timestamp leaseUntil = Timestamp.from(clock.instant().plus(Duration.ofMinutes(2)));
			jdbc.sql("update mail_outbox set claim_token = ?, lease_until = ? where recipient = ?")
				.params(MailOutbox.claimToken(dispatcher.node()), leaseUntil, mine).update();
			jdbc.sql("update mail_outbox set claim_token = ?, lease_until = ? where recipient = ?")
				.params(MailOutbox.claimToken(otherNode), leaseUntil, theirs).update();
		});

		dispatcher.stop();
		try {
			assertThat(row(mine, MailKind.ACCOUNT_UNLOCKED)).containsEntry("claim_token", null)
				.containsEntry("lease_until", null).containsEntry("sent_at", null);
			assertThat((String) row(theirs, MailKind.ACCOUNT_UNLOCKED).get("claim_token")).endsWith("-" + otherNode);
			assertThat(row(theirs, MailKind.ACCOUNT_UNLOCKED).get("lease_until")).isNotNull();
		}
		finally {
			dispatcher.start();
		}
		// A running node (here this one again) takes the released message at once, not after the lease.
		awaitOne(mine, Duration.ofSeconds(3));
		assertThat(mailTo(theirs)).isEmpty();
		jdbc.sql("delete from mail_outbox where recipient = ?").param(theirs).update();
	}

	@Autowired
	ApplicationEventPublisher events;

	@Test
	void anEmployersLockoutEmailLinksToTheEmployersDesbloqueoPage() throws Exception {
		String representative = api.activePerson(agent);
		verifyContact(representative, address("representante"));
		String ruc = TestCedulas.next() + "001";
		String email = address("empleador");
		assertThat(api.put("/api/v1/staff/employers/" + ruc, "{\"legalName\":\"Comercial Andrade S.A.\",\"representativeCedula\":"
				+ quote(representative) + ",\"email\":" + quote(email) + "}", agent).statusCode()).isEqualTo(201);
		// The registration is notified first (decision 87).
		assertThat(awaitOne(email, Duration.ofSeconds(2)).getSubject()).isEqualTo("Se registró su empresa como empleador en el IESS");

		transactions.executeWithoutResult(status -> events.publishEvent(
				new AccountLocked(Username.parse(ruc), clock.instant(), new Origin(ruc, ec.gob.iess.clave.audit.Channel.WEB, "127.0.0.1"))));

		MimeMessage mail = await(email, 2, Duration.ofSeconds(2)).get(1);
		assertThat(mail.getSubject()).isEqualTo("Su clave del IESS fue bloqueada");
		assertThat(part(mail, "text/plain")).contains("https://clave.iess.test/desbloqueo?tipo=empleador");
		// No action link: its only token is the notice's "No fui yo" (issue 11).
		assertThat(part(mail, "text/html")).contains("href=\"https://clave.iess.test/desbloqueo?tipo=empleador\"")
			.doesNotContain("/desbloqueo/enlace?token=").contains("https://clave.iess.test/no-fui-yo?token=");
	}

	@Test
	void linksComeFromTheBaseUrlEvenWhenTheRequestForgesItsHost() throws Exception {
		MockHttpServletRequest forged = new MockHttpServletRequest("POST", "/api/v1/password/recovery");
		forged.setServerName("evil.example");
		forged.addHeader("Host", "evil.example");
		forged.addHeader("X-Forwarded-Host", "evil.example");
		forged.addHeader("X-Forwarded-Proto", "http");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(forged));
		try {
			assertThat(links.link("/recuperar/clave", "abc_DEF-123"))
				.isEqualTo("https://clave.iess.test/recuperar/clave?token=abc_DEF-123");
			assertThat(links.page("/desbloqueo")).isEqualTo("https://clave.iess.test/desbloqueo");
			assertThat(links.page("/desbloqueo", "tipo", "empleador")).isEqualTo("https://clave.iess.test/desbloqueo?tipo=empleador");
		}
		finally {
			RequestContextHolder.resetRequestAttributes();
		}

		// End to end: a lockout caused by requests that forge Host and X-Forwarded-Host.
		String cedula = api.activePerson(agent);
		String email = address("host-falso");
		verifyContact(cedula, email);
		for (int i = 1; i <= 5; i++) {
			assertThat(loginWithForgedHost(cedula, "otra clave equivocada " + i)).startsWith("HTTP/1.1 401");
		}
		MimeMessage mail = awaitOne(email, Duration.ofSeconds(2));
		assertThat(part(mail, "text/plain")).contains("https://clave.iess.test/desbloqueo").doesNotContain("evil");
		assertThat(part(mail, "text/html")).doesNotContain("evil");
	}

	// ---- helpers -----------------------------------------------------------------------------------------

	static Map<String, Object> notice() {
		return Map.of("names", "Rosa Elena Quishpe Tipán", "accountEnding", "065", "when", "24/11/2026 14:05 (hora de Ecuador)",
				"where", "en línea");
	}

	static String address(String label) {
		return label + "." + System.nanoTime() + "@correo.test";
	}

	int suspensionNotices() {
		return jdbc.sql("select count(*) from mail_outbox where kind = 'ACCOUNT_SUSPENDED'").query(Integer.class).single();
	}

	int rowsFor(String email) {
		return jdbc.sql("select count(*) from mail_outbox where recipient = ?").param(email).query(Integer.class).single();
	}

	/** The address's one outbox row of this kind. */
	Map<String, Object> row(String email, MailKind kind) {
		return jdbc.sql("select * from mail_outbox where recipient = ? and kind = ?").params(email, kind.name()).query()
			.singleRow().entrySet()
			.stream()
			.collect(java.util.HashMap::new, (m, e) -> m.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()),
					Map::putAll);
	}

	void awaitRow(String email, MailKind kind, Predicate<Map<String, Object>> condition, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.test(row(email, kind))) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("outbox row for " + email + " never met the condition: " + row(email, kind));
	}

	/**
	 * Verifies the contact at the counter and waits for that verification's own notice; from then on the
	 * test counts only what came after it ({@link #mailTo}).
	 */
	void verifyContact(String cedula, String email) throws Exception {
		api.verifyContact(agent, cedula, email);
		assertThat(awaitOne(email, Duration.ofSeconds(2)).getSubject()).isEqualTo(MailKind.CONTACT_VERIFIED.subject());
		noticed.put(email, 1);
	}

	/** Per address, how many of its first messages were the verification's notice, which the tests do not count. */
	static final Map<String, Integer> noticed = new java.util.concurrent.ConcurrentHashMap<>();

	/** The messages to the address, oldest first, after the notice of its verification if it had one. */
	static List<MimeMessage> mailTo(String email) {
		List<MimeMessage> all = Arrays.stream(smtp.getReceivedMessages()).filter(m -> isTo(m, email)).toList();
		return all.subList(Math.min(noticed.getOrDefault(email, 0), all.size()), all.size());
	}

	static List<MimeMessage> await(String email, int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<MimeMessage> received = mailTo(email);
		while (received.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(20);
			received = mailTo(email);
		}
		assertThat(received).as("messages to %s within %s", email, timeout).hasSizeGreaterThanOrEqualTo(count);
		return received;
	}

	static MimeMessage awaitOne(String email, Duration timeout) throws InterruptedException {
		return await(email, 1, timeout).get(0);
	}

	/** Waits past a few dispatch intervals and checks that no further copy arrived. */
	static void assertNothingMoreFor(String email, int expected) throws InterruptedException {
		Thread.sleep(1500);
		assertThat(mailTo(email)).as("messages to %s", email).hasSize(expected);
	}

	private static boolean isTo(MimeMessage message, String email) {
		try {
			Address[] to = message.getRecipients(RecipientType.TO);
			return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(email));
		}
		catch (MessagingException e) {
			throw new IllegalStateException(e);
		}
	}

	static String part(MimeMessage message, String type) throws MessagingException, IOException {
		MimeMultipart parts = (MimeMultipart) message.getContent();
		for (int i = 0; i < parts.getCount(); i++) {
			BodyPart part = parts.getBodyPart(i);
			if (part.isMimeType(type)) {
				return (String) part.getContent();
			}
		}
		throw new AssertionError("no " + type + " part");
	}

	/** A raw HTTP/1.1 login whose Host and X-Forwarded-Host name another site (HttpClient will not forge Host). */
	private String loginWithForgedHost(String cedula, String clave) {
		String body = "{\"username\":" + quote(cedula) + ",\"password\":" + quote(clave) + "}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/login HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\n"
					+ "X-Forwarded-Proto: http\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
					+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(bytes);
			out.flush();
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static GreenMail startSmtp() {
		GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		server.start();
		return server;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
