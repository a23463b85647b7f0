package ec.gob.iess.clave.support.fingerprint;

import java.util.SplittableRandom;

/**
 * Ridges grown from random specks: each pass filters the image at every pixel with a Gabor kernel turned to
 * the local orientation and tuned to the local period, then saturates it. After a few passes only
 * ridges of the right direction and spacing remain; where the field forbids a smooth continuation
 * they end or fork, which are the minutiae. The kernels are precomputed for 24 angles and 8 periods.
 */
final class GaborGrowth {

	private static final int RADIUS = 6;

	private static final int SIZE = 2 * RADIUS + 1;

	private static final int ANGLES = 24;

	private static final double MIN_PERIOD = 7.0;

	private static final double PERIOD_STEP = 0.5;

	private static final int PERIODS = 8;

	private static final int PASSES = 9;

	/** Gaussian envelope: longer along the ridge than across it, so ridges stay continuous. */
	private static final double SIGMA_ALONG = 4.0;

	private static final double SIGMA_ACROSS = 3.0;

	/**
	 * Ridges start from sparse random specks (one pixel in 670), not from dense noise: they then grow
	 * long before they meet, and a print has some 50 minutiae, as a real one has, instead of a maze.
	 */
	private static final double SPECKS = 0.0015;

	private static final float[][] KERNELS = kernels();

	private GaborGrowth() {
	}

	static float[] grow(SplittableRandom random, float[] orientation, float[] period, int width, int height) {
		int[] kernelAt = new int[width * height];
		for (int i = 0; i < kernelAt.length; i++) {
			kernelAt[i] = kernelIndex(orientation[i], period[i]);
		}
		int stride = width + 2 * RADIUS;
		float[] current = new float[stride * (height + 2 * RADIUS)];
		float[] next = new float[current.length];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				if (random.nextDouble() < SPECKS) {
					current[(y + RADIUS) * stride + x + RADIUS] = random.nextDouble() < 0.5 ? -1f : 1f;
				}
			}
		}
		for (int pass = 0; pass < PASSES; pass++) {
			filter(current, next, kernelAt, width, height);
			saturate(next, width, height, pass == PASSES - 1 ? 1.0 : 2.0);
			float[] swap = current;
			current = next;
			next = swap;
		}
		float[] ridges = new float[width * height];
		for (int y = 0; y < height; y++) {
			System.arraycopy(current, (y + RADIUS) * stride + RADIUS, ridges, y * width, width);
		}
		return ridges;
	}

	private static void filter(float[] in, float[] out, int[] kernelAt, int width, int height) {
		int stride = width + 2 * RADIUS;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				float[] kernel = KERNELS[kernelAt[y * width + x]];
				float sum = 0;
				int k = 0;
				for (int dy = 0; dy < SIZE; dy++) {
					int row = (y + dy) * stride + x;
					for (int dx = 0; dx < SIZE; dx++) {
						sum += kernel[k++] * in[row + dx];
					}
				}
				out[(y + RADIUS) * stride + x + RADIUS] = sum;
			}
		}
	}

	/** Scales to unit root mean square, multiplies by {@code gain} and clips to -1..1. */
	private static void saturate(float[] image, int width, int height, double gain) {
		int stride = width + 2 * RADIUS;
		double squares = 0;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				float v = image[(y + RADIUS) * stride + x + RADIUS];
				squares += v * v;
			}
		}
		float scale = (float) (gain / Math.sqrt(squares / (width * height) + 1e-12));
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int i = (y + RADIUS) * stride + x + RADIUS;
				image[i] = Math.max(-1f, Math.min(1f, image[i] * scale));
			}
		}
	}

	private static int kernelIndex(double orientation, double period) {
		double turns = orientation / Math.PI;
		int angle = (int) Math.floorMod(Math.round((turns - Math.floor(turns)) * ANGLES), ANGLES);
		int step = (int) MasterPrint.clamp(Math.round((period - MIN_PERIOD) / PERIOD_STEP), 0, PERIODS - 1);
		return angle * PERIODS + step;
	}

	/** Even-symmetric Gabor kernels with zero mean, so flat areas give nothing and ridges grow. */
	private static float[][] kernels() {
		float[][] kernels = new float[ANGLES * PERIODS][];
		for (int a = 0; a < ANGLES; a++) {
			double theta = a * Math.PI / ANGLES;
			double cos = StrictMath.cos(theta);
			double sin = StrictMath.sin(theta);
			for (int p = 0; p < PERIODS; p++) {
				double period = MIN_PERIOD + p * PERIOD_STEP;
				double[] envelope = new double[SIZE * SIZE];
				double[] wave = new double[SIZE * SIZE];
				double envelopeSum = 0;
				double waveSum = 0;
				for (int dy = -RADIUS; dy <= RADIUS; dy++) {
					for (int dx = -RADIUS; dx <= RADIUS; dx++) {
						double along = dx * cos + dy * sin;
						double across = -dx * sin + dy * cos;
						int k = (dy + RADIUS) * SIZE + dx + RADIUS;
						envelope[k] = StrictMath.exp(-along * along / (2 * SIGMA_ALONG * SIGMA_ALONG)
								- across * across / (2 * SIGMA_ACROSS * SIGMA_ACROSS));
						wave[k] = envelope[k] * StrictMath.cos(2 * Math.PI * across / period);
						envelopeSum += envelope[k];
						waveSum += wave[k];
					}
				}
				float[] kernel = new float[SIZE * SIZE];
				double mean = waveSum / envelopeSum;
				for (int k = 0; k < kernel.length; k++) {
					kernel[k] = (float) (wave[k] - mean * envelope[k]);
				}
				kernels[a * PERIODS + p] = kernel;
			}
		}
		return kernels;
	}
}
