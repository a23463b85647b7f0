package ec.gob.iess.clave;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import ec.gob.iess.clave.support.CaptchaSolver;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestDatabase;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two nodes behind a load balancer (docs/operations.md): two instances of the application, each with its
 * own web server, scheduler and mail dispatcher, on one PostgreSQL database, one SMTP server and the
 * configuration every node shares. Each test drives both over HTTP, as a browser or a client whose
 * requests the balancer spreads, and shows that what one node did holds on the other.
 *
 * <p>PostgreSQL only (production's database; the Failsafe execution {@code integration-h2} leaves it
 * out): an embedded H2 database belongs to one process, so two nodes on it are no deployment anyone runs.
 * The per-source limits are set out of reach (every request here comes from 127.0.0.1) and the per-clave
 * and per-account ones small, so that the test reaches them.
 */
class TwoNodesIntegrationTest {

	/** Failed logins per clave tried across accounts, and logins per account. */
	static final int CLAVE_LIMIT = 4;
	static final int ACCOUNT_LIMIT = 5;

	/** What a production operator sets the same on every node (docs/operations.md), as this test's values. */
	static final List<String> SHARED = List.of(
			"--clave.demo-data=false", "--spring.main.banner-mode=off", "--server.port=0",
			"--clave.staff.totp-required=false",
			"--clave.bootstrap.admin-username=" + TestFixtures.ADMIN,
			"--clave.bootstrap.admin-password=" + TestFixtures.ADMIN_PASSWORD,
			"--clave.bootstrap.admin-totp-secret=" + TestFixtures.ADMIN_TOTP,
			"--clave.base-url=" + TestFixtures.SITE,
			"--clave.rate-limit.login-source.limit=1000000", "--clave.rate-limit.login-failure-source.limit=1000000",
			"--clave.rate-limit.unlock-source.limit=1000000", "--clave.rate-limit.mail-source.limit=1000000",
			"--clave.rate-limit.login-clave.limit=" + CLAVE_LIMIT,
			"--clave.rate-limit.login-account.limit=" + ACCOUNT_LIMIT,
			"--clave.captcha.free-attempts=1000000",
			// Both dispatchers look at the outbox ten times a second: a message two of them could both take
			// would be taken twice.
			"--clave.mail.dispatch-interval=100ms");

	static TestMailServer smtp;
	static ConfigurableApplicationContext nodeA;
	static ConfigurableApplicationContext nodeB;
	static TestFixtures a;
	static TestFixtures b;
	/** The database and the data keys both nodes were given, for the audit command. */
	static Map<String, Object> database;

	@BeforeAll
	static void startTwoNodes() {
		assumeTrue("postgres".equals(TestDatabase.kind()), "two nodes share a PostgreSQL database (integration-postgres)");
		smtp = new TestMailServer().start();
		database = TestDatabase.newDatabase();
		List<String> arguments = new ArrayList<>(SHARED);
		database.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		arguments.add("--spring.mail.host=127.0.0.1");
		arguments.add("--spring.mail.port=" + smtp.port());
		// One after the other: the first migrates the database and creates the administrator, as the first
		// node of a new installation does.
		nodeA = start(arguments);
		nodeB = start(arguments);
		a = new TestFixtures(port(nodeA));
		b = new TestFixtures(port(nodeB));
		assertThat(port(nodeA)).isNotEqualTo(port(nodeB));
	}

	static ConfigurableApplicationContext start(List<String> arguments) {
		return new SpringApplicationBuilder(ClaveApplication.class).run(arguments.toArray(String[]::new));
	}

