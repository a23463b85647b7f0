package ec.gob.iess.clave.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HashingGateUnitTest {

	private final ExecutorService pool = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() throws InterruptedException {
		pool.shutdownNow();
		assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void neverRunsMoreThanItsPermitsAtOnce() throws Exception {
		HashingGate gate = new HashingGate(2, 100, Duration.ofSeconds(10));
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		List<Future<Integer>> results = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			int n = i;
			results.add(pool.submit(() -> gate.run(() -> {
				mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
				sleep(10);
				running.decrementAndGet();
				return n;
			})));
		}
		for (int i = 0; i < results.size(); i++) {
			assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
		}
		assertThat(mostAtOnce.get()).isBetween(1, 2);
		assertThat(gate.available()).isEqualTo(2);
	}

	@Test
	void theWorkRunsOnItsPermitsDedicatedThreadsNotTheCallers() throws Exception {
		HashingGate gate = new HashingGate(2, 100, Duration.ofSeconds(10));
		List<Future<String>> threads = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			threads.add(pool.submit(() -> {
				String caller = Thread.currentThread().getName();
				String worker = gate.run(() -> Thread.currentThread().getName());
				assertThat(worker).isNotEqualTo(caller);
				return worker;
			}));
		}
		java.util.Set<String> workers = new java.util.HashSet<>();
		for (Future<String> thread : threads) {
			workers.add(thread.get(10, TimeUnit.SECONDS));
		}
		assertThat(workers).isNotEmpty().hasSizeLessThanOrEqualTo(2).allMatch(name -> name.startsWith("argon2-"));
	}

	@Test
	void anExceptionOfTheWorkReachesTheCallerAndFreesThePermit() {
		HashingGate gate = new HashingGate(1, 0, Duration.ZERO);
		assertThatThrownBy(() -> gate.run(() -> {
			throw new IllegalArgumentException("bad PHC");
		})).isInstanceOf(IllegalArgumentException.class).hasMessage("bad PHC");
		assertThat(gate.available()).isEqualTo(1);
		assertThat(gate.run(() -> "next")).isEqualTo("next");
	}

	@Test
	void refusesAtOnceWhenTheQueueIsFull() throws Exception {
		HashingGate gate = new HashingGate(1, 1, Duration.ofSeconds(10));
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> holder = pool.submit(() -> gate.run(() -> {
			holding.countDown();
			await(release);
			return "first";
		}));
		assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
		Future<String> queued = pool.submit(() -> gate.run(() -> "second"));
		awaitQueued(gate, queued);

		long start = System.nanoTime();
		assertThatThrownBy(() -> gate.run(() -> "third")).isInstanceOfSatisfying(HashingOverloadedException.class,
				e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

		release.countDown();
		assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("second");
	}

	@Test
	void refusesACallerThatWaitedTooLong() throws Exception {
		HashingGate gate = new HashingGate(1, 5, Duration.ofMillis(50));
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		pool.submit(() -> gate.run(() -> {
			holding.countDown();
			await(release);
			return null;
		}));
		assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		assertThatThrownBy(() -> gate.run(() -> "late")).isInstanceOf(HashingOverloadedException.class)
			.extracting(e -> ((HashingOverloadedException) e).retryAfter())
			.isEqualTo(Duration.ofSeconds(1));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(45));
		release.countDown();
	}

	@Test
	void givesThePermitBackWhenTheWorkFails() {
		HashingGate gate = new HashingGate(3, 0, Duration.ZERO);
		assertThatThrownBy(() -> gate.run(() -> {
			throw new IllegalStateException("argon2 failed");
		})).isInstanceOf(IllegalStateException.class).hasMessage("argon2 failed");
		assertThat(gate.available()).isEqualTo(3);
		assertThat(gate.run(() -> "next")).isEqualTo("next");
	}

	@Test
	void refusesANonsensicalConfiguration() {
		assertThatThrownBy(() -> new HashingGate(0, 1, Duration.ofSeconds(1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new HashingGate(1, -1, Duration.ofSeconds(1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new HashingGate(1, 1, Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	/** Waits until the future's task is parked on the gate (it cannot finish while the permit is held). */
	private static void awaitQueued(HashingGate gate, Future<?> queued) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!gate.hasQueuedCallers() && System.nanoTime() < deadline) {
			Thread.sleep(1);
		}
		assertThat(gate.hasQueuedCallers()).isTrue();
		assertThat(queued).isNotDone();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
