package ec.gob.iess.clave.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestDatabase;
import ec.gob.iess.clave.support.TestFixtures;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * Fuzzes every operation of the application's own OpenAPI document (read at run time from
 * {@code /v3/api-docs}): wrong types, missing and extra fields, huge and odd strings, broken JSON,
 * odd content types, bad query strings and path parameters, with and without a person's or a staff
 * member's bearer token. Asserts no 5xx, every 4xx problem+json with a code of API.md, every status
 * and problem code one the document declares for that operation, and no state change from a refused
 * request (see {@link #digest}). {@code -Dclave.fuzz.per-operation=1000} is the long mode;
 * {@code -Dclave.fuzz.seed=N} repeats a run. Once, on H2: it checks the web layer, not SQL.
 */
@ClaveIntegrationTest
class ApiFuzzIntegrationTest {

	static final Set<String> CODES = Set.of("INVALID_REQUEST", "INVALID_CEDULA", "INVALID_RUC", "CAPTCHA_REQUIRED",
			"CAPTCHA_INVALID", "INVALID_CREDENTIALS", "PASSWORD_CHANGE_REQUIRED", "WEAK_PASSWORD", "AGREEMENT_REQUIRED",
			"IDENTITY_NOT_CONFIRMED", "TOKEN_INVALID", "RATE_LIMITED", "FINGERPRINT_MISMATCH", "FORBIDDEN", "NOT_FOUND",
			"UNAUTHENTICATED", "UNAVAILABLE", "REAUTHENTICATION_REQUIRED");

	/**
	 * Inputs Tomcat may refuse before any of Clave's code knows the path (a request line past 8 KiB,
	 * {@code %2F}/{@code %00}/{@code %5C} in the path, control characters in a header, bodies it cannot
	 * decode): its 400 then comes as the Spanish HTML page, not problem+json. Such an answer is reported,
	 * failing the test only with {@code -Dclave.fuzz.strict=true}; a 5xx fails it always.
	 */
	enum Known {
		NONE, MULTIPART_NO_BOUNDARY, BAD_PERCENT_ESCAPE, TOO_MANY_PARAMETERS,
		/** A form body over Tomcat's max-http-form-post-size: the same InvalidParameterException as bad escapes. */
		FORM_TOO_LARGE,
		/**
		 * Refused by Tomcat before the application (an encoded slash, NUL or backslash in the path; control
		 * characters in a header): 400, but Tomcat's HTML page, not problem+json.
		 */
		CONTAINER_REJECTED
	}

	static final String[] ODD = { "\u0000", "\\u0000", "\ud83d\ude00\ud83c\uddea\ud83c\udde8", "\u202e\u0645\u0631\u062d\u0628\u0627",
			"e\u0301\u0301\u0301\u0308", "\uFEFF", "\uFFFF", "' or 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}",
			"../../etc/passwd", "%00", "\r\n\r\nX: y", "", " ", "null", "-1", "1e309", "0x10", "١٢٣٤٥٦٧٨٩٠" };

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient db;

	@Autowired
	AuditLog audit;

	private Random random;
	private String personToken;
	private String personCedula;
	private String staffToken;
	private TestFixtures api;

	@BeforeAll
	static void onceOnH2() {
		assumeTrue("h2".equals(TestDatabase.kind()), "the fuzzer checks the web layer; it runs once, on H2");
	}

	@Test
	void noOperationAnswers5xxOrAnUnlistedCodeOrChangesStateWhenItRefuses() throws Exception {
		long seed = Long.getLong("clave.fuzz.seed", System.nanoTime());
		int perOperation = Integer.getInteger("clave.fuzz.per-operation", 40);
		boolean strict = Boolean.getBoolean("clave.fuzz.strict");
		random = new Random(seed);
		api = new TestFixtures(port);
		staffToken = api.adminToken();
		refreshPerson();

		JsonNode docs = TestFixtures.json(api.get("/v3/api-docs", null));
		List<Operation> operations = operations(docs);
		assertThat(operations).as("operations in /v3/api-docs").hasSizeGreaterThan(10);

		List<String> failures = new ArrayList<>();
		Map<Known, Integer> knownFailures = new TreeMap<>();
		int sent = 0;
		Map<String, Long> millis = new LinkedHashMap<>();
		for (Operation operation : operations) {
			long started = System.nanoTime();
			for (int i = 0; i < perOperation; i++) {
				Request request = generate(operation, docs, i);
				Map<String, String> before = digest();
				Response response = send(request);
				sent++;
				String problem = judge(response);
				if (problem == null && !request.elsewhere) {
					problem = undeclared(operation, response);
				}
				if (problem == null && response.status >= 400 && response.status < 500) {
					problem = unchanged(before, digest(), response);
				}
				if (problem != null) {
					String line = problem + " ← " + request.describe();
					// A 5xx fails whatever the input; the known cases only excuse Tomcat's own 400 page.
					if (request.known != Known.NONE && response.status < 500) {
						knownFailures.merge(request.known, 1, Integer::sum);
						if (strict) {
							failures.add(line);
						}
					}
					else {
						failures.add(line);
					}
				}
				afterwards(response, request);
			}
			millis.put(operation.method + " " + operation.path, (System.nanoTime() - started) / 1_000_000);
		}
		AuditLog.ChainVerification chain = audit.verify();
		System.out.printf("ApiFuzz: seed %d, %d operations, %d requests, %d failures, container 400 pages by input: %s%n"
				+ "ApiFuzz: milliseconds per operation %s%n", seed, operations.size(), sent, failures.size(), knownFailures, millis);
		assertThat(chain.intact()).as("audit chain: %s (seed %d)", chain.problem(), seed).isTrue();
		assertThat(failures).as("fuzz failures (seed %d: -Dclave.fuzz.seed=%d repeats the run)", seed, seed)
			.isEmpty();
	}

	/** Found by the fuzzer (seed 2): Spring Security's firewall refuses a parameter name, lazily, in a controller. */
	@Test
	void aFormParameterNameTheFirewallRefusesIsABadRequestNotA500() throws Exception {
		Request request = new Request("POST");
		request.target = "/api/v1/unlock/confirm";
		request.contentType = "application/x-www-form-urlencoded";
		request.body = "[{\"token\":\"\uFFFF\"}]".getBytes(StandardCharsets.UTF_8);
		Response response = send(request);
		assertThat(response.status).as(response.body).isEqualTo(400);
		assertThat(judge(response)).isNull();
		assertThat(TestFixtures.JSON.readTree(response.body).path("code").asString()).isEqualTo("INVALID_REQUEST");
	}

	// ------------------------------------------------------------------ judging

	private static String judge(Response response) {
		if (response.status == 0) {
			return "no answer: " + response.body;
		}
		if (response.status >= 500) {
			return response.status + " " + abbreviate(response.body);
		}
		if (response.status >= 400) {
			String type = response.headers.getOrDefault("content-type", "");
			if (!type.startsWith("application/problem+json")) {
				return response.status + " not problem+json but '" + type + "'";
			}
			JsonNode body;
			try {
				body = TestFixtures.JSON.readTree(response.body);
			}
			catch (RuntimeException e) {
				return response.status + " unreadable problem: " + abbreviate(response.body);
			}
			String code = body.path("code").asString("");
			if (!CODES.contains(code)) {
				return response.status + " code '" + code + "' not in API.md";
			}
		}
		return null;
	}

	/** An answer the document does not declare for this operation: a status, or a problem code under that status. */
	private static String undeclared(Operation operation, Response response) {
		Set<String> codes = operation.declared().get(Integer.toString(response.status));
		if (codes == null) {
			return response.status + " not declared in /v3/api-docs for " + operation.method() + " " + operation.path()
					+ " (declared: " + operation.declared() + ")";
		}
		if (response.status >= 400 && response.headers.getOrDefault("content-type", "").startsWith("application/problem+json")) {
			String code = TestFixtures.JSON.readTree(response.body).path("code").asString("");
			if (!codes.contains(code)) {
				return response.status + " " + code + " not declared in /v3/api-docs for " + operation.method() + " "
						+ operation.path() + " (declared: " + codes + ")";
			}
		}
		return null;
	}

	/**
	 * A refused request may legitimately write only: the rate-limit counters (not digested), audit rows
	 * of failures and refusals (LOGIN_FAILED, STAFF_LOGIN_FAILED, RATE_LIMITED, LINK_REJECTED and, after a
	 * counted failure, ACCOUNT_LOCKED; audit_head follows them, and the chain is verified at the end), a
	 * token's last use, and for 401 INVALID_CREDENTIALS (a counted failure, API.md) the account's failure
	 * count, status and lock time, the staff user's failure count and lock, and the lockout notice.
	 */
	private String unchanged(Map<String, String> before, Map<String, String> after, Response response) {
		for (String table : before.keySet()) {
			if (!before.get(table).equals(after.get(table))) {
				boolean countedFailure = response.body.contains("\"INVALID_CREDENTIALS\"");
				if (countedFailure && Set.of("accounts", "staff_users", "mail_outbox").contains(table)) {
					if (!before.get(table + ":strict").equals(after.get(table + ":strict"))) {
						return response.status + " refused but changed " + table;
					}
					continue;
				}
				return response.status + " refused but changed " + table;
			}
		}
		return null;
	}

	private Map<String, String> digest() {
		Map<String, String> digests = new LinkedHashMap<>();
		digests.put("persons", hash("select * from persons order by 1"));
		digests.put("employers", hash("select * from employers order by 1"));
		digests.put("accounts", hash("select * from accounts order by username"));
		digests.put("accounts:strict", hash("select username, kind, password_hash, temporary_expires_at, suspended_reason,"
				+ " password_changed_at, created_at from accounts order by username"));
		digests.put("staff_users", hash("select * from staff_users order by username"));
		digests.put("staff_users:strict", hash("select username, password_hash, roles, center, totp_secret from staff_users"
				+ " order by username"));
		digests.put("one_time_links", hash("select * from one_time_links order by token_hash"));
		digests.put("audit_events", hash("select id, type, account, outcome from audit_events where type not in"
				+ " ('LOGIN_FAILED', 'STAFF_LOGIN_FAILED', 'RATE_LIMITED', 'LINK_REJECTED', 'ACCOUNT_LOCKED') order by id"));
		digests.put("mail_outbox", hash("select id, kind, recipient from mail_outbox order by id"));
		digests.put("mail_outbox:strict", hash("select id, kind, recipient from mail_outbox where kind <> 'ACCOUNT_LOCKED'"
				+ " order by id"));
		digests.put("spring_session", hash("select session_id, principal_name from spring_session order by 1"));
		digests.put("access_tokens", hash("select token_hash, username, roles, change_only from access_tokens order by 1"));
		digests.put("agreement_acceptances", hash("select * from agreement_acceptances order by id"));
		return digests;
	}

	private String hash(String sql) {
		MessageDigest sha;
		try {
			sha = MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		for (Map<String, Object> row : db.sql(sql).query().listOfRows()) {
			sha.update(row.toString().getBytes(StandardCharsets.UTF_8));
		}
		return HexFormat.of().formatHex(sha.digest());
	}

	/** Keeps the tokens usable: a fuzz case may log the person out, report fraud or lock the account. */
	private void afterwards(Response response, Request request) {
		boolean endsSessions = response.status < 300 && request.target.matches(".*(logout|fraud-report|sessions|suspend|password).*");
		boolean rejected = response.status == 401 && response.body.contains("UNAUTHENTICATED")
				|| response.body.contains("INVALID_CREDENTIALS") || response.body.contains("RATE_LIMITED");
		if (request.token != null && (endsSessions || rejected)) {
			if (request.token.equals(personToken)) {
				refreshPerson();
			}
			else if (request.token.equals(staffToken)) {
				db.sql("update staff_users set failed_attempts = 0, locked_until = null").update();
				staffToken = api.adminToken();
			}
		}
	}

	private void refreshPerson() {
		if (personCedula != null) {
			db.sql("update accounts set status = 'ACTIVA', failed_attempts = 0, locked_at = null, suspended_reason = null"
					+ " where username = ?").param(personCedula).update();
		}
		else {
			personCedula = api.activePerson(api.agent());
		}
		var login = api.login(personCedula, TestFixtures.GOOD_CLAVE);
		if (login.statusCode() != 200) {
			personCedula = api.activePerson(api.agent());
			login = api.login(personCedula, TestFixtures.GOOD_CLAVE);
		}
		personToken = TestFixtures.json(login).get("accessToken").asString();
	}

	// ------------------------------------------------------------------ the document

	/** {@code declared}: each documented status with the problem codes its examples name. */
	record Operation(String method, String path, JsonNode schema, List<String> queryParameters,
			Map<String, Set<String>> declared) {
	}

	private static List<Operation> operations(JsonNode docs) {
		List<Operation> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : docs.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
				JsonNode operation = method.getValue();
				JsonNode schema = null;
				for (JsonNode content : operation.path("requestBody").path("content")) {
					schema = content.path("schema");
				}
				List<String> query = new ArrayList<>();
				for (JsonNode parameter : operation.path("parameters")) {
					if ("query".equals(parameter.path("in").asString(""))) {
						query.add(parameter.path("name").asString());
					}
				}
				Map<String, Set<String>> declared = new TreeMap<>();
				for (Map.Entry<String, JsonNode> answer : operation.path("responses").properties()) {
					Set<String> codes = new java.util.TreeSet<>();
					answer.getValue().path("content").path("application/problem+json").path("examples").propertyNames()
						.forEach(codes::add);
					declared.put(answer.getKey(), codes);
				}
				operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), schema, query, declared));
			}
		}
		return operations;
	}

	private static JsonNode resolve(JsonNode docs, JsonNode schema) {
		if (schema != null && schema.has("$ref")) {
			String ref = schema.get("$ref").asString();
			return docs.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
		}
		return schema;
	}

	// ------------------------------------------------------------------ generating

	private Request generate(Operation operation, JsonNode docs, int i) {
		Request request = new Request(operation.method);
		request.token = switch (random.nextInt(4)) {
			case 0 -> null;
			case 1 -> personToken;
			case 2 -> staffToken;
			default -> random.nextBoolean() ? "x" + randomString(40) : "";
		};
		String path = operation.path;
		while (path.contains("{")) {
			int open = path.indexOf('{');
			String value = pathValue();
			// An empty or dot segment is another path ("/persons/" is not "/persons/{cedula}"): its 404 is not this call's.
			request.elsewhere |= value.isEmpty() || value.equals(".") || value.equals("..");
			path = path.substring(0, open) + value + path.substring(path.indexOf('}', open) + 1);
		}
		StringBuilder target = new StringBuilder(path);
		int q = random.nextInt(10);
		if (q == 0) {
			target.append("?").append(random.nextBoolean() ? "a=%zz" : "account=%E0%A4%A&limit=%");
			request.known = Known.BAD_PERCENT_ESCAPE;
		}
		else if (q == 1 && i % 20 == 1) {
			target.append("?");
			for (int p = 0; p < 1200; p++) {
				target.append(p == 0 ? "" : "&").append("p").append(p).append("=1");
			}
			request.known = Known.TOO_MANY_PARAMETERS;
		}
		else if (q < 5) {
			target.append("?");
			List<String> names = new ArrayList<>(operation.queryParameters);
			names.add("extra");
			for (String name : names) {
				target.append(name).append("=").append(encode(scalar())).append("&");
			}
		}
		request.target = target.toString();

		if (!"GET".equals(operation.method) && !"DELETE".equals(operation.method) || random.nextInt(8) == 0) {
			body(request, resolve(docs, operation.schema), docs, i);
		}
		if ("application/x-www-form-urlencoded".equals(request.contentType) && request.body != null) {
			if (request.body.length > 64 * 1024) {
				request.known = Known.FORM_TOO_LARGE;
			}
			else if (request.utf16 || new String(request.body, StandardCharsets.UTF_8).contains("%")) {
				// Tomcat decodes the form body as parameters: the same InvalidParameterException as a bad query escape.
				request.known = Known.BAD_PERCENT_ESCAPE;
			}
		}
		if (path.matches("(?i).*(%2f|%00|%5c).*") || request.token != null && request.token.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
			request.known = Known.CONTAINER_REJECTED;
		}
		return request;
	}

	private void body(Request request, JsonNode schema, JsonNode docs, int i) {
		request.contentType = switch (random.nextInt(12)) {
			case 0 -> null;
			case 1 -> "text/plain";
			case 2 -> "application/xml";
			case 3 -> "multipart/form-data";
			case 4 -> "application/x-www-form-urlencoded";
			case 5 -> "application/json; charset=ebcdic-xx";
			case 6 -> "application/json;;;===";
			case 7 -> "*/*";
			default -> "application/json";
		};
		if ("multipart/form-data".equals(request.contentType)) {
			request.known = Known.MULTIPART_NO_BOUNDARY;
		}
		if (i % 40 == 7) {
			request.body = ("{\"x\":\"" + "a".repeat(2 * 1024 * 1024 + 100) + "\"}").getBytes(StandardCharsets.UTF_8);
			return;
		}
		String json = switch (random.nextInt(10)) {
			case 0 -> brokenJson();
			case 1 -> scalarJson();
			case 2 -> "[" + object(schema, docs, 0) + "]";
			default -> object(schema, docs, 0);
		};
		request.utf16 = random.nextInt(20) == 0;
		request.body = json.getBytes(request.utf16 ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
	}

	private String object(JsonNode schema, JsonNode docs, int depth) {
		StringBuilder raw = new StringBuilder("{");
		if (schema != null) {
			for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
				if (random.nextInt(6) == 0) {
					continue; // missing
				}
				raw.append(raw.length() > 1 ? "," : "").append(TestFixtures.quote(property.getKey())).append(":")
					.append(value(resolve(docs, property.getValue()), docs, depth));
			}
		}
		if (random.nextInt(4) == 0) {
			raw.append(raw.length() > 1 ? "," : "").append("\"extra").append(random.nextInt(3)).append("\":")
				.append(scalarJson());
		}
		if (random.nextInt(30) == 0) {
			raw.append(raw.length() > 1 ? "," : "").append("\"__proto__\":{\"admin\":true}");
		}
		return raw.append("}").toString();
	}

	private String value(JsonNode schema, JsonNode docs, int depth) {
		if (random.nextInt(3) == 0 || schema == null || depth > 3) {
			return scalarJson(); // the wrong type, often
		}
		String type = schema.path("type").asString("");
		return switch (type) {
			case "string" -> TestFixtures.quote(stringFor(schema));
			case "integer", "number" -> random.nextBoolean() ? Long.toString(random.nextLong()) : "1e400";
			case "boolean" -> random.nextBoolean() ? "true" : "false";
			case "array" -> "[" + value(resolve(docs, schema.path("items")), docs, depth + 1) + ","
					+ value(resolve(docs, schema.path("items")), docs, depth + 1) + "]";
			case "object" -> object(schema, docs, depth + 1);
			default -> scalarJson();
		};
	}

	private String stringFor(JsonNode schema) {
		String format = schema.path("format").asString("");
		return switch (random.nextInt(8)) {
			case 0 -> "date".equals(format) ? "1958-02-30" : randomCedula();
			case 1 -> "a".repeat(random.nextInt(200_000));
			case 2 -> ODD[random.nextInt(ODD.length)];
			case 3 -> "1958-04-21";
			case 4 -> "AFILIADO";
			default -> randomString(random.nextInt(40));
		};
	}

	private String scalarJson() {
		return switch (random.nextInt(10)) {
			case 0 -> "null";
			case 1 -> "true";
			case 2 -> Long.toString(random.nextLong());
			case 3 -> "1.5e308";
			case 4 -> "[]";
			case 5 -> "{}";
			case 6 -> "\"\\ud800\""; // a lone surrogate, escaped
			case 7 -> "\"\\udfff\\u0000\"";
			case 8 -> "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]";
			default -> TestFixtures.quote(ODD[random.nextInt(ODD.length)]);
		};
	}

	private String brokenJson() {
		return switch (random.nextInt(8)) {
			case 0 -> "{";
			case 1 -> "{\"username\":}";
			case 2 -> "{'username':'x'}";
			case 3 -> "{\"a\":\"\\x\"}";
			case 4 -> "\u0000\u0001\u0002";
			case 5 -> "{\"a\":1,}";
			case 6 -> "[".repeat(5000) + "]".repeat(5000);
			default -> "{\"a\":\"" + "\\u00".repeat(3) + "\"}";
		};
	}

	private String pathValue() {
		return switch (random.nextInt(8)) {
			case 0 -> randomCedula();
			case 1 -> "1234567890";
			case 2 -> "%2e%2e%2f";
			case 3 -> encode(ODD[random.nextInt(ODD.length)]);
			case 4 -> "9".repeat(300);
			case 5 -> "1790011674001";
			case 6 -> "%F0%9F%98%80";
			default -> encode(randomString(1 + random.nextInt(20)));
		};
	}

	private Object scalar() {
		return switch (random.nextInt(5)) {
			case 0 -> random.nextLong();
			case 1 -> ODD[random.nextInt(ODD.length)];
			case 2 -> "9".repeat(40);
			default -> randomString(random.nextInt(30));
		};
	}

	private String randomCedula() {
		int province = 1 + random.nextInt(24);
		int[] digits = new int[10];
		digits[0] = province / 10;
		digits[1] = province % 10;
		digits[2] = random.nextInt(6);
		for (int d = 3; d < 9; d++) {
			digits[d] = random.nextInt(10);
		}
		int sum = 0;
		for (int d = 0; d < 9; d++) {
			int v = digits[d] * (d % 2 == 0 ? 2 : 1);
			sum += v > 9 ? v - 9 : v;
		}
		digits[9] = (10 - sum % 10) % 10;
		StringBuilder s = new StringBuilder();
		for (int digit : digits) {
			s.append(digit);
		}
		return s.toString();
	}

	private String randomString(int length) {
		StringBuilder s = new StringBuilder();
		for (int c = 0; c < length; c++) {
			int kind = random.nextInt(10);
			s.appendCodePoint(kind < 6 ? 'a' + random.nextInt(26) : kind < 8 ? 0x20 + random.nextInt(0x5f)
					: kind == 8 ? 0x00 + random.nextInt(0x20) : 0x0600 + random.nextInt(0x100));
		}
		return s.toString();
	}

	private static String encode(Object value) {
		return java.net.URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
	}

	private static String abbreviate(String s) {
		return s.length() > 300 ? s.substring(0, 300) + "…" : s;
	}

	// ------------------------------------------------------------------ raw HTTP (bad escapes need it)

	static final class Request {

		final String method;
		String target;
		String token;
		String contentType;
		byte[] body;
		boolean utf16;
		/** A path value made the target another path than the operation's. */
		boolean elsewhere;
		Known known = Known.NONE;

		Request(String method) {
			this.method = method;
		}

		String describe() {
			String shownBody = body == null ? "-" : body.length > 200 ? body.length + " bytes"
					: new String(body, StandardCharsets.UTF_8);
			return method + " " + abbreviate(target) + " [" + contentType + "] "
					+ (token == null ? "no token" : "token") + " " + shownBody;
		}
	}

	record Response(int status, Map<String, String> headers, String body) {
	}

	private Response send(Request request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			StringBuilder head = new StringBuilder();
			head.append(request.method).append(' ').append(request.target).append(" HTTP/1.1\r\n");
			head.append("Host: localhost:").append(port).append("\r\nConnection: close\r\nAccept: */*\r\n");
			if (request.token != null) {
				head.append("Authorization: Bearer ").append(request.token).append("\r\n");
			}
			if (request.contentType != null) {
				head.append("Content-Type: ").append(request.contentType).append("\r\n");
			}
			byte[] body = request.body == null ? new byte[0] : request.body;
			if (request.body != null || !"GET".equals(request.method)) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			OutputStream out = socket.getOutputStream();
			try {
				out.write(head.toString().getBytes(StandardCharsets.UTF_8));
				out.write(body);
				out.flush();
			}
			catch (IOException refusedEarly) {
				// A server that answers before reading the whole body may close the connection: read its answer.
			}
			return read(socket.getInputStream());
		}
	}

	private static Response read(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		try {
			in.transferTo(all);
		}
		catch (IOException reset) {
			// whatever arrived before a reset is judged
		}
		String text = all.toString(StandardCharsets.UTF_8);
		int end = text.indexOf("\r\n\r\n");
		if (!text.startsWith("HTTP/1.1 ") || end < 0) {
			return new Response(0, Map.of(), abbreviate(text));
		}
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].substring(9, 12));
		Map<String, String> headers = new TreeMap<>();
		for (int l = 1; l < lines.length; l++) {
			int colon = lines[l].indexOf(':');
			headers.put(lines[l].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[l].substring(colon + 1).trim());
		}
		String body = text.substring(end + 4);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Response(status, headers, body);
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (at < chunked.length()) {
			int lineEnd = chunked.indexOf("\r\n", at);
			if (lineEnd < 0) {
				break;
			}
			int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
			if (size == 0) {
				break;
			}
			// sizes count bytes; the bodies here are ASCII-escaped JSON or short UTF-8 pages
			String rest = chunked.substring(lineEnd + 2);
			byte[] bytes = rest.getBytes(StandardCharsets.UTF_8);
			String chunk = new String(bytes, 0, Math.min(size, bytes.length), StandardCharsets.UTF_8);
			body.append(chunk);
			at = lineEnd + 2 + chunk.length() + 2;
		}
		return body.toString();
	}
}
