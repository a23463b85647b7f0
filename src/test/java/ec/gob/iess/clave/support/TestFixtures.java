package ec.gob.iess.clave.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import ec.gob.iess.clave.support.fingerprint.Finger;
import ec.gob.iess.clave.support.fingerprint.SyntheticFingerprints;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the running application through its public API, as a counter and a person would: staff
 * log in, register people and issue temporary claves; people log in and change them.
 */
public class TestFixtures {

	/** {@code clave.base-url} of the tests: the site's address in links, and the one origin forms may come from. */
	public static final String SITE = "https://clave.iess.test";

	public static final String ADMIN = "admin-pruebas";
	public static final String ADMIN_PASSWORD = "faro del puerto viejo 1907";
	public static final String ADMIN_TOTP = "JBSWY3DPEHPK3PXP";
	public static final String STAFF_PASSWORD = "ventanilla del centro norte";
	/** A clave that meets the policy and names nobody. */
	public static final String GOOD_CLAVE = "girasol montaña lluvia 42";

	private static final AtomicInteger STAFF = new AtomicInteger();

	public static final JsonMapper JSON = JsonMapper.builder().build();
	/** Drawing a finger takes a fraction of a second: each person's picture is drawn once per JVM. */
	private static final Map<String, String> FINGERPRINTS = new ConcurrentHashMap<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private final String base;

	public TestFixtures(int port) {
		this.base = "http://localhost:" + port;
	}

	public String base() {
		return base;
	}

	public HttpResponse<String> post(String path, String json, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.header("Content-Type", "application/json")
			.POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		return send(request, token);
	}

	/** A call that came through the trusted proxy from {@code source} (a test that configures one). */
	public HttpResponse<String> postFrom(String source, String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
			.header("X-Forwarded-For", source).POST(HttpRequest.BodyPublishers.ofString(json)), null);
	}

	public HttpResponse<String> getFrom(String source, String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Forwarded-For", source).GET(), null);
	}

	public HttpResponse<String> put(String path, String json, String token) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)), token);
	}

	public HttpResponse<String> get(String path, String token) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String token) {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	public static String quote(String value) {
		return JSON.writeValueAsString(value);
	}

	public String adminToken() {
		return staffLogin(ADMIN, ADMIN_PASSWORD);
	}

	public String staffLogin(String username, String password) {
		HttpResponse<String> response = post("/api/v1/staff/login",
				"{\"username\":" + quote(username) + ",\"password\":" + quote(password) + "}", null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).get("accessToken").asString();
	}

	/** Creates a staff user with the role and logs in: answers the access token. */
	public String staff(String role) {
		return staff(role.toLowerCase() + "-" + STAFF.incrementAndGet() + "-" + System.nanoTime() % 100000, role);
	}

	/** Creates the staff user {@code username} of CAU Quito Norte with the role and logs in: answers the access token. */
	public String staff(String username, String role) {
		HttpResponse<String> created = post("/api/v1/staff/users", "{\"username\":" + quote(username) + ",\"password\":"
				+ quote(STAFF_PASSWORD) + ",\"roles\":[\"" + role + "\"],\"center\":\"CAU Quito Norte\"}", adminToken());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return staffLogin(username, STAFF_PASSWORD);
	}

	public String agent() {
		return staff("AGENTE");
	}

	/** Registers a new afiliado (no clave yet) and answers the cédula. */
	public String registerPerson(String agent) {
		String cedula = TestCedulas.next();
		HttpResponse<String> response = put("/api/v1/staff/persons/" + cedula, """
				{"firstNames":"Rosa Elena","lastNames":"Quishpe Tipán","birthDate":"1958-04-21",
				 "fingerprintCode":"V4343V4242","roles":["AFILIADO"]}""", agent);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return cedula;
	}

	public String temporaryClave(String agent, String cedula) {
		HttpResponse<String> response = post("/api/v1/staff/persons/" + cedula + "/temporary-password", null, agent);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return json(response).get("temporaryPassword").asString();
	}

	/** A registered person whose clave is {@link #GOOD_CLAVE} (ACTIVA): answers the cédula. */
	public String activePerson(String agent) {
		String cedula = registerPerson(agent);
		String temporary = temporaryClave(agent, cedula);
		HttpResponse<String> changed = post("/api/v1/password/change", "{\"username\":\"" + cedula
				+ "\",\"currentPassword\":" + quote(temporary) + ",\"newPassword\":" + quote(GOOD_CLAVE)
				+ ",\"acceptAgreement\":true}", null);
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
		return cedula;
	}

	/** Registers the email (and a mobile) as verified in person at the agent's counter, with the person's finger. */
	public void verifyContact(String agent, String cedula, String email) {
		HttpResponse<String> response = post("/api/v1/staff/persons/" + cedula + "/verification",
				verificationBody(cedula, email, "0991234567"), agent);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	/** The verification's body: the contact and the scanner's picture of this person's finger ({@link #fingerprint}). */
	public static String verificationBody(String cedula, String email, String mobile) {
		return "{\"email\":" + quote(email) + ",\"mobile\":" + quote(mobile) + ",\"fingerprintImage\":\""
				+ fingerprint(cedula) + "\",\"fingerprintDpi\":" + Finger.DPI + "}";
	}

	/**
	 * Base64 of a PNG of the finger of this cédula, always the same impression: every verification of one person
	 * matches the finger the first one enrolled. The finger is one of {@value #FINGER_POOL} synthetic fingers,
	 * chosen by the number (seeds {@value #FINGER_POOL_SEED} and on): growing a finger costs about a quarter of a
	 * second, and hundreds of tests verify a person of their own. People sharing a finger does not matter here
	 * (each person's finger is matched only against their own enrolment); the tests of a mismatch draw their
	 * other finger from {@link SyntheticFingerprints} directly, with seeds far from these.
	 */
	public static String fingerprint(String cedula) {
		long finger = FINGER_POOL_SEED + Math.floorMod(Long.parseLong(cedula), FINGER_POOL);
		return FINGERPRINTS.computeIfAbsent(Long.toString(finger), seed -> Base64.getEncoder()
			.encodeToString(SyntheticFingerprints.finger(finger).impressionPng(0)));
	}

	static final int FINGER_POOL = 8;
	static final long FINGER_POOL_SEED = 900;

	public HttpResponse<String> login(String username, String clave) {
		return post("/api/v1/login", "{\"username\":" + quote(username) + ",\"password\":" + quote(clave) + "}", null);
	}

	public String status(String agent, String cedula) {
		HttpResponse<String> response = get("/api/v1/staff/persons/" + cedula, agent);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).get("credentialStatus").asString();
	}
}
