package ec.gob.iess.clave.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The database-backed sliding-window limiter, on H2 and PostgreSQL. RECOVERY_ACCOUNT allows 5 per hour. */
@ClaveIntegrationTest
class RateLimiterIntegrationTest {

	static final Origin ORIGIN = new Origin(Origin.ANONYMOUS, Channel.API, "192.0.2.7");

	@Autowired
	RateLimiter limiter;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	@Test
	void allowsTheLimitAndRefusesTheNextWithRetryAfter() {
		String target = UUID.randomUUID().toString();
		for (int i = 0; i < 5; i++) {
			limiter.hit(LimitKind.RECOVERY_ACCOUNT, target, null, ORIGIN);
		}

		Refusal refused = catchThrowableOfType(Refusal.class,
				() -> limiter.hit(LimitKind.RECOVERY_ACCOUNT, target, null, ORIGIN));

		assertThat(refused.code()).isEqualTo(RefusalCode.RATE_LIMITED);
		assertThat(refused.retryAfterSeconds()).isBetween(1L, 3600L);
		assertThat(limiter.exceeded(LimitKind.RECOVERY_ACCOUNT, target)).isTrue();
		assertThat(jdbc.sql("select count(*) from audit_events where type = 'RATE_LIMITED' and detail = 'RECOVERY_ACCOUNT' and ip = ?")
			.param("192.0.2.7").query(Integer.class).single()).isPositive();
	}

	@Test
	void recoversOnceTheSlidingWindowHasPassed() {
		String target = UUID.randomUUID().toString();
		for (int i = 0; i < 6; i++) {
			try {
				limiter.hit(LimitKind.RECOVERY_ACCOUNT, target, null, ORIGIN);
			}
			catch (Refusal expected) {
				// the sixth is refused
			}
		}

		clock.advance(Duration.ofHours(2).plusSeconds(1));

		limiter.hit(LimitKind.RECOVERY_ACCOUNT, target, null, ORIGIN);
		assertThat(limiter.exceeded(LimitKind.RECOVERY_ACCOUNT, target)).isFalse();
	}

	@Test
	void targetsAreCountedApart() {
		String one = UUID.randomUUID().toString();
		String other = UUID.randomUUID().toString();
		for (int i = 0; i < 5; i++) {
			limiter.hit(LimitKind.RECOVERY_ACCOUNT, one, null, ORIGIN);
		}

		limiter.hit(LimitKind.RECOVERY_ACCOUNT, other, null, ORIGIN);
		limiter.hit(LimitKind.RECOVERY_SOURCE, one, null, ORIGIN);
		assertThatThrownBy(() -> limiter.hit(LimitKind.RECOVERY_ACCOUNT, one, null, ORIGIN)).isInstanceOf(Refusal.class);
	}

	@Test
	void ofFortyConcurrentHitsExactlyTheLimitPassesAndOnlyThoseAreCounted() throws Exception {
		String target = UUID.randomUUID().toString();
		ExecutorService pool = Executors.newFixedThreadPool(20);
		int passed = 0;
		try {
			List<Callable<Boolean>> hits = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				hits.add(() -> {
					try {
						limiter.hit(LimitKind.RECOVERY_ACCOUNT, target, null, ORIGIN);
						return true;
					}
					catch (Refusal refused) {
						return false;
					}
				});
			}
			for (Future<Boolean> hit : pool.invokeAll(hits)) {
				passed += hit.get() ? 1 : 0;
			}
		}
		finally {
			pool.shutdown();
		}

