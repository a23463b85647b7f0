package ec.gob.iess.clave.faults;

import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.support.CaptchaSolver;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.StoppablePostgres;
import ec.gob.iess.clave.support.TestDatabase;
import ec.gob.iess.clave.support.TestFixtures;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The database stops under the running application (ISSUE 7.4): every answer is a prompt 503 with
 * Retry-After (problem+json UNAVAILABLE for the API, the Spanish page for people), and once it returns
 * the same application answers normally, without a restart. Under load, nothing is left half-written.
 * PostgreSQL only: it needs a server of its own that can be stopped (H2 runs inside the application).
 */
@ClaveIntegrationTest
@ContextConfiguration(initializers = StoppablePostgres.class)
@TestPropertySource(properties = { "clave.captcha.max-number=1000", "clave.unlock.answer-time=PT0S",
		"clave.rate-limit.unlock-account.limit=1000000", "clave.rate-limit.unlock-source.limit=1000000",
		"clave.rate-limit.mail-account.limit=1000000", "clave.rate-limit.mail-source.limit=1000000" })
class DatabaseOutageIntegrationTest {

	/** Hikari's connection-timeout (3 s) plus room for a loaded machine: no request may wait longer. */
	static final Duration BOUND = Duration.ofSeconds(10);

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	JdbcClient db;

	@Autowired
	AuditLog audit;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void onlyOnPostgres() {
		assumeTrue("postgres".equals(TestDatabase.kind()), "needs a database server it can stop");
	}

	@Test
	void whileTheDatabaseIsDownEveryAnswerIsAPrompt503AndWhenItReturnsAllIsNormalAgain() throws Exception {
		TestFixtures api = new TestFixtures(port);
		assertThat(db.sql("select current_setting('port')").query(String.class).single())
			.as("the application uses the test's own server").isEqualTo(jdbcPort());
		String cedula = api.activePerson(api.agent());
		String token = json(api.login(cedula, TestFixtures.GOOD_CLAVE)).get("accessToken").asString();
		// A web session exists only once someone logs in: log in through the form.
		HttpResponse<String> loginPage = page("/ingresar", null);
		String csrfCookie = cookie(loginPage, "__Host-clave-csrf");
		String csrf = csrf(loginPage.body());
		HttpResponse<String> signedIn = form("/ingresar", csrfCookie, "_csrf=" + csrf + "&username=" + cedula + "&clave="
				+ java.net.URLEncoder.encode(TestFixtures.GOOD_CLAVE, java.nio.charset.StandardCharsets.UTF_8));
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
		String cookie = cookie(signedIn, "__Host-clave");
		String captcha = CaptchaSolver.solve(api);

		StoppablePostgres.get().stop();
		try {
			assertUnavailableApi(() -> api.login(cedula, TestFixtures.GOOD_CLAVE));
			assertUnavailableApi(() -> api.get("/api/v1/me", token));
			assertUnavailableApi(() -> api.post("/api/v1/unlock",
					"{\"username\":" + quote(cedula) + ",\"captcha\":" + quote(captcha) + "}", null));
			assertUnavailablePage(() -> page("/ingresar", null));
			assertUnavailablePage(() -> page("/ingresar", cookie));
			assertUnavailablePage(() -> page("/servicios", cookie));
			assertUnavailablePage(() -> form("/ingresar", csrfCookie, "_csrf=" + csrf + "&username=" + cedula + "&clave=x"));
			// The balancer takes the node out; nothing restarts it, which would not bring the database back.
			TestFixtures management = new TestFixtures(managementPort);
			assertThat(within(BOUND, () -> management.get("/actuator/health/readiness", null)).statusCode()).isEqualTo(503);
			assertThat(within(BOUND, () -> management.get("/actuator/health/liveness", null)).statusCode()).isEqualTo(200);
		}
		finally {
			StoppablePostgres.get().start();
		}

		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		HttpResponse<String> login;
		do {
			login = api.login(cedula, TestFixtures.GOOD_CLAVE);
		}
		while (login.statusCode() == 503 && System.nanoTime() < deadline);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		assertThat(api.get("/api/v1/me", token).statusCode()).isEqualTo(200);
		assertThat(page("/ingresar", null).statusCode()).isEqualTo(200);
		assertThat(page("/ingresar", cookie).statusCode()).isEqualTo(200);
		assertThat(page("/servicios", cookie).statusCode()).as("the session outlived the outage").isEqualTo(200);
	}

	@Test
	void stoppedAndStartedUnderLoadNoRequestHangsAndEveryChangeIsWholeOrAbsent() throws Exception {
		TestFixtures api = new TestFixtures(port);
		String agent = api.agent();
		List<String> failing = new ArrayList<>();
		List<String> locked = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String cedula = api.activePerson(agent);
			api.verifyContact(agent, cedula, "f" + cedula + "@correo.example.ec");
			failing.add(cedula);
		}
		for (int i = 0; i < 2; i++) {
			String cedula = api.activePerson(agent);
			api.verifyContact(agent, cedula, "u" + cedula + "@correo.example.ec");
			for (int k = 0; k < 5; k++) {
				api.login(cedula, "una clave equivocada cualquiera");
			}
			assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
			locked.add(cedula);
		}

