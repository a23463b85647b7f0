package ec.gob.iess.clave.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ec.gob.iess.clave.bench.MailSink.Received;
import ec.gob.iess.clave.session.Secrets;
import ec.gob.iess.clave.support.CaptchaSolver;
import ec.gob.iess.clave.support.TestCedulas;
import ec.gob.iess.clave.support.TestFixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load client and judge of the fault scripts (bench/faults/kill9.sh, bench/faults/smtp-down.sh). Not a test: it
 * drives the packaged jar through its public API, owns the SMTP server the jar sends to ({@link MailSink}), and at the
 * end compares what the clients saw with the database and the mail received; prints PASS/FAIL lines and exits 1 on
 * any FAIL.
 *
 * <p>Load: per "lock" account one client that, in a loop, logs in with a wrong clave until five 401s (the account is
 * then locked), asks for an unlock link and (kill9) confirms the link from the mail, or (smtp-down) has an agent unlock
 * the account; per "login" client, logins with the right clave. Everything comes from 127.0.0.1, so the scripts raise
 * the rate limits out of the way.
 *
 * <p>kill9: the script kills the server with SIGKILL and writes {@code KILLED <n>} to {@code <work>/control}; while
 * the server is dead the database cannot change, so this driver then notes which queued messages the dead server had
 * claimed and not marked sent (and which of those the sink already has: the only ones that may come twice, decision
 * 20), prints {@code SNAPSHOT <n>}, and the script starts the server again. smtp-down: this driver stops its SMTP
 * server for the outage and starts it again, measuring the requests in each phase.
 *
 * <p>Arguments are {@code --name=value}; see {@link Options}.
 */
public final class FaultDriver {

	static final String CLAVE = TestFixtures.GOOD_CLAVE;

	static final String AGENT = "agente-fallas";

	static final JsonMapper JSON = TestFixtures.JSON;

	static final Pattern WRONG_FAILURE = Pattern.compile("wrong clave, failure (\\d+)");

	static final String UNLOCK_PATH = "/desbloqueo/enlace?token=";

	record Options(String scenario, String base, String jdbcUrl, int smtpPort, Path work, String adminUser,
			String adminPassword, int lockAccounts, int loginClients, int duration, int phaseSeconds,
			int smtpDownSeconds, int drainTimeout, int readyTimeout, int linkWait) {

		static Options parse(String[] args) {
			Map<String, String> v = new LinkedHashMap<>();
			for (String arg : args) {
				if (!arg.startsWith("--") || !arg.contains("=")) {
					throw new IllegalArgumentException("arguments are --name=value, got: " + arg);
				}
				v.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			Options options = new Options(v.getOrDefault("scenario", "kill9"), v.getOrDefault("base", "http://127.0.0.1:8080"),
					required(v, "jdbc-url"), Integer.parseInt(required(v, "smtp-port")), Path.of(required(v, "work")),
					v.getOrDefault("admin-user", "fallas"), required(v, "admin-password"),
					Integer.parseInt(v.getOrDefault("lock-accounts", "4")),
					Integer.parseInt(v.getOrDefault("login-clients", "2")),
					Integer.parseInt(v.getOrDefault("duration", "150")),
					Integer.parseInt(v.getOrDefault("phase-seconds", "60")),
					Integer.parseInt(v.getOrDefault("smtp-down-seconds", "300")),
					Integer.parseInt(v.getOrDefault("drain-timeout", "600")),
					Integer.parseInt(v.getOrDefault("ready-timeout", "300")),
					Integer.parseInt(v.getOrDefault("link-wait", "120")));
			String host = URI.create(options.base).getHost();
			if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
				throw new IllegalArgumentException("the driver only talks to 127.0.0.1, not " + options.base);
			}
			if (!Set.of("kill9", "smtp-down").contains(options.scenario) || options.lockAccounts < 1
					|| options.lockAccounts > 50 || options.loginClients < 0 || options.loginClients > 50) {
				throw new IllegalArgumentException("an argument is out of range: " + v);
			}
			return options;
		}

		private static String required(Map<String, String> values, String name) {
			String value = values.get(name);
			if (value == null) {
				throw new IllegalArgumentException("--" + name + " is required");
			}
			return value;
		}
	}

	record Person(String cedula, String email) {
	}

	/** One answer; status -1 when no HTTP answer came (connection refused or reset, timeout). */
	record Answer(String what, int status, String body, long startMillis, long nanos, String error) {

		boolean noAnswer() {
			return status < 0;
		}

		String label() {
			return what + " " + (noAnswer() ? "no answer (" + error + ")" : String.valueOf(status));
		}
	}

	enum Phase {
		BEFORE, OUTAGE, AFTER
	}

	/** What the client of one lock account saw; read only after the clients have ended. */
	static final class LockClient {

		final Person person;
		int lockoutsSeen;
		final List<String> confirmedTokens = new ArrayList<>();
		/** Unlocks whose 204 never arrived but whose effect the staff API showed (the answer was lost in a kill). */
		int unlocksLearnedFromStatus;
		int staffUnlocks;
		int linksRequested;

		LockClient(Person person) {
			this.person = person;
		}
	}

