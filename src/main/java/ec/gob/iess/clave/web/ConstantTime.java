package ec.gob.iess.clave.web;

import java.time.Duration;

/**
 * Pads an answer to a fixed minimum duration, so that the time it takes tells nothing about which
 * case it was (SECURITY.md 12). The floor must exceed the slowest case's own work.
 */
public final class ConstantTime {

	private ConstantTime() {
	}

	/** Sleeps until {@code floor} has passed since {@code startedNanos} (from {@link System#nanoTime()}). */
	public static void padTo(long startedNanos, Duration floor) {
		long remaining = floor.toNanos() - (System.nanoTime() - startedNanos);
		if (remaining <= 0) {
			return;
		}
		try {
			Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
