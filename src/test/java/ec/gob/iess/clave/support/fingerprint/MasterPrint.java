package ec.gob.iess.clave.support.fingerprint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ideal print of one finger, as numbers: a ridge map (positive on a ridge, negative in a valley,
 * about -1..1) and the finger's area (1 on the finger, 0 outside, a soft edge between).
 *
 * <p>Made as SFinGe-like generators describe it: an orientation field from the Sherlock–Monro
 * zero-pole model (cores and deltas placed from the seed, plus a smooth random bend), a ridge period
 * of about 9 pixels that varies slowly, and ridges grown from random noise by a few passes of a Gabor
 * filter tuned, at each pixel, to the local orientation and period.
 */
final class MasterPrint {

	static final int WIDTH = 300;
	static final int HEIGHT = 400;

	private static final int CACHED = 32;

	private static final Map<Long, MasterPrint> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, MasterPrint> eldest) {
			return size() > CACHED;
		}
	};

	final float[] ridges;

	final float[] area;

	private MasterPrint(float[] ridges, float[] area) {
		this.ridges = ridges;
		this.area = area;
	}

	static MasterPrint of(long seed) {
		synchronized (CACHE) {
			MasterPrint cached = CACHE.get(seed);
			if (cached != null) {
				return cached;
			}
		}
		MasterPrint made = make(seed);
		synchronized (CACHE) {
			CACHE.putIfAbsent(seed, made);
		}
		return made;
	}

	static MasterPrint make(long seed) {
		SplittableRandom random = new SplittableRandom(Seeds.mix(seed, 0x6d61737465724cL));
		float[] orientation = Orientation.field(random, WIDTH, HEIGHT);
		float[] period = period(random);
		float[] ridges = GaborGrowth.grow(random, orientation, period, WIDTH, HEIGHT);
		return new MasterPrint(ridges, area(random));
	}

	/** A ridge period near 9 pixels (0.46 mm at 500 dpi) that drifts by up to about a pixel. */
	private static float[] period(SplittableRandom random) {
		double base = 8.2 + random.nextDouble() * 1.8;
		Wave drift = Wave.random(random, 0.5, 160, 320);
		double slope = (random.nextDouble() - 0.5) * 1.0;
		float[] period = new float[WIDTH * HEIGHT];
		for (int y = 0; y < HEIGHT; y++) {
			for (int x = 0; x < WIDTH; x++) {
				period[y * WIDTH + x] = (float) (base + drift.at(x, y) + slope * (y - HEIGHT / 2.0) / HEIGHT);
			}
		}
		return period;
	}

	/** The fingertip: a slightly squared ellipse whose lower end (the finger's crease) leaves the image. */
	private static float[] area(SplittableRandom random) {
		double cx = WIDTH / 2.0 + (random.nextDouble() - 0.5) * 12;
		double cy = HEIGHT * 0.54 + (random.nextDouble() - 0.5) * 12;
		double a = WIDTH * (0.42 + random.nextDouble() * 0.05);
		double b = HEIGHT * (0.50 + random.nextDouble() * 0.05);
		float[] area = new float[WIDTH * HEIGHT];
		for (int y = 0; y < HEIGHT; y++) {
			for (int x = 0; x < WIDTH; x++) {
				double u = Math.abs((x - cx) / a);
				double v = Math.abs((y - cy) / b);
				double r = StrictMath.pow(StrictMath.pow(u, 2.4) + StrictMath.pow(v, 2.4), 1 / 2.4);
				// about 4 pixels of soft edge
				area[y * WIDTH + x] = (float) clamp((1 - r) * Math.min(a, b) / 4 + 0.5, 0, 1);
			}
		}
		return area;
	}

	static double clamp(double value, double min, double max) {
		return value < min ? min : value > max ? max : value;
	}
}