	private final Options options;
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();
	private final MailSink sink;
	private volatile String agentToken;
	private volatile boolean stopping;
	private volatile Phase phase = Phase.BEFORE;
	private final List<Answer> answers = new CopyOnWriteArrayList<>();
	private final Map<Phase, List<Answer>> byPhase = new ConcurrentHashMap<>();
	private final Map<String, AtomicInteger> unexpected = new ConcurrentHashMap<>();
	private final Map<String, AtomicInteger> loginOk = new ConcurrentHashMap<>();
	/** Per message key, how many extra copies a kill may have caused (sent, not yet marked, at the kill). */
	private final Map<String, Integer> mayRepeat = new ConcurrentHashMap<>();
	private final List<String> snapshots = new CopyOnWriteArrayList<>();
	/** Why a link from a mail was refused (410) at its first confirm, by the state of its row. */
	private final Map<String, AtomicInteger> refusedLinks = new ConcurrentHashMap<>();
	private final List<String> results = new ArrayList<>();
	private boolean failed;

	FaultDriver(Options options) {
		this.options = options;
		this.sink = new MailSink(options.smtpPort);
	}

	public static void main(String[] args) throws Exception {
		// GreenMail logs every new mailbox at INFO: keep the driver's output to what it has to say.
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
			.setLevel(ch.qos.logback.classic.Level.WARN);
		Options options = Options.parse(args);
		FaultDriver driver = new FaultDriver(options);
		int status;
		try {
			status = driver.run();
		}
		finally {
			driver.sink.close();
		}
		System.out.flush();
		System.exit(status);
	}

	int run() throws Exception {
		say("SMTP sink on 127.0.0.1:%d; waiting for the server at %s", options.smtpPort, options.base);
		String admin = waitForAdmin();
		agentToken = createAgent(admin);
		List<LockClient> lockClients = new ArrayList<>();
		List<Person> loginPeople = new ArrayList<>();
		long setupStart = System.nanoTime();
		for (int i = 0; i < options.lockAccounts; i++) {
			lockClients.add(new LockClient(createPerson()));
		}
		for (int i = 0; i < Math.max(1, options.loginClients); i++) {
			loginPeople.add(createPerson());
		}
		say("set-up: %d lock accounts and %d login accounts with a verified email, in %.0f s", lockClients.size(),
				loginPeople.size(), (System.nanoTime() - setupStart) / 1e9);
		if ("kill9".equals(options.scenario)) {
			runKill9(lockClients, loginPeople);
		}
		else {
			runSmtpDown(lockClients, loginPeople);
		}
		check(lockClients, loginPeople);
		System.out.println();
		System.out.println("==== " + options.scenario + " summary ====");
		results.forEach(System.out::println);
		System.out.println(failed ? "RESULT: FAIL" : "RESULT: PASS");
		return failed ? 1 : 0;
	}

	// ---------------------------------------------------------------- scenarios

	private void runKill9(List<LockClient> lockClients, List<Person> loginPeople) throws Exception {
		long deadline = System.currentTimeMillis() + options.duration * 1000L;
		Thread control = new Thread(this::watchControl, "control");
		control.setDaemon(true);
		control.start();
		List<Thread> clients = startClients(lockClients, loginPeople, deadline, false);
		say("LOAD_STARTED (%d lock clients, %d login clients, %d s)", lockClients.size(), options.loginClients,
				options.duration);
		joinAll(clients, deadline + 600_000L);
		stopping = true;
		say("LOAD_DONE");
	}

	private void runSmtpDown(List<LockClient> lockClients, List<Person> loginPeople) throws Exception {
		List<Thread> clients = startClients(lockClients, loginPeople, Long.MAX_VALUE, true);
		say("LOAD_STARTED: phase BEFORE for %d s", options.phaseSeconds);
		Thread.sleep(options.phaseSeconds * 1000L);
		int backlogAtStop = unsent();
		sink.stop();
		phase = Phase.OUTAGE;
		say("SMTP STOPPED (connections to port %d refused) for %d s; %d message(s) unsent at the stop",
				options.smtpPort, options.smtpDownSeconds, backlogAtStop);
		long outageEnd = System.currentTimeMillis() + options.smtpDownSeconds * 1000L;
		while (System.currentTimeMillis() < outageEnd) {
			Thread.sleep(Math.min(30_000L, Math.max(1, outageEnd - System.currentTimeMillis())));
			say("  outage: %d message(s) waiting in mail_outbox, %d attempt(s) failed so far", unsent(), failedAttempts());
		}
		int backlog = unsent();
		int attempts = failedAttempts();
		sink.start();
		long restarted = System.currentTimeMillis();
		phase = Phase.AFTER;
		say("SMTP STARTED again; backlog %d message(s), %d failed attempt(s) recorded", backlog, attempts);
		Thread.sleep(options.phaseSeconds * 1000L);
		stopping = true;
		joinAll(clients, System.currentTimeMillis() + 300_000L);
		say("LOAD_DONE");
		results.add(String.format(Locale.ROOT, "INFO outage: %d s; at its end %d message(s) waited, %d failed attempt(s) "
				+ "recorded in mail_outbox", options.smtpDownSeconds, backlog, attempts));
		long drained = awaitDrain();
		if (drained >= 0) {
			results.add(String.format(Locale.ROOT, "INFO the outbox was empty %.0f s after the SMTP server came back "
					+ "(retries back off up to 5 min)", (drained - restarted) / 1000.0));
		}
		latencyReport();
	}

