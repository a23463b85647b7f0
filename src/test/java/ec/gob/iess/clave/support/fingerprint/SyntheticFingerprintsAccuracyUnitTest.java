package ec.gob.iess.clave.support.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.machinezoo.sourceafis.FingerprintImage;
import com.machinezoo.sourceafis.FingerprintImageOptions;
import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;

/**
 * The synthetic fingers are good enough to test fingerprint verification with: SourceAFIS, at the
 * threshold the application uses by default, accepts impressions of the same finger and refuses
 * impressions of different fingers as often as the issue requires. A unit test (no application, no
 * database), so Surefire runs it once per build.
 */
class SyntheticFingerprintsAccuracyUnitTest {

	/** SourceAFIS's own suggestion, and {@code clave.biometric.threshold}'s default. */
	private static final double THRESHOLD = 40;

	/** 1,225 pairs of different fingers. */
	private static final int FINGERS = 50;

	/** 7 impressions give 21 pairs per finger: 1,050 same-finger pairs. */
	private static final int IMPRESSIONS = 7;

	/** Each finger's first impression against these impressions of every other finger. */
	private static final int[] STRANGERS_IMPRESSIONS = { 1, 2 };

	/** Seeds far from the small ones that other tests use, so a cached master here is no help there. */
	private static final long FIRST_SEED = 9_000;

	@Test
	void sourceAfisAcceptsTheSameFingerAndRefusesOthersAtTheDefaultThreshold() {
		long start = System.nanoTime();
		FingerprintTemplate[] templates = IntStream.range(0, FINGERS * IMPRESSIONS)
			.parallel()
			.mapToObj(i -> template(SyntheticFingerprints.finger(FIRST_SEED + i / IMPRESSIONS)
				.impression(i % IMPRESSIONS)))
			.toArray(FingerprintTemplate[]::new);
		long extracted = System.nanoTime();

		double[] sameFinger = new double[FINGERS * IMPRESSIONS * (IMPRESSIONS - 1) / 2];
		double[] otherFinger = new double[FINGERS * (FINGERS - 1) * STRANGERS_IMPRESSIONS.length];
		int same = 0;
		int other = 0;
		for (int finger = 0; finger < FINGERS; finger++) {
			for (int probe = 0; probe < IMPRESSIONS; probe++) {
				FingerprintMatcher matcher = new FingerprintMatcher(templates[finger * IMPRESSIONS + probe]);
				for (int candidate = probe + 1; candidate < IMPRESSIONS; candidate++) {
					sameFinger[same++] = matcher.match(templates[finger * IMPRESSIONS + candidate]);
				}
				if (probe == 0) {
					for (int stranger = 0; stranger < FINGERS; stranger++) {
						for (int impression : STRANGERS_IMPRESSIONS) {
							if (stranger != finger) {
								otherFinger[other++] = matcher.match(templates[stranger * IMPRESSIONS + impression]);
							}
						}
					}
				}
			}
		}
		long matched = System.nanoTime();

		double accepted = share(sameFinger, true);
		double rejected = share(otherFinger, false);
		System.out.printf("Synthetic fingerprints, SourceAFIS at threshold %.0f:%n", THRESHOLD);
		System.out.printf("  same finger:      %5d pairs, %.2f %% accepted; scores %s%n", sameFinger.length,
				100 * accepted, distribution(sameFinger));
		System.out.printf("  different finger: %5d pairs, %.3f %% rejected; scores %s%n", otherFinger.length,
				100 * rejected, distribution(otherFinger));
		System.out.printf("  %d templates extracted in %.1f s, %d pairs matched in %.1f s%n", templates.length,
				(extracted - start) / 1e9, sameFinger.length + otherFinger.length, (matched - extracted) / 1e9);

		assertThat(sameFinger.length).isGreaterThanOrEqualTo(1000);
		assertThat(otherFinger.length).isGreaterThanOrEqualTo(1000);
		assertThat(accepted).as("same-finger pairs accepted").isGreaterThanOrEqualTo(0.95);
		assertThat(rejected).as("different-finger pairs rejected").isGreaterThanOrEqualTo(0.999);
	}

	/** From the gray pixels themselves: the PNG round trip is the application's tests' concern. */
	private static FingerprintTemplate template(BufferedImage image) {
		byte[] gray = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
		return new FingerprintTemplate(new FingerprintImage(image.getWidth(), image.getHeight(), gray,
				new FingerprintImageOptions().dpi(Finger.DPI)));
	}

	private static double share(double[] scores, boolean atOrAboveThreshold) {
		return Arrays.stream(scores).filter(score -> score >= THRESHOLD == atOrAboveThreshold).count()
				/ (double) scores.length;
	}

	private static String distribution(double[] scores) {
		double[] sorted = scores.clone();
		Arrays.sort(sorted);
		StringBuilder text = new StringBuilder();
		for (double quantile : new double[] { 0, 0.001, 0.01, 0.05, 0.5, 0.95, 0.99, 0.999, 1 }) {
			int index = (int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)));
			text.append(String.format("%sp%s=%.1f", text.isEmpty() ? "" : " ",
					quantile == 0 ? "min" : quantile == 1 ? "max" : String.valueOf(quantile * 100), sorted[index]));
		}
		return text.toString();
	}
}