		AtomicBoolean running = new AtomicBoolean(true);
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<String> slow = new ConcurrentLinkedQueue<>();
		AtomicInteger counter = new AtomicInteger();
		List<Thread> clients = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			boolean unlocking = t >= 2;
			Thread client = new Thread(() -> {
				while (running.get()) {
					int n = counter.incrementAndGet();
					long started = System.nanoTime();
					int status;
					try {
						status = unlocking
								? api.post("/api/v1/unlock", "{\"username\":" + quote(locked.get(n % locked.size()))
										+ ",\"captcha\":" + quote(CaptchaSolver.solve(api)) + "}", null).statusCode()
								: api.login(failing.get(n % failing.size()), "no es la clave " + n).statusCode();
					}
					catch (RuntimeException | AssertionError e) {
						status = -1; // the captcha could not be had while the database was down
					}
					Duration took = Duration.ofNanos(System.nanoTime() - started);
					statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
					if (took.compareTo(BOUND) > 0) {
						slow.add(status + " after " + took);
					}
				}
			});
			client.start();
			clients.add(client);
		}
		Thread.sleep(2000);
		StoppablePostgres.get().stop();
		Thread.sleep(4000);
		StoppablePostgres.get().start();
		Thread.sleep(4000);
		running.set(false);
		for (Thread client : clients) {
			client.join(BOUND.toMillis() * 2);
		}

		assertThat(slow).as("requests slower than %s", BOUND).isEmpty();
		assertThat(statuses.keySet()).as("statuses seen: %s", statuses).isSubsetOf(200, 202, 401, 503, -1)
			.contains(503, 401, 202);
		for (String cedula : failing) {
			int attempts = db.sql("select failed_attempts from accounts where username = ?").param(cedula)
				.query(Integer.class).single();
			int failures = count("select count(*) from audit_events where account = ? and type = 'LOGIN_FAILED'"
					+ " and detail like 'wrong clave%'", cedula);
			int lockouts = count("select count(*) from audit_events where account = ? and type = 'ACCOUNT_LOCKED'", cedula);
			int lockoutMails = count("select count(*) from mail_outbox where recipient = ? and kind = 'ACCOUNT_LOCKED'",
					"f" + cedula + "@correo.example.ec");
			assertThat(failures).as("failures counted and audited together for %s", cedula).isEqualTo(attempts);
			assertThat(lockouts).as("one lockout, audited, once locked").isEqualTo(attempts >= 5 ? 1 : 0);
			assertThat(lockoutMails).as("the lockout notice with its lockout").isEqualTo(lockouts);
		}
		for (String cedula : locked) {
			int linksIssued = count("select count(*) from one_time_links where account = ? and purpose = 'UNLOCK'", cedula);
			int mails = count("select count(*) from mail_outbox where recipient = ? and kind = 'UNLOCK_LINK'",
					"u" + cedula + "@correo.example.ec");
			int audited = count("select count(*) from audit_events where account = ? and type = 'UNLOCK_REQUESTED'"
					+ " and outcome = 'SUCCESS'", cedula);
			assertThat(linksIssued).as("links issued for %s", cedula).isPositive();
			assertThat(mails).as("a mail for every link").isEqualTo(linksIssued);
			assertThat(audited).as("an audit row for every link").isEqualTo(linksIssued);
		}
		AuditLog.ChainVerification chain = audit.verify();
		assertThat(chain.intact()).as(chain.problem()).isTrue();
	}

	private int count(String sql, String param) {
		return db.sql(sql).param(param).query(Integer.class).single();
	}

	private String jdbcPort() {
		Matcher m = Pattern.compile("localhost:(\\d+)/").matcher(StoppablePostgres.get().jdbcUrl());
		assertThat(m.find()).isTrue();
		return m.group(1);
	}

	/** The answer, which must come within {@code bound}. */
	private static HttpResponse<String> within(Duration bound, Call call) throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> response = call.send();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(bound);
		return response;
	}

	private static void assertUnavailableApi(Call call) throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> response = call.send();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
		assertThat(json(response).get("code").asString()).isEqualTo("UNAVAILABLE");
		assertThat(took).isLessThan(BOUND);
	}

	private static void assertUnavailablePage(Call call) throws Exception {
		long started = System.nanoTime();
		HttpResponse<String> response = call.send();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
		assertThat(response.body()).contains("Servicio no disponible");
		assertThat(took).isLessThan(BOUND);
	}

	private HttpResponse<String> page(String path, String cookie) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET()
			.timeout(Duration.ofSeconds(30));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> form(String path, String cookie, String body) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
			.header("Origin", "https://clave.iess.test").POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String cookie(HttpResponse<String> response, String name) {
		String setCookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
			.findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + ": " + response.headers()));
		return setCookie.substring(0, setCookie.indexOf(';'));
	}

	private static String csrf(String html) {
		Matcher m = CSRF.matcher(html);
		assertThat(m.find()).as("a CSRF field").isTrue();
		return java.net.URLEncoder.encode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
	}

	@FunctionalInterface
	interface Call {

		HttpResponse<String> send() throws Exception;
	}
}
