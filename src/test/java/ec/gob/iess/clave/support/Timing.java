package ec.gob.iess.clave.support;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares the answer times of two cases that must not be told apart, with a margin taken from the
 * noise of the same run rather than a constant, so that a loaded machine widens the margin instead of
 * failing the test, and a quiet one narrows it. The samples are taken in rounds (one of each case per
 * round, in random order); the statistic is the median of the per-round differences, and its margin
 * is {@link #SIGMAS} bootstrap standard errors of that median plus the spread of the same comparison
 * between two samples of one case (the {@code reference}), which shows what "no difference" looks
 * like on this machine right now.
 */
public final class Timing {

	/** A true difference larger than this many standard errors fails. */
	static final double SIGMAS = 4;

	/** Below this, a difference is beyond what a network could carry (well under a loopback's jitter). */
	static final long FLOOR_NANOS = 20_000;

	private Timing() {
	}

	public static long timed(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return System.nanoTime() - start;
	}

	/**
	 * @param a one case, per round
	 * @param b the other case, per round
	 * @param reference a second sample of {@code b}'s case, per round: the noise of a comparison without
	 *        difference; null when the bootstrap alone must do (each sample is costly)
	 */
	public static Comparison compare(long[] a, long[] b, long[] reference) {
		long[] differences = differences(a, b);
		long[] sameCase = reference == null ? new long[] { 0 } : differences(reference, b);
		double median = median(differences);
		double standardError = bootstrapStandardError(differences);
		double sameCaseMedian = median(sameCase);
		double margin = SIGMAS * standardError + Math.abs(sameCaseMedian) + FLOOR_NANOS;
		return new Comparison(median(a), median(b), median, standardError, sameCaseMedian, margin);
	}

	public record Comparison(double medianA, double medianB, double medianDifference, double standardError,
			double sameCaseDifference, double margin) {

		public void assertIndistinguishable() {
			assertThat(Math.abs(medianDifference)).as("%s", this).isLessThan(margin);
		}

		@Override
		public String toString() {
			return String.format("medians %.1f µs vs %.1f µs; median per-round difference %.1f µs (bootstrap SE %.1f µs);"
					+ " same case vs itself %.1f µs; margin %.1f µs", medianA / 1e3, medianB / 1e3, medianDifference / 1e3,
					standardError / 1e3, sameCaseDifference / 1e3, margin / 1e3);
		}
	}

	private static long[] differences(long[] a, long[] b) {
		long[] differences = new long[a.length];
		for (int i = 0; i < a.length; i++) {
			differences[i] = a[i] - b[i];
		}
		return differences;
	}

	static double median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
	}

	/** The standard deviation of the median over 1000 resamples with replacement (fixed seed: repeatable). */
	static double bootstrapStandardError(long[] values) {
		Random random = new Random(42);
		int resamples = 1000;
		double[] medians = new double[resamples];
		long[] resample = new long[values.length];
		for (int r = 0; r < resamples; r++) {
			for (int i = 0; i < values.length; i++) {
				resample[i] = values[random.nextInt(values.length)];
			}
			medians[r] = median(resample);
		}
		double mean = Arrays.stream(medians).average().orElse(0);
		return Math.sqrt(Arrays.stream(medians).map(m -> (m - mean) * (m - mean)).sum() / (resamples - 1));
	}
}
