package ec.gob.iess.clave.credential;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds how many Argon2 computations run at once. A login costs essentially one hash, and each hash holds
 * {@code m} of memory (19 MiB by default) and a core for tens of milliseconds, so running more hashes than cores
 * only adds memory and latency; a burst beyond what a short queue absorbs is refused at once with
 * {@link HashingOverloadedException} instead of piling up threads and heap.
 *
 * <p>
 * Usually {@code permits} ≈ number of cores. Callers that find all permits taken wait in arrival order (a fair
 * semaphore) for at most {@code maxWait}; at most {@code maxQueue} callers wait at any time, and any further caller
 * is refused without waiting. Thread-safe.
 *
 * <p>
 * The work itself runs on {@code permits} dedicated threads, never on the caller's. Native Argon2 allocates its
 * {@code m} with {@code malloc}, and glibc gives each thread that allocates its own arena and keeps freed blocks
 * there: hashing on whichever of 200 request threads came along left up to 16 arenas holding 19 MiB each (the
 * benchmark saw the server's RSS pass 1 GiB), and a block handed back to the system costs page faults on the next
 * hash. On a few threads of its own, the memory is the {@code permits × m} that the gate promises, reused warm.
 */
final class HashingGate {

	/** What a refused caller is told to wait. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final int permits;
	private final int maxQueue;
	private final Duration maxWait;
	private final long maxWaitNanos;
	private final Semaphore semaphore;
	/** Callers holding or waiting for a permit. */
	private final AtomicInteger admitted = new AtomicInteger();
	/** Exactly {@code permits} threads; the semaphore ensures no task ever waits in its queue. */
	private final ExecutorService hashers;

	/**
	 * @param permits concurrent hashes (at least 1; about the number of cores)
	 * @param maxQueue callers that may wait for a permit (0 = none wait: refused when all permits are taken)
	 * @param maxWait the longest a caller waits for a permit
	 */
	public HashingGate(int permits, int maxQueue, Duration maxWait) {
		if (permits < 1) {
			throw new IllegalArgumentException("hashing permits must be at least 1, got " + permits);
		}
		if (maxQueue < 0) {
			throw new IllegalArgumentException("hashing queue must be 0 or more, got " + maxQueue);
		}
		Objects.requireNonNull(maxWait, "maxWait");
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException("hashing max wait must not be negative, got " + maxWait);
		}
		this.permits = permits;
		this.maxQueue = maxQueue;
		this.maxWait = maxWait;
		this.maxWaitNanos = maxWait.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos()
				: maxWait.toNanos();
		this.semaphore = new Semaphore(permits, true);
		AtomicInteger threads = new AtomicInteger();
		this.hashers = new ThreadPoolExecutor(permits, permits, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				task -> {
					Thread thread = new Thread(task, "argon2-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	/** About one permit per core, a queue of four per permit, waiting at most two seconds. */
	public static HashingGate forAvailableProcessors() {
		int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
		return new HashingGate(cores, 4 * cores, Duration.ofSeconds(2));
	}

	/**
	 * Runs the work holding a permit, waiting at most {@code maxWait} for one.
	 *
	 * @throws HashingOverloadedException when the queue is full or no permit came in time (the work did not run)
	 */
	public <T> T run(Supplier<T> work) {
		Objects.requireNonNull(work, "work");
		if (admitted.incrementAndGet() > permits + maxQueue) {
			admitted.decrementAndGet();
			throw new HashingOverloadedException("hashing queue full", RETRY_AFTER);
		}
		boolean acquired = false;
		try {
			acquired = semaphore.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (!acquired) {
			admitted.decrementAndGet();
			throw new HashingOverloadedException("no hashing permit within " + maxWait, RETRY_AFTER);
		}
		Future<T> result;
		try {
			result = hashers.submit(() -> {
				try {
					return work.get();
				}
				finally {
					semaphore.release();
					admitted.decrementAndGet();
				}
			});
		}
		catch (RuntimeException e) {
			semaphore.release();
			admitted.decrementAndGet();
			throw e;
		}
		return await(result);
	}

	/**
	 * The work's result or its exception, as if it had run on the caller's thread. An interrupted caller stops
	 * waiting; the hash still finishes and gives its permit back.
	 */
	private static <T> T await(Future<T> result) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return result.get();
				}
				catch (InterruptedException e) {
					interrupted = true;
				}
			}
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (e.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(e.getCause());
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Permits free right now. */
	public int available() {
		return semaphore.availablePermits();
	}

	/** Callers waiting for a permit right now (an estimate, for metrics). */
	int waiting() {
		return semaphore.getQueueLength();
	}

	/** Whether some caller is waiting for a permit right now (for tests and metrics). */
	boolean hasQueuedCallers() {
		return semaphore.hasQueuedThreads();
	}

	public int permits() {
		return permits;
	}

	@Override
	public String toString() {
		return "HashingGate[" + permits + " permits, queue " + maxQueue + ", wait " + maxWait + "]";
	}
}
