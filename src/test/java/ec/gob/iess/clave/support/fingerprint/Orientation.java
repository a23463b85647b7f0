package ec.gob.iess.clave.support.fingerprint;

import java.util.SplittableRandom;

/**
 * The ridge orientation at each pixel (radians, 0 = horizontal, modulo π), from the Sherlock–Monro
 * zero-pole model: θ(z) = ½ (Σ arg(z − core) − Σ arg(z − delta)) (a core turns the ridges by half a turn around it, a delta by minus half), plus a smooth random bend so that no
 * two fingers of the same class share a field. Arches have no singular point and get a field of
 * humped ridges instead.
 */
final class Orientation {

	private Orientation() {
	}

	static float[] field(SplittableRandom random, int width, int height) {
		Pattern pattern = Pattern.draw(random, width, height);
		// up to about 45°: without it, fingers of one class differ too little to be told apart
		Wave bend = Wave.random(random, 0.8, 120, 320);
		float[] field = new float[width * height];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				field[y * width + x] = (float) (pattern.at(x, y) + bend.at(x, y));
			}
		}
		return field;
	}

	private record Pattern(double[][] cores, double[][] deltas, double archX, double archWidth, double archY,
			double archHeight) {

		static Pattern draw(SplittableRandom random, int w, int h) {
			double cx = w / 2.0 + jitter(random, 0.10 * w);
			double cy = h * 0.44 + jitter(random, 0.06 * h);
			double kind = random.nextDouble();
			if (kind < 0.64) {
				double side = kind < 0.32 ? 1 : -1;
				double[] core = { cx + side * 0.04 * w, cy };
				double[] delta = { core[0] - side * w * (0.20 + random.nextDouble() * 0.22),
						cy + h * (0.15 + random.nextDouble() * 0.20) };
				return singular(new double[][] { core }, new double[][] { delta });
			}
			if (kind < 0.90) {
				double turn = random.nextDouble() * Math.PI;
				double apart = 8 + random.nextDouble() * 14;
				double[][] cores = { { cx + apart * StrictMath.cos(turn), cy + apart * StrictMath.sin(turn) },
						{ cx - apart * StrictMath.cos(turn), cy - apart * StrictMath.sin(turn) } };
				double[][] deltas = {
						{ cx - w * (0.28 + random.nextDouble() * 0.08), cy + h * (0.22 + random.nextDouble() * 0.08) },
						{ cx + w * (0.28 + random.nextDouble() * 0.08), cy + h * (0.22 + random.nextDouble() * 0.08) } };
				return singular(cores, deltas);
			}
			if (kind < 0.95) {
				double[] core = { cx, cy };
				double[] delta = { cx + jitter(random, 6), cy + h * (0.12 + random.nextDouble() * 0.06) };
				return singular(new double[][] { core }, new double[][] { delta });
			}
			return new Pattern(new double[0][], new double[0][], cx, w * (0.18 + random.nextDouble() * 0.06),
					h * (0.50 + jitter(random, 0.05)), 18 + random.nextDouble() * 16);
		}

		private static Pattern singular(double[][] cores, double[][] deltas) {
			return new Pattern(cores, deltas, 0, 0, 0, 0);
		}

		double at(double x, double y) {
			if (cores.length == 0) {
				return arch(x, y);
			}
			double angle = 0;
			for (double[] core : cores) {
				angle += StrictMath.atan2(y - core[1], x - core[0]);
			}
			for (double[] delta : deltas) {
				angle -= StrictMath.atan2(y - delta[1], x - delta[0]);
			}
			return angle / 2;
		}

		/** Ridges y = y0 − A(y0)·exp(−(x−archX)²/2s²): the tangent's angle, with A largest mid-finger. */
		private double arch(double x, double y) {
			double u = (x - archX) / archWidth;
			double rise = archHeight * StrictMath.exp(-square((y - archY) / (archY * 0.55)));
			return StrictMath.atan(rise * u / archWidth * StrictMath.exp(-u * u / 2));
		}
	}

	private static double jitter(SplittableRandom random, double size) {
		return (random.nextDouble() - 0.5) * 2 * size;
	}

	private static double square(double v) {
		return v * v;
	}
}
