package ec.gob.iess.clave.support.fingerprint;

import java.util.SplittableRandom;

/** A smooth random bend: the sum of three plane waves of long wavelength. */
final class Wave {

	private final double[] kx = new double[3];

	private final double[] ky = new double[3];

	private final double[] phase = new double[3];

	private final double amplitude;

	private Wave(double amplitude) {
		this.amplitude = amplitude;
	}

	static Wave random(SplittableRandom random, double amplitude, double minWavelength, double maxWavelength) {
		Wave wave = new Wave(amplitude / 3);
		for (int i = 0; i < 3; i++) {
			double direction = random.nextDouble() * 2 * Math.PI;
			double k = 2 * Math.PI / (minWavelength + random.nextDouble() * (maxWavelength - minWavelength));
			wave.kx[i] = k * StrictMath.cos(direction);
			wave.ky[i] = k * StrictMath.sin(direction);
			wave.phase[i] = random.nextDouble() * 2 * Math.PI;
		}
		return wave;
	}

	double at(double x, double y) {
		double sum = 0;
		for (int i = 0; i < 3; i++) {
			sum += StrictMath.sin(kx[i] * x + ky[i] * y + phase[i]);
		}
		return amplitude * sum;
	}
}