		assertThat(passed).isEqualTo(5);
		assertThat(jdbc.sql("select sum(hits) from rate_limit_counters where kind = 'RECOVERY_ACCOUNT' and target = ?")
			.param(target).query(Integer.class).single()).isEqualTo(5);
	}

	@Test
	void severalLimitsClearOfTheirLimitsAreCountedTogether() {
		String source = UUID.randomUUID().toString();
		String account = UUID.randomUUID().toString();
		String watched = UUID.randomUUID().toString();

		boolean clear = limiter.hitAllIfClear(List.of(new RateLimiter.Target(LimitKind.RECOVERY_SOURCE, source),
				new RateLimiter.Target(LimitKind.RECOVERY_ACCOUNT, account)),
				List.of(new RateLimiter.Target(LimitKind.UNLOCK_ACCOUNT, watched)));

		assertThat(clear).isTrue();
		assertThat(hits(LimitKind.RECOVERY_SOURCE, source)).isEqualTo(1);
		assertThat(hits(LimitKind.RECOVERY_ACCOUNT, account)).isEqualTo(1);
		assertThat(hits(LimitKind.UNLOCK_ACCOUNT, watched)).isZero();
	}

	@Test
	void whenOneHitWouldPassItsLimitNoneIsCountedAndNothingIsAudited() {
		String source = UUID.randomUUID().toString();
		String account = UUID.randomUUID().toString();
		for (int i = 0; i < 5; i++) {
			limiter.hit(LimitKind.RECOVERY_ACCOUNT, account, null, ORIGIN);
		}
		long refusalsBefore = rateLimitedEvents();

		boolean clear = limiter.hitAllIfClear(List.of(new RateLimiter.Target(LimitKind.RECOVERY_SOURCE, source),
				new RateLimiter.Target(LimitKind.RECOVERY_ACCOUNT, account)), List.of());

		assertThat(clear).isFalse();
		assertThat(hits(LimitKind.RECOVERY_SOURCE, source)).isZero();
		assertThat(hits(LimitKind.RECOVERY_ACCOUNT, account)).isEqualTo(5);
		assertThat(rateLimitedEvents()).isEqualTo(refusalsBefore);
	}

	@Test
	void whenAWatchedLimitIsReachedNoneIsCounted() {
		String source = UUID.randomUUID().toString();
		String watched = UUID.randomUUID().toString();
		for (int i = 0; i < 5; i++) {
			limiter.count(LimitKind.RECOVERY_ACCOUNT, watched);
		}

		boolean clear = limiter.hitAllIfClear(List.of(new RateLimiter.Target(LimitKind.RECOVERY_SOURCE, source)),
				List.of(new RateLimiter.Target(LimitKind.RECOVERY_ACCOUNT, watched)));

		assertThat(clear).isFalse();
		assertThat(hits(LimitKind.RECOVERY_SOURCE, source)).isZero();
		assertThat(hits(LimitKind.RECOVERY_ACCOUNT, watched)).isEqualTo(5);
	}

	/** One counter all callers share (as a source) and one of each caller's own (as an account), as a login counts. */
	@Test
	void ofFortyConcurrentCallersSharingOneLimitExactlyTheLimitIsCountedTogether() throws Exception {
		String shared = UUID.randomUUID().toString();
		ExecutorService pool = Executors.newFixedThreadPool(20);
		int passed = 0;
		List<String> own = new ArrayList<>();
		try {
			List<Callable<Boolean>> callers = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String account = UUID.randomUUID().toString();
				own.add(account);
				callers.add(() -> limiter.hitAllIfClear(List.of(new RateLimiter.Target(LimitKind.RECOVERY_ACCOUNT, shared),
						new RateLimiter.Target(LimitKind.RECOVERY_SOURCE, account)), List.of()));
			}
			for (Future<Boolean> caller : pool.invokeAll(callers)) {
				passed += caller.get() ? 1 : 0;
			}
		}
		finally {
			pool.shutdown();
		}

		assertThat(passed).isEqualTo(5);
		assertThat(hits(LimitKind.RECOVERY_ACCOUNT, shared)).isEqualTo(5);
		assertThat(own.stream().mapToInt(account -> hits(LimitKind.RECOVERY_SOURCE, account)).sum()).isEqualTo(5);
	}

	@Test
	void countingSeveralCountsEachOnce() {
		String one = UUID.randomUUID().toString();
		String other = UUID.randomUUID().toString();
		limiter.count(LimitKind.RECOVERY_ACCOUNT, other);

		limiter.countAll(List.of(new RateLimiter.Target(LimitKind.RECOVERY_ACCOUNT, one),
				new RateLimiter.Target(LimitKind.RECOVERY_ACCOUNT, other)));

		assertThat(hits(LimitKind.RECOVERY_ACCOUNT, one)).isEqualTo(1);
		assertThat(hits(LimitKind.RECOVERY_ACCOUNT, other)).isEqualTo(2);
	}

	private int hits(LimitKind kind, String target) {
		return jdbc.sql("select coalesce(sum(hits), 0) from rate_limit_counters where kind = ? and target = ?")
			.params(kind.name(), target)
			.query(Integer.class)
			.single();
	}

	private long rateLimitedEvents() {
		return jdbc.sql("select count(*) from audit_events where type = 'RATE_LIMITED'").query(Long.class).single();
	}

	@Test
	void clavesAreCountedUnderAKeyedHashNeverInTheClear() {
		String clave = "una clave que alguien prueba en muchas cuentas";

		limiter.count(LimitKind.LOGIN_CLAVE, limiter.claveTarget(clave));

		assertThat(limiter.claveTarget(clave)).isEqualTo(limiter.claveTarget(clave)).hasSize(32).doesNotContain("clave");
		assertThat(jdbc.sql("select target from rate_limit_counters where kind = 'LOGIN_CLAVE'").query(String.class).list())
			.contains(limiter.claveTarget(clave))
			.noneMatch(target -> target.contains(clave));
	}

	@Test
	void oldWindowsAreForgotten() {
		String target = UUID.randomUUID().toString();
		limiter.hit(LimitKind.RECOVERY_ACCOUNT, target, null, ORIGIN);
		clock.advance(Duration.ofHours(5));

		limiter.forgetOldWindows();

		assertThat(jdbc.sql("select count(*) from rate_limit_counters where target = ?").param(target)
			.query(Integer.class).single()).isZero();
	}
}
