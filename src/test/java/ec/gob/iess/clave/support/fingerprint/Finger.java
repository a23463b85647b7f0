package ec.gob.iess.clave.support.fingerprint;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * One synthetic finger: its ideal print ({@link #master()}) and any number of impressions, each as a
 * scanner would give it (turned, shifted, partial, pressed harder or softer, noisy). The same seed and
 * impression number always give the same pixels.
 */
public final class Finger {

	/** The resolution the images are drawn at: a ridge period of about 9 pixels. */
	public static final int DPI = 500;

	private final long seed;

	Finger(long seed) {
		this.seed = seed;
	}

	public long seed() {
		return seed;
	}

	/** The ideal print: the whole finger, centred, upright, without noise. */
	public BufferedImage master() {
		return Impression.master(MasterPrint.of(seed));
	}

	/** Impression {@code n} of this finger. */
	public BufferedImage impression(long n) {
		return Impression.render(MasterPrint.of(seed), seed, n);
	}

	/** {@link #impression(long)} as the PNG a scanner would upload. */
	public byte[] impressionPng(long n) {
		return png(impression(n));
	}

	static byte[] png(BufferedImage image) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
		try {
			ImageIO.write(image, "png", out);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Finger finger && finger.seed == seed;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(seed);
	}

	@Override
	public String toString() {
		return "Finger[" + seed + "]";
	}
}
