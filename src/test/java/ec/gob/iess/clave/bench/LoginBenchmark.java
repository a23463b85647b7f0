package ec.gob.iess.clave.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ec.gob.iess.clave.credential.HashingSettings;
import ec.gob.iess.clave.credential.PasswordHasher;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import tools.jackson.databind.json.JsonMapper;

/**
 * The login benchmark's load client (run by bench/login.sh against the packaged jar on PostgreSQL). Not a test: it
 * prints figures and exits 0 whatever they are (non-zero only when the set-up itself fails).
 *
 * <ol>
 * <li>Waits for the server, then sets up, through the public API as a counter would, an agent and {@code accounts}
 * people whose clave is known (so no login fails and no account locks; the load is spread over them).</li>
 * <li>Warms the server up, then, with the server idle, times one Argon2id computation in this JVM exactly as the
 * server does it ({@code new PasswordHasher(HashingSettings.defaults())}, {@code verify}): the median of
 * {@code hash-samples}.</li>
 * <li>For each concurrency level runs closed-loop logins ({@code POST /api/v1/login} with the right clave) for
 * {@code duration} seconds and prints logins/s, p50/p99 latency and errors by status.</li>
 * <li>Compares the best throughput with the hash-bound limit (cores ÷ hash time) and the p99 at the saturation point
 * with the hash time.</li>
 * <li>Overload: 5 × the saturation concurrency, and 5 × the gate's capacity (permits + max-queue) of clients, counting
 * 200s, 503s (with or without Retry-After) and anything else, while sampling the server's RSS from /proc.</li>
 * </ol>
 *
 * Arguments are {@code --name=value}; see {@link Options}. Traffic goes only to the given base URL (127.0.0.1).
 */
public final class LoginBenchmark {

	/** Every benchmark person's clave (the tests' good clave: meets the policy, names nobody). */
	static final String CLAVE = TestFixtures.GOOD_CLAVE;

	static final String AGENT = "agente-bench";

	/** No request may take longer than this; it then counts as an error ("timeout"). */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	/** Hard bound on the requests one client thread sends in one step, whatever the duration. */
	static final int MAX_REQUESTS_PER_THREAD = 200_000;