	static int port(ConfigurableApplicationContext node) {
		return node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@AfterAll
	static void stopTwoNodes() {
		if (nodeB != null) {
			nodeB.close();
		}
		if (nodeA != null) {
			nodeA.close();
		}
		if (smtp != null) {
			smtp.stop();
		}
	}

	@Test
	void aWebSessionStartedOnOneNodeIsValidOnTheOtherAndSalirThereEndsItEverywhere() {
		String cedula = a.activePerson(a.agent());
		// One browser, as behind the balancer: its cookies are the site's, whichever node answers.
		try (WebClient browser = Pages.browser()) {
			HtmlPage ingresar = Pages.open(browser, a.base() + "/ingresar");
			Pages.fill(ingresar, "Número de cédula", cedula);
			Pages.fill(ingresar, "Clave", GOOD_CLAVE);
			HtmlPage services = Pages.press(ingresar, "Ingresar");
			assertThat(services.getUrl().toString()).as("signed in on A").isEqualTo(a.base() + "/servicios");

			HtmlPage onB = Pages.open(browser, b.base() + "/servicios");
			assertThat(onB.getUrl().toString()).as("B knows the session A started").isEqualTo(b.base() + "/servicios");
			assertThat(onB.asNormalizedText()).contains(cedula);

			HtmlPage after = Pages.press(onB, "Salir");
			assertThat(after.getUrl().getPath()).isEqualTo("/ingresar");
			assertThat(Pages.open(browser, a.base() + "/servicios").getUrl().toString())
				.as("the session ended on B is over on A too").startsWith(a.base() + "/ingresar");
		}
	}

	@Test
	void aBearerTokenIssuedByOneNodeWorksOnTheOtherAndItsRevocationOnEitherHoldsOnBoth() {
		String cedula = a.activePerson(a.agent());
		String fromA = token(a, cedula);

		HttpResponse<String> me = b.get("/api/v1/me", fromA);
		assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
		assertThat(json(me).get("username").asString()).isEqualTo(cedula);
		assertThat(b.post("/api/v1/logout", null, fromA).statusCode()).isEqualTo(204);
		assertThat(a.get("/api/v1/me", fromA).statusCode()).as("logged out on B, refused on A").isEqualTo(401);
		assertThat(b.get("/api/v1/me", fromA).statusCode()).isEqualTo(401);

		String fromB = token(b, cedula);
		assertThat(a.get("/api/v1/me", fromB).statusCode()).isEqualTo(200);
		assertThat(a.post("/api/v1/logout", null, fromB).statusCode()).isEqualTo(204);
		assertThat(b.get("/api/v1/me", fromB).statusCode()).as("logged out on A, refused on B").isEqualTo(401);
	}

	static String token(TestFixtures node, String cedula) {
		HttpResponse<String> login = node.login(cedula, GOOD_CLAVE);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return json(login).get("accessToken").asString();
	}

	/**
	 * The per-clave limit (one clave failing on many accounts: its counter is keyed by an HMAC of the clave)
	 * and the per-account limit refuse at the same attempt whether the attempts go to one node or alternate
	 * between the two.
	 */
	@Test
	void theLimitsPerClaveAndPerAccountRefuseAtTheSameTotalOnTwoNodesAsOnOne() {
		assertThat(attemptsUntilRefused(a, a, this::sameClaveOnFreshAccounts)).as("one clave on one node")
			.isEqualTo(CLAVE_LIMIT + 1);
		assertThat(attemptsUntilRefused(a, b, this::sameClaveOnFreshAccounts)).as("one clave on two nodes")
			.isEqualTo(CLAVE_LIMIT + 1);
		assertThat(attemptsUntilRefused(a, a, this::freshClavesOnOneAccount)).as("one account on one node")
			.isEqualTo(ACCOUNT_LIMIT + 1);
		assertThat(attemptsUntilRefused(b, a, this::freshClavesOnOneAccount)).as("one account on two nodes")
			.isEqualTo(ACCOUNT_LIMIT + 1);
	}

	/** Failed logins of one series, the odd ones to {@code first}, the even ones to {@code second}; the number of the first 429. */
	static int attemptsUntilRefused(TestFixtures first, TestFixtures second, Supplier<Series> series) {
		Series attempts = series.get();
		for (int attempt = 1; attempt <= 3 * ACCOUNT_LIMIT; attempt++) {
			HttpResponse<String> response = attempts.next(attempt % 2 == 1 ? first : second);
			if (response.statusCode() == 429) {
				assertThat(json(response).get("code").asString()).isEqualTo("RATE_LIMITED");
				// Refused from then on, on both nodes.
				assertThat(attempts.next(first).statusCode()).isEqualTo(429);
				assertThat(attempts.next(second).statusCode()).isEqualTo(429);
				return attempt;
			}
			assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		}
		throw new AssertionError("never refused");
	}

	interface Series {
		HttpResponse<String> next(TestFixtures node);
	}

	Series sameClaveOnFreshAccounts() {
		String clave = "la misma clave probada " + System.nanoTime();
		return node -> node.login(TestCedulas.next(), clave);
	}

	Series freshClavesOnOneAccount() {
		String cedula = TestCedulas.next();
		return node -> node.login(cedula, "otra clave equivocada " + System.nanoTime());
	}

	@Test
	void aCaptchaSolutionSpentOnOneNodeIsRefusedOnTheOther() {
		String solvedFromA = CaptchaSolver.solve(a);
		assertThat(unlock(b, solvedFromA).statusCode()).as("B accepts a challenge A signed").isEqualTo(202);
		assertCaptchaInvalid(unlock(a, solvedFromA));

		String solvedFromB = CaptchaSolver.solve(b);
		assertThat(unlock(b, solvedFromB).statusCode()).isEqualTo(202);
		assertCaptchaInvalid(unlock(a, solvedFromB));
	}

	static HttpResponse<String> unlock(TestFixtures node, String captcha) {
		return node.post("/api/v1/unlock", "{\"username\":" + quote(TestCedulas.next()) + ",\"captcha\":" + quote(captcha)
				+ "}", null);
	}

	static void assertCaptchaInvalid(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(json(response).get("code").asString()).isEqualTo("CAPTCHA_INVALID");
	}

	@Test
	void aRecoveryLinkUsedOnEitherNodeIsRefusedOnTheOther() {
		String agent = a.agent();
		String cedula = a.registerPerson(agent);
		String email = verifiedEmail(agent, cedula);

		String first = recoveryLink(a, agent, cedula, email, 1);
		assertThat(reset(a, first, GOOD_CLAVE).statusCode()).isEqualTo(204);
		assertTokenInvalid(reset(b, first, "otra clave para el mismo enlace 77"));
		assertThat(b.login(cedula, GOOD_CLAVE).statusCode()).as("B logs in with the clave set on A").isEqualTo(200);

		String second = recoveryLink(a, agent, cedula, email, 2);
		String newClave = "cóndor sobre el nevado azul 58";
		assertThat(reset(b, second, newClave).statusCode()).as("B honours a link A sent").isEqualTo(204);
		assertTokenInvalid(reset(a, second, "y una más para el segundo enlace 91"));
		assertThat(a.login(cedula, newClave).statusCode()).isEqualTo(200);
	}

	/** Registers an email of the person's own as verified at A's counter; answers it. */
	static String verifiedEmail(String agent, String cedula) {
		String email = "dos.nodos." + cedula + "@correo.example.ec";
		a.verifyContact(agent, cedula, email);
		return email;
	}

	/** Asks the node to send the person a recovery link; answers the token of the {@code nth} link mailed. */
	static String recoveryLink(TestFixtures node, String agent, String cedula, String email, int nth) {
		HttpResponse<String> sent = node.post("/api/v1/staff/persons/" + cedula + "/recovery-link", null, agent);
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
		MimeMessage mail = smtp.awaitWithLinks(email, nth, Duration.ofSeconds(10)).get(nth - 1);
		return TestMailServer.token(TestMailServer.links(mail).get(0));
	}

	static HttpResponse<String> reset(TestFixtures node, String token, String clave) {
		return node.post("/api/v1/password/reset", "{\"token\":" + quote(token) + ",\"newPassword\":" + quote(clave)
				+ ",\"acceptAgreement\":true}", null);
	}

	static void assertTokenInvalid(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(410);
		assertThat(json(response).get("code").asString()).isEqualTo("TOKEN_INVALID");
	}

	/**
	 * Notices queued by one node while both nodes' dispatchers look at the outbox every tenth of a second:
	 * each reaches the SMTP server once. Each notice carries its own "No fui yo" link, so a message sent
	 * twice would show as two messages with one link.
	 */
	@Test
	void eachNoticeQueuedByOneNodeIsSentOnceWhileBothNodesDispatch() throws InterruptedException {
		String agent = a.agent();
		String cedula = a.registerPerson(agent);
		String email = verifiedEmail(agent, cedula);
		int notices = 6;
		for (int i = 0; i < notices; i++) {
			a.temporaryClave(agent, cedula);
		}

		awaitNotices(email, notices);
		// Twenty more looks at the outbox by each node: time for any second sending to arrive.
		Thread.sleep(2000);
		List<MimeMessage> received = awaitNotices(email, notices);
		assertThat(received).hasSize(notices);
		Set<String> links = received.stream().map(message -> TestMailServer.fraudLinks(message).get(0))
			.collect(Collectors.toSet());
		assertThat(links).as("six different notices, none twice").hasSize(notices);
	}

	static final String TEMPORARY_CLAVE_NOTICE = "Se emitió una clave temporal para su cuenta del IESS";

	/** The temporary-clave notices to the address (the verification at the counter sent one of its own), once {@code count} are in. */
	static List<MimeMessage> awaitNotices(String email, int count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		List<MimeMessage> notices;
		do {
			notices = smtp.to(email).stream()
				.filter(message -> TestMailServer.subject(message).equals(TEMPORARY_CLAVE_NOTICE))
				.toList();
		}
		while (notices.size() < count && System.nanoTime() < deadline && pause());
		return notices;
	}

	static boolean pause() {
		try {
			Thread.sleep(50);
			return true;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Logins sent in parallel to both nodes, each recorded in the one audit log: most are refused at once
	 * (a clave already refused for having failed on too many accounts: a RATE_LIMITED event and no hash, so
	 * the appends of the two nodes overlap), every fifth is a failure that is hashed (LOGIN_FAILED). The chain
	 * then verifies with {@code java -jar clave.jar audit verify}'s code, run against the shared database, and
	 * every event is there, once.
	 */
	@Test
	void bothNodesAppendToTheAuditLogAtOnceAndTheChainVerifies() throws Exception {
		String refusedClave = "una clave ya rechazada " + System.nanoTime();
		for (int i = 0; i < CLAVE_LIMIT; i++) {
			assertThat(a.login(TestCedulas.next(), refusedClave).statusCode()).isEqualTo(401);
		}
		int threadsPerNode = 2;
		int attemptsPerThread = 30;
		Map<String, String> expected = new java.util.concurrent.ConcurrentHashMap<>();
		List<Future<?>> work = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(2 * threadsPerNode);
		try {
			for (int t = 0; t < threadsPerNode; t++) {
				for (TestFixtures node : List.of(a, b)) {
					work.add(threads.submit(() -> {
						for (int i = 0; i < attemptsPerThread; i++) {
							String cedula = TestCedulas.next();
							if (i % 5 == 0) {
								HttpResponse<String> failed = node.login(cedula, "clave de auditoría " + System.nanoTime());
								assertThat(failed.statusCode()).as(failed.body()).isEqualTo(401);
								expected.put(cedula, "LOGIN_FAILED");
							}
							else {
								HttpResponse<String> refused = node.login(cedula, refusedClave);
								assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
								expected.put(cedula, "RATE_LIMITED");
							}
						}
						return null;
					}));
				}
			}
			for (Future<?> done : work) {
				done.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(expected).hasSize(2 * threadsPerNode * attemptsPerThread);

		Run verify = auditVerify();
		assertThat(verify.exit()).as(verify.output()).isZero();
		assertThat(verify.output()).contains("Cadena de auditoría íntegra");

		// The newest thousand events, read on B: each login above is there once, with its type. A refusal names
		// the cédula as the one who tried (it is no account's event); a failure, as the account.
		HttpResponse<String> events = b.get("/api/v1/staff/audit?limit=1000", a.adminToken());
		assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
		Map<String, List<String>> found = new java.util.HashMap<>();
		json(events).forEach(event -> {
			String who = event.get("type").asString().equals("RATE_LIMITED") ? event.get("actor").asString()
					: event.get("account").asString();
			if (expected.containsKey(who)) {
				found.computeIfAbsent(who, k -> new ArrayList<>()).add(event.get("type").asString());
			}
		});
		Map<String, List<String>> once = new java.util.HashMap<>();
		expected.forEach((cedula, type) -> once.put(cedula, List.of(type)));
		assertThat(found).isEqualTo(once);
	}

	record Run(int exit, String output) {
	}

	/** {@code java -jar clave.jar audit verify} in this JVM, with the nodes' database and keys, capturing what it prints. */
	static Run auditVerify() {
		PrintStream original = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		database.forEach((name, value) -> System.setProperty(name, value.toString()));
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		int exit;
		try {
			exit = CommandLine.run(new String[] { "audit", "verify" });
		}
		finally {
			System.setOut(original);
			database.keySet().forEach(System::clearProperty);
		}
		return new Run(exit, captured.toString(StandardCharsets.UTF_8));
	}
}
