package ec.gob.iess.clave.credential;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static ec.gob.iess.clave.support.TestFixtures.GOOD_CLAVE;
import static ec.gob.iess.clave.support.TestFixtures.json;
import static ec.gob.iess.clave.support.TestFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Device cookies (PRODUCT.md §4.1, SECURITY.md 33, issue 7 point 11): strangers who know a cédula
 * lock the account for every device without the owner's cookie, while the owner's device keeps its
 * own count and still logs in; forged cookies and cookies of another account do nothing.
 */
@ClaveIntegrationTest
class DeviceCookieIntegrationTest {

	static final String WRONG = "una clave equivocada de un extraño";

	static final String COOKIE = "__Host-clave-dispositivo";

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

	HttpResponse<String> login(String username, String clave, String deviceToken) {
		return api.post("/api/v1/login", "{\"username\":" + quote(username) + ",\"password\":" + quote(clave)
				+ (deviceToken == null ? "" : ",\"deviceToken\":" + quote(deviceToken)) + "}", null);
	}

	/** Logs in with the right clave and answers the device token the API hands out. */
	String trustedDevice(String cedula) {
		HttpResponse<String> ok = login(cedula, GOOD_CLAVE, null);
		assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
		String token = json(ok).path("deviceToken").asString(null);
		assertThat(token).as(ok.body()).isNotBlank().doesNotContain(cedula);
		return token;
	}

	void lockByStrangers(String cedula) {
		for (int i = 0; i < 5; i++) {
			assertThat(login(cedula, WRONG + i, null).statusCode()).isEqualTo(401);
		}
		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
	}

	int count(String sql, Object... params) {
		return jdbc.sql(sql).params(params).query(Integer.class).single();
	}