	static final long MIB = 1024L * 1024L;

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * @param base the server, e.g. {@code http://127.0.0.1:18080}
	 * @param serverPid the jar's process id, for its RSS and CPU (0: not sampled)
	 * @param dbPid the process that started PostgreSQL: its CPU and its whole process tree's (0: not sampled)
	 * @param levels concurrency levels of the throughput steps
	 * @param permits / queue the server's hashing gate ({@code clave.hashing.permits}, 0 = cores, and
	 * {@code clave.hashing.max-queue}); only used to size the "beyond capacity" step
	 * @param hostile also run the beyond-capacity step with clients that retry at once on 503, ignoring Retry-After
	 * @param overload run the overload steps after the throughput steps
	 * @param web log in through the web form ({@code POST /ingresar}, a 302 to the services) instead of the API
	 */
	record Options(String base, String adminUser, String adminPassword, long serverPid, long dbPid, int accounts, int duration,
			int warmup, int[] levels, int overloadDuration, int permits, int queue, int hashSamples, boolean hostile,
			int readyTimeout, int rssLimitMib, boolean web, boolean overload) {

		static Options parse(String[] args) {
			Map<String, String> values = new LinkedHashMap<>();
			for (String arg : args) {
				if (!arg.startsWith("--") || !arg.contains("=")) {
					throw new IllegalArgumentException("arguments are --name=value, got: " + arg);
				}
				values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			Options options = new Options(values.getOrDefault("base", "http://127.0.0.1:8080"),
					values.getOrDefault("admin-user", "bench"), required(values, "admin-password"),
					Long.parseLong(values.getOrDefault("server-pid", "0")),
					Long.parseLong(values.getOrDefault("db-pid", "0")),
					Integer.parseInt(values.getOrDefault("accounts", "64")),
					Integer.parseInt(values.getOrDefault("duration", "10")),
					Integer.parseInt(values.getOrDefault("warmup", "10")),
					Arrays.stream(values.getOrDefault("levels", "1,2,4,8,16").split(","))
						.map(String::strip)
						.mapToInt(Integer::parseInt)
						.toArray(),
					Integer.parseInt(values.getOrDefault("overload-duration", values.getOrDefault("duration", "10"))),
					Integer.parseInt(values.getOrDefault("permits", "0")),
					Integer.parseInt(values.getOrDefault("queue", "64")),
					Integer.parseInt(values.getOrDefault("hash-samples", "31")),
					Boolean.parseBoolean(values.getOrDefault("hostile", "true")),
					Integer.parseInt(values.getOrDefault("ready-timeout", "180")),
					Integer.parseInt(values.getOrDefault("rss-limit-mib", "512")),
					"web".equals(values.getOrDefault("mode", "api")),
					Boolean.parseBoolean(values.getOrDefault("overload", "true")));
			if (!URI.create(options.base).getHost().equals("127.0.0.1")
					&& !URI.create(options.base).getHost().equals("localhost")) {
				throw new IllegalArgumentException("the benchmark only talks to 127.0.0.1, not " + options.base);
			}
			if (options.accounts < 1 || options.accounts > 10_000 || options.duration < 1 || options.duration > 600
					|| options.warmup < 0 || options.warmup > 600 || options.levels.length == 0
					|| Arrays.stream(options.levels).anyMatch(c -> c < 1 || c > 2000) || options.hashSamples < 1
					|| options.hashSamples > 1000 || options.overloadDuration < 1 || options.overloadDuration > 600) {
				throw new IllegalArgumentException("an argument is out of range: " + values);
			}
			return options;
		}

		private static String required(Map<String, String> values, String name) {
			String value = values.get(name);
			if (value == null) {
				value = System.getenv("BENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
			}
			if (value == null) {
				throw new IllegalArgumentException("--" + name + " is required");
			}
			return value;
		}

		int effectivePermits(int cores) {
			return permits > 0 ? permits : cores;
		}
	}

	private final Options options;
	private final HttpClient http;
	private final int cores = Runtime.getRuntime().availableProcessors();
	private List<HttpRequest> logins = List.of();
	/** The web form's CSRF cookie and the token its page carries, shared by every web login (anonymous: a cookie). */
	private String[] webCsrf;

	/**
	 * {@code --seeded=N}: the accounts were seeded in SQL by {@link BenchSeed} (bench/login.sh {@code --seed sql}), so
	 * none are created through the API and every login picks one of the N at random (N up to millions).
	 */
	private long seeded;

	LoginBenchmark(Options options) {
		this.options = options;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		LoginBenchmark benchmark = new LoginBenchmark(options);
		for (String arg : args) {
			if (arg.startsWith("--seeded=")) {
				benchmark.seeded = Long.parseLong(arg.substring("--seeded=".length()));
			}
		}
		benchmark.run();
	}

	void run() throws Exception {
		printMachine();

		section("Set-up");
		String admin = waitForAdminToken();
		String agent = agentToken(admin);
		if (options.web) {
			// Before the requests are built: every web login carries this form's CSRF cookie and field.
			this.webCsrf = webCsrf();
		}
		if (seeded > 0) {
			System.out.printf(Locale.ROOT, "%d accounts seeded in SQL (BenchSeed, one shared precomputed hash); every login "
					+ "picks one of them at random%n", seeded);
		}
		else {
			long setupStart = System.nanoTime();
			List<String> people = createPeople(agent);
			System.out.printf(Locale.ROOT, "%d people with a known clave created through the API in %.1f s%n", people.size(),
					seconds(System.nanoTime() - setupStart));
			this.logins = people.stream().map(this::loginRequest).toList();
		}
		System.out.println("logging in through " + (options.web ? "the web form, POST /ingresar" : "the API, POST /api/v1/login"));

		section("Warm-up");
		if (options.warmup > 0) {
			Step warm = runStep(cores, options.warmup, false, null);
			System.out.printf(Locale.ROOT, "%d s at concurrency %d: %d logins (%.1f/s), errors: %s; cores busy: server %s%n",
					options.warmup, cores, warm.ok, warm.throughput(), warm.errors(), warm.cpu.describe());
		}
		Thread.sleep(1000);

		section("Single hash (in this JVM, server idle)");
		HashTiming hash = timeHash();
		System.out.printf(Locale.ROOT, "PasswordHasher %s%n", hash.implementation);
		System.out.printf(Locale.ROOT, "single hash (verify, median of %d): %.1f ms (min %.1f, max %.1f)%n",
				options.hashSamples, hash.medianMs, hash.minMs, hash.maxMs);
		System.out.printf(Locale.ROOT,
				"in-process hashing with %d threads: %.1f hashes/s (%.2f of the %d-core ideal %.1f/s)%n", cores,
				hash.parallelPerSecond, hash.parallelPerSecond / (cores * 1000.0 / hash.medianMs), cores,
				cores * 1000.0 / hash.medianMs);
		Thread.sleep(500);

		section("Closed-loop logins, " + options.duration + " s per level");
		System.out.println("CPU columns: cores busy during the step (server = the jar, db = PostgreSQL, client = this JVM, "
				+ "other = anything else on the machine)");
		System.out.println("CPU ms/login: the server's and PostgreSQL's CPU time during the step divided by the logins it completed");
		System.out.println("concurrency  logins/s   p50 ms   p99 ms   max ms  server    db client other  idle  "
				+ "srv ms/login  db ms/login  errors");
		List<Step> steps = new ArrayList<>();
		for (int concurrency : options.levels) {
			Step step = runStep(concurrency, options.duration, false, null);
			steps.add(step);
			System.out.printf(Locale.ROOT, "%11d  %8.1f  %7.1f  %7.1f  %7.1f  %s  %12.1f  %11.1f  %s%n", concurrency,
					step.throughput(), step.okP(0.50), step.okP(0.99), step.okP(1.0), step.cpu,
					step.cpuMsPerLogin(step.cpu.server()), step.cpuMsPerLogin(step.cpu.db()), step.errors());
			System.out.printf(Locale.ROOT, "             server CPU ms/login by thread: %s%n",
					ThreadTicks.perLogin(step.threadsBefore, step.threadsAfter, step.okWindow));
			Thread.sleep(1000);
		}

		double limit = cores * 1000.0 / hash.medianMs;
		Step best = steps.stream().max((a, b) -> Double.compare(a.throughput(), b.throughput())).orElseThrow();
		Step saturation = steps.stream()
			.filter(s -> s.throughput() >= 0.95 * best.throughput())
			.min((a, b) -> Integer.compare(a.concurrency, b.concurrency))
			.orElseThrow();
		double ratio = best.throughput() / limit;
		double p99Ratio = saturation.okP(0.99) / hash.medianMs;

		Rss levelsRss = Rss.read(options.serverPid);

		int permits = options.effectivePermits(cores);
		int capacity = permits + options.queue;
		section("Overload (" + options.overloadDuration + " s per step, server RSS sampled every 100 ms)");
		List<Step> overload = new ArrayList<>();
		if (options.overload) {
			overload.add(overloadStep("5 x saturation (" + saturation.concurrency + "), honouring Retry-After",
					5 * saturation.concurrency, false));
			overload.add(overloadStep("5 x gate capacity (" + permits + " permits + " + options.queue
					+ " queue), honouring Retry-After", 5 * capacity, false));
			if (options.hostile) {
				overload.add(overloadStep("5 x gate capacity, retrying at once (ignores Retry-After)", 5 * capacity, true));
			}
		}
		Rss finalRss = Rss.read(options.serverPid);

		section("Summary");
		System.out.printf(Locale.ROOT,
				"machine: %d cores shared by the load client, the server (jar) and PostgreSQL%n", cores);
		System.out.printf(Locale.ROOT, "single hash: %.1f ms -> hash-bound limit = %d cores / %.1f ms = %.1f logins/s%n",
				hash.medianMs, cores, hash.medianMs, limit);
		System.out.printf(Locale.ROOT, "best throughput: %.1f logins/s at concurrency %d%n", best.throughput(),
				best.concurrency);
		System.out.printf(Locale.ROOT, "saturation point (lowest concurrency reaching 95%% of best): %d (%.1f logins/s)%n",
				saturation.concurrency, saturation.throughput());
		System.out.printf(Locale.ROOT,
				"for reference: %.2f of the in-process %d-thread hashing rate (%.1f hashes/s, no HTTP, no database)%n",
				best.throughput() / hash.parallelPerSecond, cores, hash.parallelPerSecond);
		System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
		if (finalRss != null) {
			System.out.printf(Locale.ROOT, "server RSS at the end: %d MiB, peak over its life (VmHWM): %d MiB%n",
					finalRss.rssKib / 1024, finalRss.hwmKib / 1024);
		}
		System.out.println();
		verdict(ratio >= 0.9, String.format(Locale.ROOT, "throughput / hash-bound limit = %.2f (target >= 0.9)", ratio));
		verdict(p99Ratio < 4.0, String.format(Locale.ROOT,
				"p99 at saturation = %.1f ms = %.2f x hash time (target < 4)", saturation.okP(0.99), p99Ratio));
		if (levelsRss != null) {
			// Issue 12: under 400 MiB from the start through saturation; the overload steps below keep issue 2's bound.
			verdict(levelsRss.hwmKib < 400 * 1024L, String.format(Locale.ROOT,
					"peak RSS (VmHWM) from the start through every level = %d MiB (target < 400 MiB)",
					levelsRss.hwmKib / 1024));
		}
		for (Step step : overload) {
			boolean onlyShed = step.otherCount() == 0 && step.shedWithoutRetryAfter == 0 && step.badBody == 0;
			boolean rssOk = step.peakRssKib > 0 && step.peakRssKib < options.rssLimitMib * 1024L
					&& (finalRss == null || finalRss.hwmKib < options.rssLimitMib * 1024L);
			verdict(onlyShed && rssOk,
					String.format(Locale.ROOT,
							"%s: %d x 200, %d x 503 (%d without Retry-After), %d other; peak RSS %s (target: only 200/503 with "
									+ "Retry-After, RSS < %d MiB)",
							step.label, step.okTotal(), step.shedTotal(), step.shedWithoutRetryAfter, step.otherCount(),
							step.peakRssKib > 0 ? (step.peakRssKib / 1024) + " MiB" : "not sampled", options.rssLimitMib));
		}
		System.out.println();
		System.out.println("(PASS/FAIL are reported, not enforced: this is a measurement and exits 0.)");
	}

	// ---------------------------------------------------------------- set-up through the API

	private String waitForAdminToken() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.readyTimeout);
		String last = "no answer yet";
		while (System.nanoTime() < deadline) {
			if (options.serverPid > 0 && !Files.exists(Path.of("/proc/" + options.serverPid))) {
				throw new IllegalStateException("the server process " + options.serverPid + " has ended");
			}
			try {
				HttpResponse<String> response = post("/api/v1/staff/login", "{\"username\":" + quote(options.adminUser)
						+ ",\"password\":" + quote(options.adminPassword) + "}", null);
				if (response.statusCode() == 200) {
					return JSON.readTree(response.body()).get("accessToken").asString();
				}
				// 401 right after start: the bootstrap administrator is created just after the port opens.
				last = response.statusCode() + " " + response.body();
			}
			catch (IOException e) {
				last = e.toString();
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("the server did not let the administrator in within " + options.readyTimeout
				+ " s; last answer: " + last);
	}

	private String agentToken(String admin) throws IOException, InterruptedException {
		expect(post("/api/v1/staff/users", "{\"username\":\"" + AGENT + "\",\"password\":"
				+ quote(TestFixtures.STAFF_PASSWORD) + ",\"roles\":[\"AGENTE\"],\"center\":\"CAU Quito Norte\"}", admin),
				201, "create the agent");
		HttpResponse<String> login = expect(post("/api/v1/staff/login", "{\"username\":\"" + AGENT + "\",\"password\":"
				+ quote(TestFixtures.STAFF_PASSWORD) + "}", null), 200, "agent login");
		return JSON.readTree(login.body()).get("accessToken").asString();
	}

	/** {@code accounts} people with {@link #CLAVE} (ACTIVA), four at a time. */
	private List<String> createPeople(String agent) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, options.accounts));
		try {
			List<Future<String>> futures = new ArrayList<>();
			for (int i = 0; i < options.accounts; i++) {
				futures.add(pool.submit(() -> createPerson(agent)));
			}
			List<String> people = new ArrayList<>();
			for (Future<String> future : futures) {
				people.add(future.get(5, TimeUnit.MINUTES));
			}
			return people;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private String createPerson(String agent) throws IOException, InterruptedException {
		for (int attempt = 0; attempt < 10; attempt++) {
			String cedula = TestCedulas.next();
			HttpResponse<String> registered = put("/api/v1/staff/persons/" + cedula, """
					{"firstNames":"Rosa Elena","lastNames":"Quishpe Tipán","birthDate":"1958-04-21",
					 "fingerprintCode":"V4343V4242","roles":["AFILIADO"]}""", agent);
			if (registered.statusCode() == 200) {
				continue; // a random cédula met an earlier one: take another
			}
			expect(registered, 201, "register a person");
			HttpResponse<String> temporary = expect(
					post("/api/v1/staff/persons/" + cedula + "/temporary-password", null, agent), 201,
					"issue a temporary clave");
			String temporaryClave = JSON.readTree(temporary.body()).get("temporaryPassword").asString();
			expect(post("/api/v1/password/change",
					"{\"username\":\"" + cedula + "\",\"currentPassword\":" + quote(temporaryClave) + ",\"newPassword\":"
							+ quote(CLAVE) + ",\"acceptAgreement\":true}",
					null), 204, "set the clave");
			return cedula;
		}
		throw new IllegalStateException("could not find a new cédula in 10 attempts");
	}

	/** Round-robin over the people created through the API, or a random one of the seeded accounts. */
	private HttpRequest nextLogin(AtomicInteger next) {
		if (seeded > 0) {
			return loginRequest(BenchSeed.cedula(BenchSeed.randomIndex(seeded)));
		}
		return logins.get(Math.floorMod(next.getAndIncrement(), logins.size()));
	}

	private HttpRequest loginRequest(String cedula) {
		if (options.web) {
			String form = "username=" + cedula + "&clave=" + java.net.URLEncoder.encode(CLAVE, StandardCharsets.UTF_8)
					+ "&_csrf=" + java.net.URLEncoder.encode(webCsrf[1], StandardCharsets.UTF_8);
			return HttpRequest.newBuilder(URI.create(options.base + "/ingresar"))
				.timeout(REQUEST_TIMEOUT)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Cookie", webCsrf[0])
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build();
		}
		return HttpRequest.newBuilder(URI.create(options.base + "/api/v1/login"))
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"username\":\"" + cedula + "\",\"password\":" + quote(CLAVE) + "}"))
			.build();
	}

	/** The Ingresar page's CSRF cookie ({@code name=value}) and the form's {@code _csrf} value. */
	private String[] webCsrf() throws IOException, InterruptedException {
		HttpResponse<String> page = expect(http.send(HttpRequest.newBuilder(URI.create(options.base + "/ingresar"))
			.timeout(REQUEST_TIMEOUT)
			.build(), HttpResponse.BodyHandlers.ofString()), 200, "the Ingresar page");
		String cookie = page.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(c -> c.startsWith("__Host-clave-csrf="))
			.map(c -> c.substring(0, c.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no CSRF cookie on /ingresar"));
		java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"")
			.matcher(page.body());
		if (!token.find()) {
			throw new IllegalStateException("no _csrf field on /ingresar");
		}
		return new String[] { cookie, token.group(1) };
	}

	private HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(options.base + path))
			.header("Content-Type", "application/json")
			.POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		return send(request, token);
	}

	private HttpResponse<String> put(String path, String json, String token) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(options.base + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)), token);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> expect(HttpResponse<String> response, int status, String what) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(
					what + ": expected " + status + ", got " + response.statusCode() + " " + response.body());
		}
		return response;
	}

	private static String quote(String value) {
		return JSON.writeValueAsString(value);
	}

	// ---------------------------------------------------------------- the hash

	record HashTiming(String implementation, double medianMs, double minMs, double maxMs, double parallelPerSecond) {
	}

	private HashTiming timeHash() throws Exception {
		PasswordHasher hasher = new PasswordHasher(HashingSettings.defaults());
		String phc = hasher.hash(CLAVE);
		for (int i = 0; i < 5; i++) {
			hasher.verify(CLAVE, phc);
		}
		long[] nanos = new long[options.hashSamples];
		for (int i = 0; i < nanos.length; i++) {
			long start = System.nanoTime();
			if (!hasher.verify(CLAVE, phc)) {
				throw new IllegalStateException("the hasher does not verify its own hash");
			}
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		double median = nanos.length % 2 == 1 ? nanos[nanos.length / 2]
				: (nanos[nanos.length / 2 - 1] + nanos[nanos.length / 2]) / 2.0;

		// How well hashing alone scales over all cores here (memory bandwidth, shared caches, SMT): about 3 s.
		int perThread = Math.max(4, (int) (3000.0 / (median / 1e6)));
		ExecutorService pool = Executors.newFixedThreadPool(cores);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < cores; t++) {
				futures.add(pool.submit(() -> {
					go.await();
					for (int i = 0; i < perThread; i++) {
						hasher.verify(CLAVE, phc);
					}
					return null;
				}));
			}
			long start = System.nanoTime();
			go.countDown();
			for (Future<?> future : futures) {
				future.get(5, TimeUnit.MINUTES);
			}
			double parallel = (double) perThread * cores / seconds(System.nanoTime() - start);
			return new HashTiming(hasher.toString(), median / 1e6, nanos[0] / 1e6, nanos[nanos.length - 1] / 1e6,
					parallel);
		}
		finally {
			pool.shutdownNow();
		}
	}

	// ---------------------------------------------------------------- load steps

	/** What one client thread saw; merged per step. No locking: each thread has its own. */
	static final class Recorder {

		long[] ok = new long[64];
		int okCount;
		int okInWindow;
		long[] shed = new long[64];
		int shedCount;
		int shedWithoutRetryAfter;
		int badBody;
		final Map<String, Integer> other = new TreeMap<>();

		void ok(long nanos, boolean inWindow) {
			if (okCount == ok.length) {
				ok = Arrays.copyOf(ok, ok.length * 2);
			}
			ok[okCount++] = nanos;
			if (inWindow) {
				okInWindow++;
			}
		}

		void shed(long nanos, boolean retryAfter) {
			if (shedCount == shed.length) {
				shed = Arrays.copyOf(shed, shed.length * 2);
			}
			shed[shedCount++] = nanos;
			if (!retryAfter) {
				shedWithoutRetryAfter++;
			}
		}

		void other(String what) {
			other.merge(what, 1, Integer::sum);
		}
	}

	static final class Step {

		final String label;
		final int concurrency;
		final double seconds;
		long ok;
		long[] okLatencies = new long[0];
		long[] shedLatencies = new long[0];
		int shedWithoutRetryAfter;
		int badBody;
		long okWindow;
		final Map<String, Integer> other = new TreeMap<>();
		long peakRssKib;
		Cpu cpu = Cpu.NONE;
		long[] threadsBefore = new long[ThreadTicks.GROUPS.length];
		long[] threadsAfter = new long[ThreadTicks.GROUPS.length];

		Step(String label, int concurrency, double seconds) {
			this.label = label;
			this.concurrency = concurrency;
			this.seconds = seconds;
		}

		void merge(Recorder recorder) {
			int okAt = okLatencies.length;
			okLatencies = Arrays.copyOf(okLatencies, okAt + recorder.okCount);
			System.arraycopy(recorder.ok, 0, okLatencies, okAt, recorder.okCount);
			int shedAt = shedLatencies.length;
			shedLatencies = Arrays.copyOf(shedLatencies, shedAt + recorder.shedCount);
			System.arraycopy(recorder.shed, 0, shedLatencies, shedAt, recorder.shedCount);
			ok += recorder.okCount;
			okWindow += recorder.okInWindow;
			shedWithoutRetryAfter += recorder.shedWithoutRetryAfter;
			badBody += recorder.badBody;
			recorder.other.forEach((k, v) -> other.merge(k, v, Integer::sum));
		}

		void sort() {
			Arrays.sort(okLatencies);
			Arrays.sort(shedLatencies);
		}

		/** CPU milliseconds per login completed in the window, from the cores a process kept busy during it. */
		double cpuMsPerLogin(double cores) {
			return okWindow == 0 ? Double.NaN : cores * seconds * 1000 / okWindow;
		}

		/** Successful logins completed inside the measuring window, per second. */
		double throughput() {
			return okWindow / seconds;
		}

		long okTotal() {
			return okLatencies.length;
		}

		long shedTotal() {
			return shedLatencies.length;
		}

		int otherCount() {
			return other.values().stream().mapToInt(Integer::intValue).sum() + badBody;
		}

		double okP(double q) {
			return percentile(okLatencies, q);
		}

		double shedP(double q) {
			return percentile(shedLatencies, q);
		}

		String errors() {
			StringBuilder text = new StringBuilder();
			if (shedLatencies.length > 0) {
				text.append("503:").append(shedLatencies.length).append(' ');
			}
			if (shedWithoutRetryAfter > 0) {
				text.append("503-without-Retry-After:").append(shedWithoutRetryAfter).append(' ');
			}
			if (badBody > 0) {
				text.append("200-without-token:").append(badBody).append(' ');
			}
			other.forEach((k, v) -> text.append(k).append(':').append(v).append(' '));
			return text.isEmpty() ? "none" : text.toString().strip();
		}

		/** Nearest rank, in milliseconds; NaN when empty. */
		static double percentile(long[] sorted, double q) {
			if (sorted.length == 0) {
				return Double.NaN;
			}
			int rank = (int) Math.ceil(q * sorted.length);
			return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] / 1e6;
		}
	}

	private Step overloadStep(String label, int concurrency, boolean ignoreRetryAfter) throws Exception {
		RssSampler sampler = new RssSampler(options.serverPid);
		sampler.start();
		Step step;
		try {
			step = runStep(concurrency, options.overloadDuration, ignoreRetryAfter, label);
		}
		finally {
			sampler.stop();
		}
		step.peakRssKib = sampler.peakKib.get();
		System.out.printf(Locale.ROOT, "%s: %d clients%n", label, concurrency);
		System.out.printf(Locale.ROOT, "  200: %d (%.1f logins/s in the window), p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
				step.okTotal(), step.throughput(), step.okP(0.5), step.okP(0.99), step.okP(1.0));
		System.out.printf(Locale.ROOT, "  503: %d (%d without Retry-After), p50 %.1f ms, p99 %.1f ms%n", step.shedTotal(),
				step.shedWithoutRetryAfter, step.shedP(0.5), step.shedP(0.99));
		System.out.printf(Locale.ROOT, "  anything else: %d %s%n", step.otherCount(),
				step.otherCount() == 0 ? "" : step.errors());
		System.out.printf(Locale.ROOT, "  cores busy: server %s%n", step.cpu.describe());
		System.out.printf(Locale.ROOT, "  server peak RSS during the step: %s%n",
				step.peakRssKib > 0 ? (step.peakRssKib / 1024) + " MiB" : "not sampled");
		Thread.sleep(3000); // let the gate's queue and Tomcat's drain before the next step
		return step;
	}

	/**
	 * {@code concurrency} threads each log in in a closed loop (the next request when the previous answer arrived)
	 * for {@code seconds}, spread round-robin over the accounts. A 503 makes the thread wait its Retry-After
	 * (capped at 5 s and at the step's end) unless {@code ignoreRetryAfter}.
	 */
	private Step runStep(int concurrency, int seconds, boolean ignoreRetryAfter, String label) throws Exception {
		Step step = new Step(label, concurrency, seconds);
		AtomicInteger next = new AtomicInteger();
		AtomicLong windowEnd = new AtomicLong();
		CountDownLatch ready = new CountDownLatch(concurrency);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		List<Future<Recorder>> futures = new ArrayList<>();
		try {
			for (int t = 0; t < concurrency; t++) {
				futures.add(pool.submit(() -> {
					Recorder recorder = new Recorder();
					ready.countDown();
					go.await();
					long end = windowEnd.get();
					for (int sent = 0; sent < MAX_REQUESTS_PER_THREAD; sent++) {
						long start = System.nanoTime();
						if (start - end >= 0) {
							break;
						}
						HttpRequest request = nextLogin(next);
						long retryAfterSeconds = 0;
						try {
							HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
							long done = System.nanoTime();
							int status = response.statusCode();
							if (options.web && status == 302) {
								// Signed in: on to the services (or the agreement); a failure answers the form again (200).
								if (response.headers().firstValue("Location").orElse("").contains("ingresar")) {
									recorder.badBody++;
								}
								recorder.ok(done - start, done - end <= 0);
							}
							else if (!options.web && status == 200) {
								if (!response.body().contains("\"accessToken\"")) {
									recorder.badBody++;
								}
								recorder.ok(done - start, done - end <= 0);
							}
							else if (status == 503) {
								String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
								recorder.shed(done - start, retryAfter != null);
								retryAfterSeconds = parseRetryAfter(retryAfter);
							}
							else {
								recorder.other(String.valueOf(status));
							}
						}
						catch (HttpTimeoutException e) {
							recorder.other("timeout");
						}
						catch (ConnectException e) {
							recorder.other("connect-refused");
						}
						catch (IOException e) {
							recorder.other("io-" + e.getClass().getSimpleName());
						}
						if (retryAfterSeconds > 0 && !ignoreRetryAfter) {
							long sleepNanos = Math.min(TimeUnit.SECONDS.toNanos(Math.min(retryAfterSeconds, 5)),
									end - System.nanoTime());
							if (sleepNanos > 0) {
								TimeUnit.NANOSECONDS.sleep(sleepNanos);
							}
						}
					}
					return recorder;
				}));
			}
			if (!ready.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("client threads did not start");
			}
			long windowStart = System.nanoTime();
			windowEnd.set(windowStart + TimeUnit.SECONDS.toNanos(seconds));
			CpuTicks before = CpuTicks.read(options.serverPid, options.dbPid);
			long[] threadsBefore = ThreadTicks.read(options.serverPid);
			go.countDown();
			long sleep = windowEnd.get() - System.nanoTime();
			if (sleep > 0) {
				TimeUnit.NANOSECONDS.sleep(sleep);
			}
			step.cpu = Cpu.between(before, CpuTicks.read(options.serverPid, options.dbPid));
			step.threadsBefore = threadsBefore;
			step.threadsAfter = ThreadTicks.read(options.serverPid);
			for (Future<Recorder> future : futures) {
				step.merge(future.get(seconds + REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdownNow();
		}
		step.sort();
		return step;
	}

	private static long parseRetryAfter(String value) {
		if (value == null) {
			return 1;
		}
		try {
			return Math.max(0, Long.parseLong(value.strip()));
		}
		catch (NumberFormatException e) {
			return 1;
		}
	}

	// ---------------------------------------------------------------- the server's memory

	record Rss(long rssKib, long hwmKib) {

		/** VmRSS and VmHWM of the process from /proc, or null when it cannot be read. */
		static Rss read(long pid) {
			if (pid <= 0) {
				return null;
			}
			try {
				long rss = -1;
				long hwm = -1;
				for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8)) {
					if (line.startsWith("VmRSS:")) {
						rss = kib(line);
					}
					else if (line.startsWith("VmHWM:")) {
						hwm = kib(line);
					}
				}
				return rss < 0 ? null : new Rss(rss, hwm);
			}
			catch (IOException | RuntimeException e) {
				return null;
			}
		}

		private static long kib(String line) {
			return Long.parseLong(line.replaceAll("[^0-9]", ""));
		}
	}

	/** Samples the server's VmRSS every 100 ms on one daemon thread and keeps the peak (VmHWM included). */
	static final class RssSampler {

		final long pid;
		final AtomicLong peakKib = new AtomicLong();
		private volatile boolean running = true;
		private Thread thread;

		RssSampler(long pid) {
			this.pid = pid;
		}

		void start() {
			thread = new Thread(() -> {
				while (running) {
					Rss rss = Rss.read(pid);
					if (rss != null) {
						peakKib.accumulateAndGet(rss.rssKib, Math::max);
					}
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException e) {
						return;
					}
				}
			}, "rss-sampler");
			thread.setDaemon(true);
			thread.start();
		}

		void stop() throws InterruptedException {
			running = false;
			thread.interrupt();
			thread.join(1000);
			Rss last = Rss.read(pid);
			if (last != null) {
				peakKib.accumulateAndGet(last.rssKib, Math::max);
			}
		}
	}

	// ---------------------------------------------------------------- where the CPU went

	/** Clock ticks from /proc: the machine's busy and total, and the server's, PostgreSQL's and this JVM's. */
	record CpuTicks(long busy, long total, long server, long db, long client) {

		static CpuTicks read(long serverPid, long dbPid) {
			try {
				String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).strip().split("\\s+");
				long total = 0;
				for (int i = 1; i < cpu.length && i <= 8; i++) {
					total += Long.parseLong(cpu[i]);
				}
				long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
				long db = 0;
				if (dbPid > 0) {
					// Every "postgres" process: pg_ctl detaches the postmaster (its parent becomes init), and as
					// root it runs in a PID namespace of its own, so neither its pid nor its parentage leads to it.
					// The launcher's own CPU is added; it is nearly nil.
					db = ticks(dbPid, false);
					try (var entries = Files.list(Path.of("/proc"))) {
						for (Path entry : (Iterable<Path>) entries::iterator) {
							String name = entry.getFileName().toString();
							if (name.chars().allMatch(Character::isDigit) && isPostgres(entry)) {
								db += ticks(Long.parseLong(name), false);
							}
						}
					}
				}
				return new CpuTicks(total - idle, total, serverPid > 0 ? ticks(serverPid, false) : 0, db,
						ticks(ProcessHandle.current().pid(), false));
			}
			catch (IOException | RuntimeException e) {
				return null;
			}
		}

		/** utime + stime (+ the reaped children's when asked), or 0 when the process is gone. */
		private static long ticks(long pid, boolean withChildren) {
			String[] fields = stat(Path.of("/proc/" + pid));
			if (fields == null) {
				return 0;
			}
			// fields[0] is field 3 of proc(5) (state): utime is field 14, stime 15, cutime 16, cstime 17
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return withChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
		}

		private static boolean isPostgres(Path process) {
			try {
				return "postgres".equals(Files.readString(process.resolve("comm")).strip());
			}
			catch (IOException | RuntimeException e) {
				return false;
			}
		}

		static String[] stat(Path process) {
			try {
				String stat = Files.readString(process.resolve("stat"));
				return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			}
			catch (IOException | RuntimeException e) {
				return null;
			}
		}
	}

	/**
	 * The server's CPU clock ticks by kind of thread, from /proc/PID/task/TID/stat (names cut at 15 characters):
	 * the hashes (argon2-N), the request threads (http-nio-…), the JIT compilers, the garbage collector and the
	 * VM thread, and the rest. Divided by the logins of a step, it says where a login's CPU goes whatever else
	 * the machine runs.
	 */
	static final class ThreadTicks {

		static final String[] GROUPS = { "hash", "requests", "jit", "gc", "other" };
		static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

		static long[] read(long pid) {
			long[] ticks = new long[GROUPS.length];
			if (pid <= 0) {
				return ticks;
			}
			try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
				for (Path task : (Iterable<Path>) tasks::iterator) {
					String name;
					try {
						name = Files.readString(task.resolve("comm")).strip();
					}
					catch (IOException e) {
						continue;
					}
					String[] fields = CpuTicks.stat(task);
					if (fields == null) {
						continue;
					}
					ticks[group(name)] += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
				}
			}
			catch (IOException | RuntimeException e) {
				// no breakdown
			}
			return ticks;
		}

		static int group(String name) {
			if (name.startsWith("argon2-")) {
				return 0;
			}
			if (name.startsWith("http-nio-")) {
				return 1;
			}
			if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
				return 2;
			}
			if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
				return 3;
			}
			return 4;
		}

		/** "hash 21.3, requests 9.8, …" in CPU ms per login. */
		static String perLogin(long[] before, long[] after, long logins) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < GROUPS.length; i++) {
				double ms = logins == 0 ? Double.NaN : (after[i] - before[i]) * 1000.0 / TICKS_PER_SECOND / logins;
				text.append(i == 0 ? "" : ", ").append(GROUPS[i]).append(' ').append(String.format(Locale.ROOT, "%.1f", ms));
			}
			return text.toString();
		}
	}

	/** Cores busy on average between two readings. */
	record Cpu(double server, double db, double client, double other, double idle) {

		static final Cpu NONE = new Cpu(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

		static Cpu between(CpuTicks before, CpuTicks after) {
			if (before == null || after == null || after.total <= before.total) {
				return NONE;
			}
			int cores = Runtime.getRuntime().availableProcessors();
			double perCore = (after.total - before.total) / (double) cores; // ticks of one core over the interval
			double server = (after.server - before.server) / perCore;
			double db = Math.max(0, after.db - before.db) / perCore;
			double client = (after.client - before.client) / perCore;
			double busy = (after.busy - before.busy) / perCore;
			return new Cpu(server, db, client, Math.max(0, busy - server - db - client), cores - busy);
		}

		String describe() {
			return String.format(Locale.ROOT, "%.2f, db %.2f, client %.2f, other %.2f, idle %.2f", server, db, client,
					other, idle);
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%6.2f %5.2f %6.2f %5.2f %5.2f", server, db, client, other, idle);
		}
	}

	// ---------------------------------------------------------------- output

	private void printMachine() {
		section("Clave login benchmark");
		System.out.printf(Locale.ROOT, "server: %s (pid %s)%n", options.base,
				options.serverPid > 0 ? options.serverPid : "unknown");
		System.out.printf(Locale.ROOT, "cpu: %s, %d cores (Runtime.availableProcessors)%n", cpuModel(), cores);
		System.out.printf(Locale.ROOT, "memory: %s; java %s (%s); %s %s%n", memTotal(),
				System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
				System.getProperty("os.arch"));
		System.out.printf(Locale.ROOT, "transparent huge pages: %s (libsodium's hash is much faster with 'always', "
				+ "decision 166)%n", ec.gob.iess.clave.credential.PasswordHasher.transparentHugePages());
		System.out.printf(Locale.ROOT,
				"NOTE: this load client, the server and PostgreSQL all run on these same %d cores.%n", cores);
		System.out.printf(Locale.ROOT, "load average before the run (other work on this machine skews every figure): %s%n",
				loadAverage());
		System.out.printf(Locale.ROOT, "accounts: %s, levels: %s, %d s per level, warm-up %d s, overload %d s per step%n",
				seeded > 0 ? seeded + " (seeded in SQL, random)" : options.accounts + " (through the API, round-robin)",
				Arrays.toString(options.levels), options.duration, options.warmup,
				options.overloadDuration);
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2] + " (1, 5, 15 min)";
		}
		catch (IOException | RuntimeException e) {
			return "unknown";
		}
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter(l -> l.startsWith("model name"))
				.map(l -> l.substring(l.indexOf(':') + 1).strip())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException e) {
			return "unknown";
		}
	}

	private static String memTotal() {
		try {
			return Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter(l -> l.startsWith("MemTotal:"))
				.map(l -> (Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024) + " MiB RAM")
				.findFirst()
				.orElse("unknown RAM");
		}
		catch (IOException e) {
			return "unknown RAM";
		}
	}

	private static void section(String title) {
		System.out.println();
		System.out.println("== " + title);
	}

	private static void verdict(boolean pass, String text) {
		System.out.println((pass ? "PASS  " : "FAIL  ") + text);
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}
}
