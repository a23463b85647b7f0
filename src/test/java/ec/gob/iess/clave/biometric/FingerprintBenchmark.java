package ec.gob.iess.clave.biometric;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import com.machinezoo.sourceafis.FingerprintTemplate;

import ec.gob.iess.clave.keys.DataKeys;
import ec.gob.iess.clave.keys.Sealer;
import ec.gob.iess.clave.support.fingerprint.Finger;
import ec.gob.iess.clave.support.fingerprint.SyntheticFingerprints;

import org.springframework.mock.env.MockEnvironment;

/**
 * What one fingerprint verification costs the server (bench/fingerprint.sh, docs/performance.md): the
 * production code of this module on synthetic 500-dpi impressions, in one thread. Not a test: it prints
 * figures and exits 0. It lives in this package, not in {@code bench}, to time the very package-private
 * steps the service runs (decoding and checks, extraction, the sealed template's round trip, one match)
 * without widening the module's face.
 *
 * <p>Arguments: {@code --runs=N} (timed verifications, 300), {@code --warmup=N} (untimed first, 60).
 */
public final class FingerprintBenchmark {

	private FingerprintBenchmark() {
	}

	public static void main(String[] args) {
		int runs = option(args, "runs", 300);
		int warmup = option(args, "warmup", 60);
		int fingers = 20;
		System.out.printf(Locale.ROOT, "fingerprint: drawing %d impressions of %d synthetic fingers%n", runs + warmup, fingers);
		List<Finger> all = new ArrayList<>();
		List<byte[]> enrolledPngs = new ArrayList<>();
		for (int f = 0; f < fingers; f++) {
			all.add(SyntheticFingerprints.finger(9_000 + f));
			enrolledPngs.add(all.get(f).impressionPng(0));
		}
		// verification i presents finger i % fingers, an impression other than the enrolled one
		List<byte[]> pngs = new ArrayList<>();
		for (int i = 0; i < runs + warmup; i++) {
			pngs.add(all.get(i % fingers).impressionPng(1 + i / fingers));
		}
		Fingerprints fingerprints = new Fingerprints(null, new BiometricSettings(null, 40), Clock.systemUTC());
		Sealer sealer = new DataKeys(new MockEnvironment().withProperty("clave.biometric.key",
				Base64.getEncoder().encodeToString(new byte[32]))).sealer("clave.biometric.key", "biometric.key");
		String context = "fingerprint_templates.template:1710034065";
		List<String> sealed = enrolledPngs.stream()
			.map(png -> sealer.sealBytes(fingerprints.probe(FingerprintImage.decode(png, Finger.DPI)).template().toByteArray(),
					context))
			.toList();

		long[] decode = new long[runs];
		long[] extract = new long[runs];
		long[] roundTrip = new long[runs];
		long[] match = new long[runs];
		long[] total = new long[runs];
		int matched = 0;
		int minutiae = 0;
		long pngBytes = 0;
		for (int i = 0; i < runs + warmup; i++) {
			byte[] png = pngs.get(i);
			int finger = i % fingers;
			long t0 = System.nanoTime();
			FingerprintImage image = FingerprintImage.decode(png, Finger.DPI);
			long t1 = System.nanoTime();
			Probe probe = fingerprints.probe(image);
			long t2 = System.nanoTime();
			String resealed = sealer.sealBytes(probe.template().toByteArray(), context);
			FingerprintTemplate enrolled = new FingerprintTemplate(sealer.openBytes(sealed.get(finger), context));
			long t3 = System.nanoTime();
			double score = Fingerprints.score(probe, enrolled);
			long t4 = System.nanoTime();
			if (i >= warmup && resealed.length() > 0) {
				int n = i - warmup;
				decode[n] = t1 - t0;
				extract[n] = t2 - t1;
				roundTrip[n] = t3 - t2;
				match[n] = t4 - t3;
				total[n] = t4 - t0;
				matched += score >= 40 ? 1 : 0;
				minutiae += probe.minutiae();
				pngBytes += png.length;
			}
		}
		System.out.printf(Locale.ROOT, "fingerprint: %d verifications after %d warm-up, 300x400 px PNG at 500 dpi "
				+ "(mean %d KB, %d minutiae), %d matched at 40%n", runs, warmup, pngBytes / runs / 1024, minutiae / runs,
				matched);
		System.out.printf(Locale.ROOT, "%-56s %9s %9s %9s%n", "step (ms)", "median", "p99", "mean");
		print("decode PNG + picture checks", decode);
		print("template extraction (SourceAFIS) + minutiae count", extract);
		print("sealed template round trip (seal + open + deserialize)", roundTrip);
		print("one match", match);
		print("one verification (all of the above)", total);
	}

	private static void print(String step, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		double median = sorted[sorted.length / 2] / 1e6;
		double p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
		double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
		System.out.printf(Locale.ROOT, "%-56s %9.3f %9.3f %9.3f%n", step, median, p99, mean);
	}

	private static int option(String[] args, String name, int fallback) {
		for (String arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				return Integer.parseInt(arg.substring(name.length() + 3));
			}
		}
		return fallback;
	}
}
