package ec.gob.iess.clave.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ec.gob.iess.clave.support.TestFixtures;

import tools.jackson.databind.JsonNode;

/**
 * The single sign-on benchmark (bench/sso.sh, docs/performance.md): with each client thread holding a Clave
 * session of its own person (the clave typed once, before any timing), measures the authorization endpoint
 * (session reused: no clave hash in the path), the code's exchange at the token endpoint for a public client
 * (PKCE only) and a confidential one (client_secret_basic: one keyed hash of the secret per call, decision 119), the whole
 * round trip (authorize, then exchange), and refresh (rotation, confidential). Prints requests/s and
 * p50/p99 per concurrency level. A measurement, not a test.
 */
public final class SsoBenchmark {

	private static final String PUBLIC = "bench-publico";
	private static final String CONFIDENTIAL = "bench-confidencial";
	private static final String CALLBACK = "https://bench.iess.test/cb";
	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
	private static final SecureRandom RANDOM = new SecureRandom();

	private final String base;
	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5)).build();
	private String secret;

	private SsoBenchmark(String base) {
		this.base = base;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			options.put(pair[0], pair.length > 1 ? pair[1] : "true");
		}
		int port = Integer.parseInt(options.get("port"));
		int duration = Integer.parseInt(options.getOrDefault("duration", "10"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
		int[] levels = Arrays.stream(options.getOrDefault("levels", "1,2,4,8").split(",")).mapToInt(Integer::parseInt).toArray();
		new SsoBenchmark("http://localhost:" + port).run(new TestFixtures(port), levels, duration, warmup);
	}

	private void run(TestFixtures api, int[] levels, int duration, int warmup) throws Exception {
		String admin = api.adminToken();
		register(api, admin, PUBLIC, false);
		secret = register(api, admin, CONFIDENTIAL, true);
		String agent = api.agent();
		int most = Arrays.stream(levels).max().orElse(1);
		List<String> sessions = new ArrayList<>();
		for (int i = 0; i < most; i++) {
			sessions.add(signIn(api.activePerson(agent)));
		}
		System.out.printf(Locale.ROOT, "%n%-48s %6s %10s %9s %9s%n", "operation", "conc.", "req/s", "p50 ms", "p99 ms");
		Map<String, double[]> single = new HashMap<>();
		for (Operation operation : Operation.values()) {
			for (int level : levels) {
				measure(operation, sessions.subList(0, level), warmup, false);
				Result result = measure(operation, sessions.subList(0, level), duration, true);
				for (var entry : result.latencies().entrySet()) {
					long[] sorted = entry.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
					double p50 = percentile(sorted, 0.50);
					double p99 = percentile(sorted, 0.99);
					System.out.printf(Locale.ROOT, "%-48s %6d %10.1f %9.1f %9.1f%n", entry.getKey(), level,
							sorted.length / (double) duration, p50, p99);
					if (level == 1) {
						single.put(entry.getKey(), new double[] { p50, p99 });
					}
				}
				if (result.failures() > 0) {
					System.out.printf(Locale.ROOT, "  %d failed calls (first: %s)%n", result.failures(), result.firstFailure());
				}
			}
		}
		double[] pub = single.get("token: code exchange, public");
		double[] conf = single.get("token: code exchange, confidential");
		double[] authorize = single.get("authorize (session reused)");
		if (pub != null && conf != null && authorize != null) {
			System.out.printf(Locale.ROOT, "%nratios at concurrency 1 (p50): confidential/public exchange %.1f (the hash of the "
					+ "client secret); authorize/public exchange %.1f%n", conf[0] / pub[0], authorize[0] / pub[0]);
		}
	}

	enum Operation {
		ROUND_TRIP_PUBLIC, ROUND_TRIP_CONFIDENTIAL, REFRESH
	}

	record Result(Map<String, List<Long>> latencies, int failures, String firstFailure) {
	}

	private Result measure(Operation operation, List<String> sessions, int seconds, boolean keep) throws Exception {
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		ExecutorService pool = Executors.newFixedThreadPool(sessions.size());
		List<Future<Result>> results = new ArrayList<>();
		for (String session : sessions) {
			results.add(pool.submit(() -> worker(operation, session, end)));
		}
		Map<String, List<Long>> latencies = new java.util.LinkedHashMap<>();
		int failures = 0;
		String first = null;
		for (Future<Result> future : results) {
			Result one = future.get();
			one.latencies().forEach((name, values) -> latencies.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
			failures += one.failures();
			first = first == null ? one.firstFailure() : first;
		}
		pool.shutdown();
		return new Result(keep ? latencies : Map.of(), failures, first);
	}

	private Result worker(Operation operation, String session, long end) {
		Map<String, List<Long>> latencies = new java.util.LinkedHashMap<>();
		int failures = 0;
		String first = null;
		String refreshToken = null;
		while (System.nanoTime() < end) {
			try {
				if (operation == Operation.REFRESH) {
					if (refreshToken == null) {
						String[] verifier = new String[1];
						String code = authorize(CONFIDENTIAL, session, verifier);
						refreshToken = exchange(CONFIDENTIAL, code, verifier[0]).get("refresh_token").asString();
					}
					long start = System.nanoTime();
					JsonNode refreshed = token("grant_type=refresh_token&refresh_token=" + encode(refreshToken), true);
					record(latencies, "token: refresh (rotates), confidential", start);
					refreshToken = refreshed.get("refresh_token").asString();
					continue;
				}
				String client = operation == Operation.ROUND_TRIP_PUBLIC ? PUBLIC : CONFIDENTIAL;
				String kind = operation == Operation.ROUND_TRIP_PUBLIC ? "public" : "confidential";
				String[] verifier = new String[1];
				long start = System.nanoTime();
				String code = authorize(client, session, verifier);
				long authorized = System.nanoTime();
				exchange(client, code, verifier[0]);
				long done = System.nanoTime();
				if (operation == Operation.ROUND_TRIP_PUBLIC) {
					latencies.computeIfAbsent("authorize (session reused)", k -> new ArrayList<>()).add((authorized - start) / 1000);
				}
				latencies.computeIfAbsent("token: code exchange, " + kind, k -> new ArrayList<>()).add((done - authorized) / 1000);
				latencies.computeIfAbsent("round trip (authorize + exchange), " + kind, k -> new ArrayList<>()).add((done - start) / 1000);
			}
			catch (Exception e) {
				failures++;
				first = first == null ? String.valueOf(e.getMessage()) : first;
				refreshToken = null;
			}
		}
		return new Result(latencies, failures, first);
	}

	private static void record(Map<String, List<Long>> latencies, String name, long start) {
		latencies.computeIfAbsent(name, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1000);
	}

	/** The authorization request with PKCE S256 and the person's session: answers the code. */
	private String authorize(String client, String session, String[] verifier) throws Exception {
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		verifier[0] = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		String challenge = Base64.getUrlEncoder().withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier[0].getBytes(StandardCharsets.US_ASCII)));
		HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/authorize?response_type=code"
				+ "&client_id=" + client + "&redirect_uri=" + encode(CALLBACK) + "&scope=openid%20profile&state=s"
				+ "&nonce=n" + System.nanoTime() + "&code_challenge=" + challenge + "&code_challenge_method=S256"))
			.header("Cookie", session).GET().build(), HttpResponse.BodyHandlers.discarding());
		String location = response.headers().firstValue("Location").orElse("");
		Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
		if (response.statusCode() != 302 || !location.startsWith(CALLBACK) || !code.find()) {
			throw new IllegalStateException("authorize answered " + response.statusCode() + " " + location);
		}
		return java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
	}

	private JsonNode exchange(String client, String code, String verifier) throws Exception {
		boolean confidential = CONFIDENTIAL.equals(client);
		return token("grant_type=authorization_code&code=" + encode(code) + "&redirect_uri=" + encode(CALLBACK)
				+ "&code_verifier=" + verifier + (confidential ? "" : "&client_id=" + client), confidential);
	}

	private JsonNode token(String form, boolean confidential) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
		if (confidential) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((CONFIDENTIAL + ":" + secret).getBytes(StandardCharsets.UTF_8)));
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("token answered " + response.statusCode() + " " + response.body());
		}
		return TestFixtures.json(response);
	}

	private static String register(TestFixtures api, String admin, String clientId, boolean confidential) {
		HttpResponse<String> created = api.post("/api/v1/staff/clients", "{\"clientId\":\"" + clientId + "\",\"name\":\""
				+ clientId + "\",\"redirectUris\":[\"" + CALLBACK + "\"],\"scopes\":[\"openid\",\"profile\"],\"confidential\":"
				+ confidential + "}", admin);
		if (created.statusCode() != 201) {
			throw new IllegalStateException(created.body());
		}
		JsonNode secret = TestFixtures.json(created).get("clientSecret");
		return secret == null || secret.isNull() ? null : secret.asString();
	}

	/** Ingresar as a person does: the form's CSRF token, then the cédula and clave. Answers the Cookie header. */
	private String signIn(String cedula) throws Exception {
		HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/ingresar")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher csrf = CSRF.matcher(form.body());
		if (!csrf.find()) {
			throw new IllegalStateException("no CSRF token on /ingresar");
		}
		String cookie = cookies(form, "");
		HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/ingresar"))
			.header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie).header("Origin", base)
			.POST(HttpRequest.BodyPublishers.ofString("username=" + cedula + "&clave=" + encode(TestFixtures.GOOD_CLAVE)
					+ "&_csrf=" + encode(csrf.group(1))))
			.build(), HttpResponse.BodyHandlers.ofString());
		String location = signedIn.headers().firstValue("Location").orElse("");
		if (signedIn.statusCode() != 302 || !location.endsWith("/servicios")) {
			throw new IllegalStateException("Ingresar answered " + signedIn.statusCode() + " " + location);
		}
		return cookies(signedIn, cookie);
	}

	/** The cookies the answer sets, over those sent (secure ones too: this client sends them over http). */
	private static String cookies(HttpResponse<?> response, String sent) {
		Map<String, String> jar = new java.util.LinkedHashMap<>();
		for (String pair : sent.split("; ")) {
			if (pair.contains("=")) {
				jar.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
			}
		}
		for (String set : response.headers().allValues("Set-Cookie")) {
			String pair = set.split(";", 2)[0];
			jar.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
		}
		return String.join("; ", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** Milliseconds at quantile q of sorted microseconds. */
	private static double percentile(long[] sorted, double q) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1 < 0 ? 0 : (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
	}
}
