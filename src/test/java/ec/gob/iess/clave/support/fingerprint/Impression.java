package ec.gob.iess.clave.support.fingerprint;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * Draws a master print as a scanner would see one touch of the finger: turned up to ±20°, shifted,
 * slightly stretched by the skin, only partly in contact, pressed harder (thicker ridges) or softer
 * (thinner ridges), with sensor noise and a few dry or smudged patches. Dark ridges on a light
 * background, 8-bit gray.
 */
final class Impression {

	private static final int W = MasterPrint.WIDTH;

	private static final int H = MasterPrint.HEIGHT;

	private Impression() {
	}

	static BufferedImage master(MasterPrint print) {
		byte[] gray = new byte[W * H];
		for (int i = 0; i < gray.length; i++) {
			double ink = ink(print.ridges[i], 0) * print.area[i];
			gray[i] = (byte) Math.round(255 - 235 * ink);
		}
		return image(gray);
	}

	static BufferedImage render(MasterPrint print, long seed, long n) {
		SplittableRandom random = new SplittableRandom(Seeds.mix(seed, Seeds.mix(n, 0x696d7072657373L)));
		double angle = Math.toRadians((random.nextDouble() * 2 - 1) * 20);
		double shiftX = (random.nextDouble() * 2 - 1) * 20;
		double shiftY = (random.nextDouble() * 2 - 1) * 25;
		double pressure = (random.nextDouble() * 2 - 1) * 0.35;
		Wave stretchX = Wave.random(random, 3.0, 200, 400);
		Wave stretchY = Wave.random(random, 3.0, 200, 400);
		Contact contact = Contact.draw(random, pressure);
		Blotch[] blotches = new Blotch[random.nextInt(5)];
		for (int i = 0; i < blotches.length; i++) {
			blotches[i] = Blotch.draw(random);
		}
		double background = 225 + random.nextDouble() * 25;
		double ridge = 20 + random.nextDouble() * 50;
		double noise = 4 + random.nextDouble() * 10;

		double cos = StrictMath.cos(angle);
		double sin = StrictMath.sin(angle);
		double cx = W / 2.0;
		double cy = H / 2.0;
		byte[] gray = new byte[W * H];
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				double px = x - cx - shiftX;
				double py = y - cy - shiftY;
				double mx = cx + cos * px + sin * py + stretchX.at(x, y);
				double my = cy - sin * px + cos * py + stretchY.at(x, y);
				double area = sample(print.area, mx, my) * contact.at(x, y);
				double ink = 0;
				if (area > 0) {
					double wet = 0;
					for (Blotch blotch : blotches) {
						wet += blotch.at(x, y);
					}
					ink = ink(sample(print.ridges, mx, my), pressure + wet) * area;
				}
				double value = background - (background - ridge) * ink + random.nextGaussian() * noise;
				gray[y * W + x] = (byte) Math.round(MasterPrint.clamp(value, 0, 255));
			}
		}
		return image(gray);
	}

	/**
	 * How much ink a point of the ridge map leaves: a soft threshold. A positive {@code pressure}
	 * lowers the threshold, so more of each ridge's profile touches the glass and ridges thicken.
	 */
	private static double ink(double ridge, double pressure) {
		double t = MasterPrint.clamp((ridge + pressure) * 1.6 + 0.5, 0, 1);
		return t * t * (3 - 2 * t);
	}

	private static double sample(float[] map, double x, double y) {
		if (x < 0 || y < 0 || x > W - 1 || y > H - 1) {
			return 0;
		}
		int x0 = Math.min((int) x, W - 2);
		int y0 = Math.min((int) y, H - 2);
		double fx = x - x0;
		double fy = y - y0;
		int i = y0 * W + x0;
		double top = map[i] + fx * (map[i + 1] - map[i]);
		double bottom = map[i + W] + fx * (map[i + W + 1] - map[i + W]);
		return top + fy * (bottom - top);
	}

	private static BufferedImage image(byte[] gray) {
		BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
		System.arraycopy(gray, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, gray.length);
		return image;
	}

	/**
	 * The part of the finger that touched the glass: an ellipse that grows with pressure, and sometimes
	 * a straight edge that cuts off one side (a finger rolled or placed at the border).
	 */
	private record Contact(double cx, double cy, double a, double b, double nx, double ny, double cut) {

		static Contact draw(SplittableRandom random, double pressure) {
			double size = 0.95 + pressure * 0.25 + random.nextDouble() * 0.1;
			double direction = random.nextDouble() * 2 * Math.PI;
			double cut = random.nextDouble() < 0.5 ? 95 + random.nextDouble() * 60 : 1e9;
			return new Contact(W / 2.0 + (random.nextDouble() - 0.5) * 30, H / 2.0 + (random.nextDouble() - 0.5) * 40,
					W * 0.5 * size, H * 0.55 * size, StrictMath.cos(direction), StrictMath.sin(direction), cut);
		}

		double at(double x, double y) {
			double u = (x - cx) / a;
			double v = (y - cy) / b;
			double ellipse = (1 - Math.sqrt(u * u + v * v)) * Math.min(a, b) / 6;
			double edge = (cut - ((x - W / 2.0) * nx + (y - H / 2.0) * ny)) / 6;
			return MasterPrint.clamp(Math.min(ellipse, edge) + 0.5, 0, 1);
		}
	}

	/** A round patch where the finger was drier (negative: less ink) or wetter (positive: more). */
	private record Blotch(double x, double y, double radius, double strength) {

		static Blotch draw(SplittableRandom random) {
			return new Blotch(random.nextDouble() * W, random.nextDouble() * H, 6 + random.nextDouble() * 16,
					(random.nextDouble() < 0.5 ? -1 : 1) * (0.4 + random.nextDouble() * 0.5));
		}

		double at(double px, double py) {
			double d2 = ((px - x) * (px - x) + (py - y) * (py - y)) / (radius * radius);
			return d2 > 9 ? 0 : strength * StrictMath.exp(-d2);
		}
	}
}
