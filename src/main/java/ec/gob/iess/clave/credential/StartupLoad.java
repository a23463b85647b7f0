package ec.gob.iess.clave.credential;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A value made on a thread of its own while the application goes on starting (decision 163): the breached-clave
 * blocklist (about 100,000 entries to read and normalise) and the hasher's native library with its dummy hash take
 * a few hundred milliseconds that the rest of the start does not need to wait for. {@link #get()} waits for the
 * value; {@link CredentialConfiguration} waits for both before the server takes requests, so a load that fails
 * still stops the start, as it did when it ran on the main thread.
 */
final class StartupLoad<T> implements Supplier<T> {

	private final CompletableFuture<T> value;

	private StartupLoad(CompletableFuture<T> value) {
		this.value = value;
	}

	/** Starts making the value on a new daemon thread with this name. */
	static <T> StartupLoad<T> start(String threadName, Supplier<T> maker) {
		Objects.requireNonNull(maker, "maker");
		return new StartupLoad<>(CompletableFuture.supplyAsync(maker, task -> {
			Thread thread = new Thread(task, threadName);
			thread.setDaemon(true);
			thread.start();
		}));
	}

	/** The value, once made; what making it threw, unwrapped, if it failed. */
	@Override
	public T get() {
		try {
			return value.join();
		}
		catch (CompletionException e) {
			if (e.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (e.getCause() instanceof Error error) {
				throw error;
			}
			throw e;
		}
	}
}