	@Test
	void theOwnersDeviceLogsInWhileTwentyStrangersLockTheAccountAndAfter() throws Exception {
		String cedula = api.activePerson(agent);
		api.verifyContact(agent, cedula, "p" + cedula + "@correo.example.ec");
		String device = trustedDevice(cedula);
		ExecutorService pool = Executors.newFixedThreadPool(21);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> strangers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			int n = i;
			strangers.add(pool.submit(() -> {
				start.await();
				return login(cedula, WRONG + " " + n, null).statusCode();
			}));
		}
		Future<List<Integer>> owner = pool.submit(() -> {
			start.await();
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				statuses.add(login(cedula, GOOD_CLAVE, device).statusCode());
			}
			return statuses;
		});
		start.countDown();
		for (Future<Integer> stranger : strangers) {
			assertThat(stranger.get(60, TimeUnit.SECONDS)).isEqualTo(401);
		}
		assertThat(owner.get(60, TimeUnit.SECONDS)).containsOnly(200);
		pool.shutdown();

		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		assertThat(login(cedula, GOOD_CLAVE, device).statusCode()).as("the owner's device, after").isEqualTo(200);
		assertThat(login(cedula, GOOD_CLAVE, null).statusCode()).as("any other device").isEqualTo(401);
		assertThat(api.status(agent, cedula)).as("the owner's login unlocks nothing for others").isEqualTo("BLOQUEADA");
		assertThat(count("select count(*) from audit_events where account = ? and type = 'ACCOUNT_LOCKED'", cedula))
			.isEqualTo(1);
		assertThat(count("select count(*) from mail_outbox where kind = 'ACCOUNT_LOCKED' and recipient = ?",
				"p" + cedula + "@correo.example.ec")).as("the owner is told").isEqualTo(1);
	}

	@Test
	void theDevicesOwnFailuresNeitherCountForTheAccountNorStopItsRightClave() {
		String cedula = api.activePerson(agent);
		String device = trustedDevice(cedula);
		for (int i = 0; i < 4; i++) {
			assertThat(login(cedula, WRONG + i, device).statusCode()).isEqualTo(401);
		}
		lockByStrangers(cedula);

		assertThat(login(cedula, GOOD_CLAVE, device).statusCode()).isEqualTo(200);
	}

	@Test
	void theDevicesOwnFiveFailuresLockItAndTheAccount() {
		String cedula = api.activePerson(agent);
		String device = trustedDevice(cedula);
		for (int i = 0; i < 5; i++) {
			assertThat(login(cedula, WRONG + i, device).statusCode()).isEqualTo(401);
		}

		assertThat(login(cedula, GOOD_CLAVE, device).statusCode()).as("the device is no longer trusted").isEqualTo(401);
		assertThat(login(cedula, GOOD_CLAVE, null).statusCode()).isEqualTo(401);
		assertThat(api.status(agent, cedula)).isEqualTo("BLOQUEADA");
		assertThat(count("select count(*) from audit_events where account = ? and type = 'ACCOUNT_LOCKED'", cedula))
			.isEqualTo(1);
	}

	@Test
	void aLockedOutDeviceDoesNotOutliveTheAccountsLockByStrangers() {
		String cedula = api.activePerson(agent);
		String device = trustedDevice(cedula);
		lockByStrangers(cedula);
		for (int i = 0; i < 5; i++) {
			assertThat(login(cedula, WRONG + i, device).statusCode()).isEqualTo(401);
		}

		assertThat(login(cedula, GOOD_CLAVE, device).statusCode()).isEqualTo(401);
	}

	@Test
	void aForgedDeviceTokenDoesNothing() {
		String cedula = api.activePerson(agent);
		String device = trustedDevice(cedula);
		lockByStrangers(cedula);
		char last = device.charAt(device.length() - 1);
		String tampered = device.substring(0, device.length() - 1) + (last == 'A' ? 'B' : 'A');

		assertThat(login(cedula, GOOD_CLAVE, tampered).statusCode()).isEqualTo(401);
		assertThat(login(cedula, GOOD_CLAVE, "no.es.un.token").statusCode()).isEqualTo(401);
		assertThat(login(cedula, GOOD_CLAVE, "x".repeat(5000)).statusCode()).isEqualTo(401);
	}

	@Test
	void anotherAccountsDeviceTokenDoesNothing() {
		String mine = api.activePerson(agent);
		String other = api.activePerson(agent);
		String myDevice = trustedDevice(mine);
		lockByStrangers(other);

		assertThat(login(other, GOOD_CLAVE, myDevice).statusCode()).isEqualTo(401);
		assertThat(login(mine, GOOD_CLAVE, myDevice).statusCode()).isEqualTo(200);
	}

	@Test
	void answersStayIdenticalWithAndWithoutADevice() {
		String cedula = api.activePerson(agent);
		String device = trustedDevice(cedula);
		HttpResponse<String> unknown = login(TestCedulas.next(), WRONG, null);
		HttpResponse<String> wrongOnDevice = login(cedula, WRONG, device);
		lockByStrangers(cedula);
		HttpResponse<String> locked = login(cedula, GOOD_CLAVE, null);

		for (HttpResponse<String> answer : List.of(wrongOnDevice, locked)) {
			assertThat(answer.statusCode()).isEqualTo(unknown.statusCode());
			assertThat(answer.body()).isEqualTo(unknown.body());
			assertThat(answer.headers().map()).containsOnlyKeys(unknown.headers().map().keySet());
		}
	}

	@Test
	void theBrowserGetsASignedHostPrefixedCookieThatKeepsItInWhileLockedForOthers() throws Exception {
		String cedula = api.activePerson(agent);
		WebClient owner = Pages.browser();
		assertThat(webLogin(owner, cedula, GOOD_CLAVE).getUrl().getPath()).isEqualTo("/servicios");
		Cookie cookie = owner.getCookieManager().getCookie(COOKIE);
		assertThat(cookie).isNotNull();
		assertThat(cookie.isSecure()).isTrue();
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSameSite()).isEqualToIgnoringCase("strict");
		assertThat(cookie.getPath()).isEqualTo("/");
		assertThat(cookie.getDomain()).isEqualTo("localhost");
		assertThat(cookie.getValue()).doesNotContain(cedula);
		owner.getCookieManager().removeCookie(owner.getCookieManager().getCookie("__Host-clave"));

		lockByStrangers(cedula);

		assertThat(webLogin(owner, cedula, GOOD_CLAVE).getUrl().getPath()).isEqualTo("/servicios");
		assertRefused(webLogin(Pages.browser(), cedula, GOOD_CLAVE));
		WebClient thief = Pages.browser();
		thief.getCookieManager().addCookie(new Cookie("localhost", COOKIE, cookie.getValue() + "x", "/", null, true, true));
		assertRefused(webLogin(thief, cedula, GOOD_CLAVE));
	}

	/** The login's one failure: the form again, at the login's own address, with the one message. */
	private static void assertRefused(HtmlPage page) {
		assertThat(page.getUrl().getPath()).isEqualTo("/ingresar");
		assertThat(page.asNormalizedText()).contains("Número de cédula o clave incorrectos");
	}

	HtmlPage webLogin(WebClient browser, String cedula, String clave) {
		HtmlPage page = Pages.open(browser, api.base() + "/ingresar");
		Pages.fill(page, "Número de cédula", cedula);
		Pages.fill(page, "Clave", clave);
		return Pages.press(page, "Ingresar");
	}
}
