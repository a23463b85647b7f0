package ec.gob.iess.clave.web;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.regex.Pattern;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.RawHttp;
import ec.gob.iess.clave.support.RawHttp.Answer;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Behind a configured proxy, the client address and TLS come from its forwarded headers (SECURITY.md 8, 19);
 * what is stored is a parsed address or nothing, and the development mailbox believes only the socket.
 */
@ClaveIntegrationTest
@TestPropertySource(properties = { "server.forward-headers-strategy=native",
		"clave.rate-limit.login-failure-source.limit=5" })
class TrustedProxyIntegrationTest {

	/** This machine's address on its network, if it has one: a request to it does not come from loopback. */
	static final String NETWORK_ADDRESS = networkAddress();

	/** The proxies: this machine, on loopback and on its network address (playing a balancer on the LAN). */
	@DynamicPropertySource
	static void proxies(DynamicPropertyRegistry registry) {
		registry.add("server.tomcat.remoteip.internal-proxies", () -> "127\\.0\\.0\\.1|0:0:0:0:0:0:0:1"
				+ (NETWORK_ADDRESS == null ? "" : "|" + Pattern.quote(NETWORK_ADDRESS)));
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theClientAddressComesFromTheProxy() throws Exception {
		String cedula = TestCedulas.next();

		ForwardedHeadersIntegrationTest.loginFrom(port, "203.0.113.9", null, cedula);

		assertThat(ForwardedHeadersIntegrationTest.auditedIp(jdbc, cedula)).isEqualTo("203.0.113.9");
	}

	/** Here Tomcat takes the host from {@code X-Forwarded-Host}, which the proxy may pass on from anyone. */
	@Test
	void aForwardedHostChangesNoRedirectAndNoAcceptedOrigin() {
		String forwarded = "Host: localhost:" + port + "\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https";

		Answer redirect = RawHttp.send(port, "GET /servicios HTTP/1.1\r\n" + forwarded, null);
		Answer post = HostHeaderIntegrationTest.post(port, "/ingresar", HostHeaderIntegrationTest.session(port, forwarded),
				"username=" + TestCedulas.next() + "&clave=x", forwarded, "https://evil.example");

		assertThat(redirect.header("Location")).hasValue("/ingresar");
		assertThat(post.status()).isEqualTo(403);
	}

	@Test
	void tlsAtTheProxyBringsHsts() throws Exception {
		HttpResponse<String> response = ForwardedHeadersIntegrationTest.loginFrom(port, "203.0.113.9", "https", TestCedulas.next());

		assertThat(response.headers().firstValue("Strict-Transport-Security").orElse("")).contains("max-age=");
	}

	@Test
	void aForwardedValueThatIsNoAddressIsNeitherAuditedNorCounted() throws Exception {
		String cedula = TestCedulas.next();
		String forged = "evil-" + System.nanoTime() + "<script>";

		ForwardedHeadersIntegrationTest.loginFrom(port, forged, null, cedula);

		assertThat(ForwardedHeadersIntegrationTest.auditedIp(jdbc, cedula)).isNull();
		assertThat(jdbc.sql("select count(*) from rate_limit_counters where target like 'evil-%'").query(Long.class)
			.single()).isZero();
	}

	/** Forwarded garbage is one unknown source, not "no source": its failures bring the captcha like any other's. */
	@Test
	void sourcesThatForwardNoAddressAreAskedForTheCaptchaAfterTheirFailures() throws Exception {
		HttpResponse<String> last = null;
		for (int attempt = 0; attempt < 7; attempt++) {
			last = ForwardedHeadersIntegrationTest.loginFrom(port, "no-address-" + attempt, null, TestCedulas.next());
			if (last.statusCode() == 400) {
				break;
			}
		}

		assertThat(last.statusCode()).as(last.body()).isEqualTo(400);
		assertThat(last.body()).contains("CAPTCHA_REQUIRED");
	}

	@Test
	void anIpv6AddressIsStoredInItsCanonicalForm() throws Exception {
		String cedula = TestCedulas.next();

		ForwardedHeadersIntegrationTest.loginFrom(port, "2001:DB8:0:0:0:0:0:1", null, cedula);

		assertThat(ForwardedHeadersIntegrationTest.auditedIp(jdbc, cedula)).isEqualTo("2001:db8::1");
	}

	@Test
	void aHostOnTheNetworkCannotPassForThisMachineAtTheDevelopmentMailbox() throws Exception {
		assumeTrue("h2".equals(TestDatabase.kind()), "the page exists only with the embedded database");
		assumeTrue(NETWORK_ADDRESS != null, "this machine has no network address besides loopback");
		for (String local : new String[] { "localhost", "0::1", "127.0.0.1" }) {
			HttpResponse<String> response = get("http://" + NETWORK_ADDRESS + ":" + port + "/dev/correos", local);

			assertThat(response.statusCode()).as(local).isEqualTo(404);
			assertThat(response.body()).as(local).doesNotContain("Buzón de desarrollo");
		}
	}

	@Test
	void theDevelopmentMailboxAnswersOnlyWhatThisMachineAsksDirectly() throws Exception {
		assumeTrue("h2".equals(TestDatabase.kind()), "the page exists only with the embedded database");

		assertThat(get("http://localhost:" + port + "/dev/correos", null).statusCode()).isEqualTo(200);
		assertThat(get("http://localhost:" + port + "/dev/correos", "203.0.113.9").statusCode())
			.as("relayed by a proxy on this machine").isEqualTo(404);
		assertThat(get("http://localhost:" + port + "/dev/correos", "127.0.0.2").statusCode())
			.as("relayed by a proxy on this machine").isEqualTo(404);
	}

	static HttpResponse<String> get(String url, String forwardedFor) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
			.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String networkAddress() {
		try {
			for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (network.isUp() && !network.isLoopback()) {
					for (InetAddress address : Collections.list(network.getInetAddresses())) {
						if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
							return address.getHostAddress();
						}
					}
				}
			}
			return null;
		}
		catch (SocketException e) {
			return null;
		}
	}
}