	private List<Thread> startClients(List<LockClient> lockClients, List<Person> loginPeople, long deadline,
			boolean staffUnlock) {
		List<Thread> threads = new ArrayList<>();
		for (LockClient client : lockClients) {
			threads.add(start("lock-" + client.person.cedula, () -> {
				while (!stopping && System.currentTimeMillis() < deadline) {
					lockAndUnlock(client, staffUnlock);
				}
			}));
		}
		for (int i = 0; i < options.loginClients; i++) {
			Person person = loginPeople.get(i % loginPeople.size());
			threads.add(start("login-" + i, () -> {
				while (!stopping && System.currentTimeMillis() < deadline) {
					Answer answer = call("login", "POST", "/api/v1/login", loginJson(person.cedula, CLAVE), null);
					if (answer.status == 200) {
						loginOk.computeIfAbsent(person.cedula, k -> new AtomicInteger()).incrementAndGet();
					}
					else {
						unexpected(answer);
					}
				}
			}));
		}
		return threads;
	}

	/** One cycle: lock the account with wrong claves, then unlock it (link from the mail, or an agent). */
	private void lockAndUnlock(LockClient client, boolean staffUnlock) {
		Person person = client.person;
		int rejected = 0;
		while (rejected < 5) {
			Answer answer = call("login-wrong", "POST", "/api/v1/login", loginJson(person.cedula, "clave equivocada " + person.cedula), null);
			if (answer.status == 401) {
				rejected++; // each 401 follows a committed failure: five of them lock the account
			}
			else {
				unexpected(answer);
			}
		}
		client.lockoutsSeen++;
		if (staffUnlock) {
			requestLink(client);
			while (true) {
				Answer answer = call("staff-unlock", "POST", "/api/v1/staff/persons/" + person.cedula + "/unlock", null, agent());
				if (answer.status == 204) {
					client.staffUnlocks++;
					return;
				}
				if (answer.status == 401) {
					agentToken = null; // a new server may not know the token: log in again
				}
				unexpected(answer);
			}
		}
		while (true) {
			Set<String> before = unlockTokens(person);
			requestLink(client);
			String token = awaitNewLink(person, before);
			if (token == null) {
				say("no unlock link for %s within %d s: asking again", mask(person.cedula), options.linkWait);
				continue;
			}
			boolean uncertain = false;
			while (true) {
				Answer answer = call("unlock-confirm", "POST", "/api/v1/unlock/confirm", "{\"token\":\"" + token + "\"}", null);
				if (answer.status == 204) {
					client.confirmedTokens.add(token);
					return;
				}
				if (answer.status == 410) {
					if (uncertain && "ACTIVA".equals(status(person.cedula))) {
						client.unlocksLearnedFromStatus++; // our earlier try committed; its answer was lost
						return;
					}
					refusedLinks.computeIfAbsent(whyRefused(token), k -> new AtomicInteger()).incrementAndGet();
					break; // voided by a newer link, or expired: ask again
				}
				uncertain = true;
				unexpected(answer);
			}
		}
	}

	/** The state of a refused link's row: used, voided (by a newer link), expired, or unknown. */
	private String whyRefused(String token) {
		try (Connection db = db(); PreparedStatement statement = db.prepareStatement(
				"select used_at is not null, voided_at is not null, expires_at < now() from one_time_links where token_hash = ?")) {
			statement.setString(1, Secrets.sha256(token));
			try (ResultSet rs = statement.executeQuery()) {
				if (!rs.next()) {
					return "no such link";
				}
				return rs.getBoolean(1) ? "used" : rs.getBoolean(2) ? "voided" : rs.getBoolean(3) ? "expired" : "open";
			}
		}
		catch (SQLException e) {
			return "unknown (" + e.getMessage() + ")";
		}
	}

	private void requestLink(LockClient client) {
		while (true) {
			Answer challenge = call("captcha", "GET", "/api/v1/captcha", null, null);
			if (challenge.status != 200) {
				unexpected(challenge);
				continue;
			}
			String solution = CaptchaSolver.solve(JSON.readTree(challenge.body));
			Answer answer = call("unlock-request", "POST", "/api/v1/unlock", "{\"username\":\"" + client.person.cedula
					+ "\",\"captcha\":\"" + solution + "\"}", null);
			if (answer.status == 202) {
				client.linksRequested++;
				return;
			}
			unexpected(answer);
		}
	}

	private Set<String> unlockTokens(Person person) {
		Set<String> tokens = new HashSet<>();
		for (Received mail : sink.received()) {
			if (mail.recipient().equalsIgnoreCase(person.email) && mail.text().contains(UNLOCK_PATH)) {
				tokens.addAll(mail.tokens());
			}
		}
		return tokens;
	}

	/** The newest unlock link to the person not in {@code before}, or null after {@code link-wait}. */
	private String awaitNewLink(Person person, Set<String> before) {
		long deadline = System.currentTimeMillis() + options.linkWait * 1000L;
		while (System.currentTimeMillis() < deadline) {
			String newest = null;
			for (Received mail : sink.received()) {
				if (mail.recipient().equalsIgnoreCase(person.email) && mail.text().contains(UNLOCK_PATH)) {
					for (String token : mail.tokens()) {
						if (!before.contains(token)) {
							newest = token;
						}
					}
				}
			}
			if (newest != null) {
				return newest;
			}
			pause(200);
		}
		return null;
	}

	// ---------------------------------------------------------------- kill9: the moment of the kill

	private void watchControl() {
		Path control = options.work.resolve("control");
		int handled = 0;
		while (!stopping) {
			try {
				List<String> lines = Files.exists(control) ? Files.readAllLines(control) : List.of();
				for (; handled < lines.size(); handled++) {
					String line = lines.get(handled).strip();
					if (line.startsWith("KILLED")) {
						snapshotAfterKill(line.substring("KILLED".length()).strip());
					}
				}
			}
			catch (IOException | SQLException e) {
				say("control: %s", e);
			}
			pause(100);
		}
	}

	/**
	 * The server is dead and the database still: the rows it had claimed and not marked sent are the only ones that
	 * may be delivered twice, and only those the sink already has.
	 */
	private void snapshotAfterKill(String n) throws SQLException {
		pause(300); // let the sink finish a message whose DATA it was reading
		List<Received> got = sink.received();
		Map<String, Integer> receivedByKey = countByKey(got);
		int claimed = 0;
		int alreadyDelivered = 0;
		int due = 0;
		Map<String, Integer> sentWithKey = new HashMap<>();
		try (Connection db = db();
				PreparedStatement sent = db.prepareStatement(
						"select recipient, subject, text_body from mail_outbox where sent_at is not null and text_body <> ''");
				PreparedStatement open = db.prepareStatement(
						"select id, kind, recipient, subject, text_body, claim_token from mail_outbox where sent_at is null order by id")) {
			try (ResultSet rs = sent.executeQuery()) {
				while (rs.next()) {
					sentWithKey.merge(Received.key(rs.getString(1), rs.getString(2), rs.getString(3)), 1, Integer::sum);
				}
			}
			List<String> details = new ArrayList<>();
			try (ResultSet rs = open.executeQuery()) {
				while (rs.next()) {
					due++;
					if (rs.getString("claim_token") == null) {
						continue;
					}
					claimed++;
					String key = Received.key(rs.getString("recipient"), rs.getString("subject"), rs.getString("text_body"));
					int atSink = receivedByKey.getOrDefault(key, 0) - sentWithKey.getOrDefault(key, 0)
							- mayRepeat.getOrDefault(key, 0);
					if (atSink > 0) {
						alreadyDelivered++;
						mayRepeat.merge(key, 1, Integer::sum);
						receivedByKey.merge(key, -1, Integer::sum);
						details.add("#" + rs.getLong("id") + " " + rs.getString("kind"));
					}
				}
			}
			String line = String.format(Locale.ROOT,
					"INFO kill %s: %d message(s) unsent in mail_outbox, %d of them claimed by the killed server; of "
							+ "those, %d already at the SMTP sink (sent, not yet marked: may come again after the lease)%s",
					n, due, claimed, alreadyDelivered, details.isEmpty() ? "" : " " + details);
			snapshots.add(line);
			say("%s", line);
		}
		say("SNAPSHOT %s", n);
	}

	// ---------------------------------------------------------------- checks

	private void check(List<LockClient> lockClients, List<Person> loginPeople) throws Exception {
		results.addAll(snapshots);
		if ("kill9".equals(options.scenario)) {
			awaitDrain();
		}
		Map<String, Integer> seen = new TreeMap<>();
		answers.forEach(a -> seen.merge(a.label(), 1, Integer::sum));
		results.add("INFO answers seen: " + seen);
		if (!refusedLinks.isEmpty()) {
			results.add("INFO unlock links refused (410) at their first confirm, by their row: " + refusedLinks);
		}
		boolean kill9 = "kill9".equals(options.scenario);
		Map<String, Integer> bad = new TreeMap<>();
		unexpected.forEach((k, v) -> {
			if (!(kill9 && (k.contains("no answer") || k.endsWith(" 503")))) {
				bad.put(k, v.get());
			}
		});
		verdict(bad.isEmpty(), kill9
				? "no answer other than the expected ones, except no answer/503 while the server was dead or starting: " + bad
				: "every request answered as expected (no request failed because of SMTP): " + bad);
		try (Connection db = db()) {
			checkMail(db);
			checkLinks(db);
			for (LockClient client : lockClients) {
				checkLockAccount(db, client, kill9);
			}
			for (Person person : loginPeople) {
				checkLoginAccount(db, person);
			}
		}
	}

	private long awaitDrain() throws Exception {
		long deadline = System.currentTimeMillis() + options.drainTimeout * 1000L;
		int left = unsent();
		while (left > 0 && System.currentTimeMillis() < deadline) {
			pause(1000);
			left = unsent();
		}
		verdict(left == 0, "mail_outbox drained (every queued message marked sent) within " + options.drainTimeout
				+ " s: " + left + " left");
		pause(2000); // the sink's poller
		return left == 0 ? System.currentTimeMillis() - 2000 : -1;
	}

	/** Every outbox row reached the sink exactly once (or twice, only when a kill caught it between send and mark). */
	private void checkMail(Connection db) throws SQLException {
		List<Received> got = sink.received();
		Map<String, Integer> expected = new HashMap<>();
		Map<String, Integer> erased = new HashMap<>(); // link mails: the body is erased once sent
		int rows = 0;
		int notSmtp = 0;
		try (PreparedStatement statement = db.prepareStatement(
				"select recipient, subject, text_body, delivered_via from mail_outbox");
				ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				rows++;
				if (!"SMTP".equals(rs.getString("delivered_via"))) {
					notSmtp++;
				}
				if (rs.getString("text_body").isEmpty()) {
					erased.merge(rs.getString("recipient").toLowerCase(Locale.ROOT) + "\n" + rs.getString("subject"), 1,
							Integer::sum);
				}
				else {
					expected.merge(Received.key(rs.getString("recipient"), rs.getString("subject"), rs.getString("text_body")),
							1, Integer::sum);
				}
			}
		}
		Map<String, Integer> received = countByKey(got);
		int lost = 0;
		int duplicates = 0;
		int excusedDuplicates = 0;
		int strangers = 0;
		Map<String, Integer> erasedReceived = new HashMap<>();
		for (Map.Entry<String, Integer> entry : received.entrySet()) {
			String key = entry.getKey();
			int copies = entry.getValue();
			int wanted = expected.getOrDefault(key, 0);
			if (wanted == 0) {
				// A link mail (its row's body erased): one group per recipient and subject.
				String group = key.substring(0, key.indexOf('\n', key.indexOf('\n') + 1));
				erasedReceived.merge(group, 1, Integer::sum);
				wanted = 1;
			}
			int extra = copies - wanted;
			if (extra > 0) {
				int excused = Math.min(extra, mayRepeat.getOrDefault(key, 0));
				excusedDuplicates += excused;
				duplicates += extra - excused;
			}
			else if (extra < 0) {
				lost -= extra;
			}
		}
		for (Map.Entry<String, Integer> entry : expected.entrySet()) {
			if (!received.containsKey(entry.getKey())) {
				lost += entry.getValue();
			}
		}
		for (Map.Entry<String, Integer> entry : erasedReceived.entrySet()) {
			int wanted = erased.getOrDefault(entry.getKey(), 0);
			if (entry.getValue() > wanted) {
				strangers += entry.getValue() - wanted;
			}
		}
		for (Map.Entry<String, Integer> entry : erased.entrySet()) {
			lost += Math.max(0, entry.getValue() - erasedReceived.getOrDefault(entry.getKey(), 0));
		}
		results.add(String.format(Locale.ROOT, "INFO mail: %d row(s) in mail_outbox, %d message(s) received by the SMTP sink",
				rows, got.size()));
		verdict(notSmtp == 0, "every outbox row delivered via SMTP: " + notSmtp + " otherwise");
		verdict(lost == 0 && strangers == 0, "every queued message reached the SMTP sink: " + lost + " missing, "
				+ strangers + " received without a row");
		verdict(duplicates == 0, "no message delivered twice: " + duplicates + " unexplained duplicate(s), "
				+ excusedDuplicates + " duplicate(s) of messages sent-but-not-marked at a kill (allowed by decision 20; "
				+ mayRepeat.values().stream().mapToInt(Integer::intValue).sum() + " such message(s) at the kills)");
	}

	/** Every one-time link came out in exactly one message, and every link in a message is a stored link. */
	private void checkLinks(Connection db) throws SQLException {
		Map<String, String> links = new HashMap<>();
		try (PreparedStatement statement = db.prepareStatement("select token_hash, purpose from one_time_links");
				ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				links.put(rs.getString(1), rs.getString(2));
			}
		}
		Map<String, Integer> mailed = new HashMap<>();
		Set<String> tokenSeen = new HashSet<>();
		for (Received mail : sink.received()) {
			for (String token : mail.tokens()) {
				if (tokenSeen.add(token + "\n" + mail.key())) {
					mailed.merge(Secrets.sha256(token), 1, Integer::sum);
				}
			}
		}
		long withoutMail = links.keySet().stream().filter(hash -> !mailed.containsKey(hash)).count();
		long inTwoMessages = mailed.values().stream().filter(count -> count > 1).count();
		long unknown = mailed.keySet().stream().filter(hash -> !links.containsKey(hash)).count();
		verdict(withoutMail == 0 && inTwoMessages == 0 && unknown == 0, String.format(Locale.ROOT,
				"%d one-time link(s), each in exactly one message: %d without a message, %d in two messages, %d mailed "
						+ "tokens unknown to the database",
				links.size(), withoutMail, inTwoMessages, unknown));
	}

	/**
	 * Replays the account's audit rows: the failure numbers count up 1..5 from zero, a lock follows the fifth, an
	 * unlock follows a lock, and what the replay ends with is what {@code accounts} holds. Then what the client saw
	 * committed must be in the database, and every lock, unlock and unlock link must have its mail row.
	 */
	private void checkLockAccount(Connection db, LockClient client, boolean kill9) throws SQLException {
		String who = "account " + mask(client.person.cedula);
		int counter = 0;
		boolean locked = false;
		List<String> problems = new ArrayList<>();
		Map<String, Integer> types = new TreeMap<>();
		try (PreparedStatement statement = db.prepareStatement(
				"select id, type, outcome, detail from audit_events where account = ? order by id")) {
			statement.setString(1, client.person.cedula);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					String type = rs.getString("type");
					String detail = rs.getString("detail") == null ? "" : rs.getString("detail");
					types.merge(type + ("UNLOCK_REQUESTED".equals(type) ? "/" + rs.getString("outcome") : ""), 1,
							Integer::sum);
					switch (type) {
						case "LOGIN_FAILED" -> {
							Matcher failure = WRONG_FAILURE.matcher(detail);
							if (failure.matches()) {
								int n = Integer.parseInt(failure.group(1));
								if (locked || n != counter + 1) {
									problems.add("#" + rs.getLong("id") + " '" + detail + "' after " + counter
											+ (locked ? " while locked" : ""));
								}
								counter = n;
							}
							else if (!(locked && detail.equals("account BLOQUEADA"))) {
								problems.add("#" + rs.getLong("id") + " unexpected failure '" + detail + "'");
							}
						}
						case "ACCOUNT_LOCKED" -> {
							if (locked || counter != 5) {
								problems.add("#" + rs.getLong("id") + " lock after " + counter + " failure(s)");
							}
							locked = true;
						}
						case "ACCOUNT_UNLOCKED" -> {
							if (!locked) {
								problems.add("#" + rs.getLong("id") + " unlock of an unlocked account");
							}
							locked = false;
							counter = 0;
						}
						default -> {
						}
					}
				}
			}
		}
		String status;
		int failedAttempts;
		try (PreparedStatement statement = db.prepareStatement(
				"select status, failed_attempts from accounts where username = ?")) {
			statement.setString(1, client.person.cedula);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				status = rs.getString(1);
				failedAttempts = rs.getInt(2);
			}
		}
		if (failedAttempts != counter) {
			problems.add("failed_attempts " + failedAttempts + " but the audit counts " + counter);
		}
		if (locked != "BLOQUEADA".equals(status)) {
			problems.add("status " + status + " but the audit says " + (locked ? "locked" : "unlocked"));
		}
		int lockedRows = types.getOrDefault("ACCOUNT_LOCKED", 0);
		int unlockedRows = types.getOrDefault("ACCOUNT_UNLOCKED", 0);
		int linkRows = types.getOrDefault("UNLOCK_REQUESTED/SUCCESS", 0);
		int linkUsedRows = types.getOrDefault("LINK_USED", 0);
		if (client.lockoutsSeen > lockedRows) {
			problems.add(client.lockoutsSeen + " lockouts seen but " + lockedRows + " ACCOUNT_LOCKED row(s)");
		}
		for (String token : client.confirmedTokens) {
			try (PreparedStatement statement = db.prepareStatement(
					"select account, purpose, used_at from one_time_links where token_hash = ?")) {
				statement.setString(1, Secrets.sha256(token));
				try (ResultSet rs = statement.executeQuery()) {
					if (!rs.next() || !client.person.cedula.equals(rs.getString(1)) || !"UNLOCK".equals(rs.getString(2))
							|| rs.getTimestamp(3) == null) {
						problems.add("a link confirmed with 204 is not marked used");
					}
				}
			}
		}
		int confirmed = client.confirmedTokens.size();
		if (kill9 && (linkUsedRows < confirmed || linkUsedRows > confirmed + client.unlocksLearnedFromStatus
				|| unlockedRows != linkUsedRows)) {
			problems.add(confirmed + " confirm(s) answered 204 (+" + client.unlocksLearnedFromStatus + " learned from the "
					+ "status) but " + linkUsedRows + " LINK_USED and " + unlockedRows + " ACCOUNT_UNLOCKED row(s)");
		}
		if (!kill9 && client.staffUnlocks > unlockedRows) {
			problems.add(client.staffUnlocks + " staff unlocks answered 204 but " + unlockedRows + " ACCOUNT_UNLOCKED row(s)");
		}
		if (kill9 && (!"ACTIVA".equals(status) || failedAttempts != 0)) {
			problems.add("the client ended with an unlock it saw, but the account is " + status + " with "
					+ failedAttempts + " failure(s)");
		}
		if (client.linksRequested > 0 && linkRows == 0) {
			problems.add("links asked for but no UNLOCK_REQUESTED SUCCESS row");
		}
		Map<String, Integer> mails = mailKinds(db, client.person.email);
		int links = count(db, "select count(*) from one_time_links where account = ? and purpose = 'UNLOCK'",
				client.person.cedula);
		if (mails.getOrDefault("ACCOUNT_LOCKED", 0) != lockedRows
				|| mails.getOrDefault("ACCOUNT_UNLOCKED", 0) != unlockedRows
				|| mails.getOrDefault("UNLOCK_LINK", 0) != linkRows || links != linkRows) {
			problems.add("mail rows " + mails + " vs audit: " + lockedRows + " locked, " + unlockedRows + " unlocked, "
					+ linkRows + " links sent; " + links + " UNLOCK link row(s)");
		}
		verdict(problems.isEmpty(), String.format(Locale.ROOT,
				"%s: seen %d lockout(s), %d unlock(s) by 204%s, %d by an agent; database %s, failed_attempts %d, "
						+ "audit %d locked / %d unlocked / %d links sent, mail rows %s%s",
				who, client.lockoutsSeen, confirmed,
				client.unlocksLearnedFromStatus > 0 ? " (+" + client.unlocksLearnedFromStatus + " whose answer was lost)" : "",
				client.staffUnlocks, status, failedAttempts, lockedRows, unlockedRows, linkRows, mails,
				problems.isEmpty() ? "" : "; PROBLEMS: " + problems));
	}

	private void checkLoginAccount(Connection db, Person person) throws SQLException {
		int seen = loginOk.getOrDefault(person.cedula, new AtomicInteger()).get();
		int rows = count(db, "select count(*) from audit_events where account = ? and type = 'LOGIN_SUCCEEDED'",
				person.cedula);
		int failures = count(db, "select failed_attempts from accounts where username = ? and status = 'ACTIVA'",
				person.cedula);
		verdict(rows >= seen && failures == 0, String.format(Locale.ROOT,
				"account %s: %d login(s) answered 200, %d LOGIN_SUCCEEDED row(s) (at least as many), failed_attempts %d",
				mask(person.cedula), seen, rows, failures));
	}

	// ---------------------------------------------------------------- smtp-down: latency per phase

	private void latencyReport() {
		results.add("INFO latency of answered requests by phase (closed loop; phase = when the request started):");
		results.add(String.format(Locale.ROOT, "INFO   %-15s %-7s %7s %8s %8s %8s", "request", "phase", "count", "per s",
				"p50 ms", "p99 ms"));
		Map<Phase, Double> seconds = Map.of(Phase.BEFORE, (double) options.phaseSeconds, Phase.OUTAGE,
				(double) options.smtpDownSeconds, Phase.AFTER, (double) options.phaseSeconds);
		for (String what : List.of("login", "login-wrong", "unlock-request", "staff-unlock")) {
			Map<Phase, long[]> latencies = new HashMap<>();
			for (Phase p : Phase.values()) {
				long[] sorted = byPhase.getOrDefault(p, List.of()).stream()
					.filter(a -> a.what.equals(what) && !a.noAnswer())
					.mapToLong(Answer::nanos)
					.sorted()
					.toArray();
				latencies.put(p, sorted);
				results.add(String.format(Locale.ROOT, "INFO   %-15s %-7s %7d %8.2f %8.1f %8.1f", what, p, sorted.length,
						sorted.length / seconds.get(p), percentile(sorted, 0.50), percentile(sorted, 0.99)));
			}
			long[] before = latencies.get(Phase.BEFORE);
			long[] outage = latencies.get(Phase.OUTAGE);
			if (before.length < 10 || outage.length < 10) {
				verdict(false, what + ": too few requests to compare (" + before.length + " before, " + outage.length
						+ " during the outage)");
				continue;
			}
			double p50 = percentile(outage, 0.50) / percentile(before, 0.50);
			double p99 = percentile(outage, 0.99) / percentile(before, 0.99);
			double rate = (outage.length / seconds.get(Phase.OUTAGE)) / (before.length / seconds.get(Phase.BEFORE));
			// A shared, loaded machine: "unchanged" means within noise, not equal.
			verdict(p50 <= 1.5 && p99 <= 2.0 && rate >= 0.67, String.format(Locale.ROOT,
					"%s during the outage vs before: p50 x%.2f, p99 x%.2f, throughput x%.2f (limits: p50 <= 1.5, p99 <= 2, "
							+ "throughput >= 0.67)",
					what, p50, p99, rate));
		}
	}

	private static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	// ---------------------------------------------------------------- set-up through the API

	private String waitForAdmin() {
		long deadline = System.currentTimeMillis() + options.readyTimeout * 1000L;
		String last = "no answer yet";
		while (System.currentTimeMillis() < deadline) {
			Answer answer = call("setup", "POST", "/api/v1/staff/login", "{\"username\":" + TestFixtures.quote(options.adminUser)
					+ ",\"password\":" + TestFixtures.quote(options.adminPassword) + "}", null);
			if (answer.status == 200) {
				answers.clear();
				return JSON.readTree(answer.body).get("accessToken").asString();
			}
			last = answer.label();
			pause(1000);
		}
		throw new IllegalStateException("the server did not let the administrator in within " + options.readyTimeout
				+ " s; last: " + last);
	}

	private String createAgent(String admin) {
		expect(call("setup", "POST", "/api/v1/staff/users", "{\"username\":\"" + AGENT + "\",\"password\":"
				+ TestFixtures.quote(TestFixtures.STAFF_PASSWORD) + ",\"roles\":[\"AGENTE\"],\"center\":\"CAU Quito Norte\"}",
				admin), 201);
		return agentLogin();
	}

	private String agentLogin() {
		while (true) {
			Answer answer = call("agent-login", "POST", "/api/v1/staff/login", "{\"username\":\"" + AGENT
					+ "\",\"password\":" + TestFixtures.quote(TestFixtures.STAFF_PASSWORD) + "}", null);
			if (answer.status == 200) {
				return JSON.readTree(answer.body).get("accessToken").asString();
			}
			unexpected(answer);
		}
	}

	private String agent() {
		String token = agentToken;
		if (token == null) {
			token = agentLogin();
			agentToken = token;
		}
		return token;
	}

	private Person createPerson() {
		for (int attempt = 0; attempt < 10; attempt++) {
			String cedula = TestCedulas.next();
			Answer registered = call("setup", "PUT", "/api/v1/staff/persons/" + cedula, """
					{"firstNames":"Rosa Elena","lastNames":"Quishpe Tipán","birthDate":"1958-04-21",
					 "fingerprintCode":"V4343V4242","roles":["AFILIADO"]}""", agent());
			if (registered.status == 200) {
				continue; // a random cédula met an earlier one
			}
			expect(registered, 201);
			Answer temporary = expect(call("setup", "POST", "/api/v1/staff/persons/" + cedula + "/temporary-password",
					null, agent()), 201);
			String temporaryClave = JSON.readTree(temporary.body).get("temporaryPassword").asString();
			expect(call("setup", "POST", "/api/v1/password/change", "{\"username\":\"" + cedula + "\",\"currentPassword\":"
					+ TestFixtures.quote(temporaryClave) + ",\"newPassword\":" + TestFixtures.quote(CLAVE)
					+ ",\"acceptAgreement\":true}", null), 204);
			String email = "f" + cedula + "@fallas.test";
			expect(call("setup", "POST", "/api/v1/staff/persons/" + cedula + "/verification",
					TestFixtures.verificationBody(cedula, email, "0991234567"), agent()), 201);
			return new Person(cedula, email);
		}
		throw new IllegalStateException("could not find a new cédula in 10 attempts");
	}

	private String status(String cedula) {
		while (true) {
			Answer answer = call("staff-status", "GET", "/api/v1/staff/persons/" + cedula, null, agent());
			if (answer.status == 200) {
				return JSON.readTree(answer.body).get("credentialStatus").asString();
			}
			if (answer.status == 401) {
				agentToken = null;
			}
			unexpected(answer);
		}
	}

	private static Answer expect(Answer answer, int status) {
		if (answer.status != status) {
			throw new IllegalStateException("set-up: expected " + status + ", got " + answer.label() + " " + answer.body);
		}
		return answer;
	}

	// ---------------------------------------------------------------- plumbing

	private Answer call(String what, String method, String path, String json, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(options.base + path))
			.timeout(Duration.ofSeconds(60))
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		Phase at = phase;
		long startMillis = System.currentTimeMillis();
		long start = System.nanoTime();
		Answer answer;
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			answer = new Answer(what, response.statusCode(), response.body(), startMillis, System.nanoTime() - start, null);
		}
		catch (IOException e) {
			answer = new Answer(what, -1, "", startMillis, System.nanoTime() - start, e.getClass().getSimpleName());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
		if (!"setup".equals(what)) {
			answers.add(answer);
			byPhase.computeIfAbsent(at, p -> new CopyOnWriteArrayList<>()).add(answer);
		}
		return answer;
	}

	/** Counts an answer the load did not want, and waits a moment when the server is not there. */
	private void unexpected(Answer answer) {
		unexpected.computeIfAbsent(answer.label(), k -> new AtomicInteger()).incrementAndGet();
		if (answer.noAnswer() || answer.status >= 500) {
			pause(500);
		}
	}

	private Connection db() throws SQLException {
		return DriverManager.getConnection(options.jdbcUrl, "postgres", "");
	}

	private int unsent() {
		try (Connection db = db()) {
			return count(db, "select count(*) from mail_outbox where sent_at is null", null);
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	private int failedAttempts() {
		try (Connection db = db()) {
			return count(db, "select coalesce(sum(attempts), 0) from mail_outbox", null);
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	private static int count(Connection db, String sql, String parameter) throws SQLException {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			if (parameter != null) {
				statement.setString(1, parameter);
			}
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? rs.getInt(1) : 0;
			}
		}
	}

	private static Map<String, Integer> mailKinds(Connection db, String email) throws SQLException {
		Map<String, Integer> kinds = new TreeMap<>();
		try (PreparedStatement statement = db.prepareStatement(
				"select kind, count(*) from mail_outbox where lower(recipient) = lower(?) group by kind")) {
			statement.setString(1, email);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					kinds.put(rs.getString(1), rs.getInt(2));
				}
			}
		}
		return kinds;
	}

	private static Map<String, Integer> countByKey(List<Received> received) {
		Map<String, Integer> counts = new HashMap<>();
		received.forEach(mail -> counts.merge(mail.key(), 1, Integer::sum));
		return counts;
	}

	private void verdict(boolean pass, String what) {
		failed |= !pass;
		results.add((pass ? "PASS " : "FAIL ") + what);
	}

	private static String loginJson(String username, String clave) {
		return "{\"username\":\"" + username + "\",\"password\":" + TestFixtures.quote(clave) + "}";
	}

	private Thread start(String name, Runnable body) {
		Thread thread = new Thread(() -> {
			try {
				body.run();
			}
			catch (RuntimeException | AssertionError e) {
				unexpected.computeIfAbsent("client died: " + e, k -> new AtomicInteger()).incrementAndGet();
				say("client %s died: %s", name, e);
			}
		}, name);
		thread.start();
		return thread;
	}

	private static void joinAll(List<Thread> threads, long deadlineMillis) throws InterruptedException {
		for (Thread thread : threads) {
			thread.join(Math.max(1, deadlineMillis - System.currentTimeMillis()));
			if (thread.isAlive()) {
				throw new IllegalStateException("client " + thread.getName() + " did not end in time");
			}
		}
	}

	static String mask(String cedula) {
		return "*******" + cedula.substring(cedula.length() - 3);
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	static void say(String format, Object... args) {
		System.out.println(Instant.now().toString().substring(11, 19) + " " + String.format(Locale.ROOT, format, args));
		System.out.flush();
	}
}
