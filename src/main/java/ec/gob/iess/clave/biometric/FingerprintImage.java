package ec.gob.iess.clave.biometric;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

/**
 * The picture a fingerprint scanner gives (PNG or JPEG, dark ridges on a light ground), decoded to grey
 * levels; kept in memory only while its template is extracted, never stored. Whatever cannot be a
 * fingerprint picture is refused here, before SourceAFIS works on it, with a reason the agent can act on
 * (decision 77): not PNG or JPEG, more than {@link #MAX_BYTES}, a resolution outside
 * {@value #MIN_DPI}–{@value #MAX_DPI} dpi, smaller than {@value #MIN_INCHES} in or larger than
 * {@value #MAX_PIXELS} pixels a side (read from the header, before decoding: a small file can declare a
 * huge picture), or almost one grey (a blank scan). Too few minutiae is {@link Fingerprints#probe}'s check.
 */
public final class FingerprintImage {

	public static final int DEFAULT_DPI = 500;
	/** A 500-dpi scan is 100–300 KB; 1 MiB in base64 still fits the API's 2 MiB body. */
	public static final int MAX_BYTES = 1024 * 1024;
	static final int MIN_DPI = 300;
	static final int MAX_DPI = 1000;
	/** A fingertip is about 0.6 × 0.8 in; below 0.3 in a side there is too little of it to tell. */
	static final double MIN_INCHES = 0.3;
	static final int MAX_PIXELS = 2000;
	/** Standard deviation of the grey levels (0–255) below which the picture is one grey: a blank scan. */
	static final double MIN_CONTRAST = 10;

	static final String MISSING = "problem.INVALID_REQUEST.fingerprintMissing";
	static final String NOT_AN_IMAGE = "problem.INVALID_REQUEST.fingerprintNotAnImage";
	static final String TOO_LARGE = "problem.INVALID_REQUEST.fingerprintTooLarge";
	static final String BAD_DPI = "problem.INVALID_REQUEST.fingerprintDpi";
	static final String TOO_SMALL = "problem.INVALID_REQUEST.fingerprintTooSmall";
	static final String BLANK = "problem.INVALID_REQUEST.fingerprintBlank";

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	private static final byte[] JPEG = { (byte) 0xff, (byte) 0xd8, (byte) 0xff };

	private final int width;
	private final int height;
	private final byte[] pixels;
	private final int dpi;

	private FingerprintImage(int width, int height, byte[] pixels, int dpi) {
		this.width = width;
		this.height = height;
		this.pixels = pixels;
		this.dpi = dpi;
	}

	/** The image as the API receives it: base64 of the PNG or JPEG file; {@code dpi} null means {@value #DEFAULT_DPI}. */
	public static FingerprintImage fromBase64(String base64, Integer dpi) {
		if (base64 == null || base64.isBlank()) {
			throw refused(MISSING);
		}
		if (base64.length() > (MAX_BYTES + 2) / 3 * 4 + 4) {
			throw refused(TOO_LARGE);
		}
		byte[] file;
		try {
			file = Base64.getMimeDecoder().decode(base64.strip());
		}
		catch (IllegalArgumentException e) {
			throw refused(NOT_AN_IMAGE);
		}
		return decode(file, dpi);
	}

	/** The image as a form uploads it: the PNG or JPEG file; {@code dpi} null means {@value #DEFAULT_DPI}. */
	public static FingerprintImage decode(byte[] file, Integer dpi) {
		int resolution = dpi == null ? DEFAULT_DPI : dpi;
		if (file == null || file.length == 0) {
			throw refused(MISSING);
		}
		if (file.length > MAX_BYTES) {
			throw refused(TOO_LARGE);
		}
		if (resolution < MIN_DPI || resolution > MAX_DPI) {
			throw refused(BAD_DPI);
		}
		String format = startsWith(file, PNG) ? "png" : startsWith(file, JPEG) ? "jpeg" : null;
		if (format == null) {
			throw refused(NOT_AN_IMAGE);
		}
		BufferedImage image = read(file, format, (int) Math.ceil(MIN_INCHES * resolution));
		int width = image.getWidth();
		int height = image.getHeight();
		byte[] grey = new byte[width * height];
		long sum = 0;
		long squares = 0;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int level = grey(image.getRGB(x, y));
				grey[y * width + x] = (byte) level;
				sum += level;
				squares += (long) level * level;
			}
		}
		double n = (double) width * height;
		double mean = sum / n;
		if (Math.sqrt(Math.max(0, squares / n - mean * mean)) < MIN_CONTRAST) {
			throw refused(BLANK);
		}
		return new FingerprintImage(width, height, grey, resolution);
	}

	private static BufferedImage read(byte[] file, String format, int minSide) {
		Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
		if (!readers.hasNext()) {
			throw refused(NOT_AN_IMAGE);
		}
		ImageReader reader = readers.next();
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
			reader.setInput(in, true, true);
			int width = reader.getWidth(0);
			int height = reader.getHeight(0);
			if (width > MAX_PIXELS || height > MAX_PIXELS) {
				throw refused(TOO_LARGE);
			}
			if (width < minSide || height < minSide) {
				throw refused(TOO_SMALL);
			}
			return reader.read(0);
		}
		catch (Refusal e) {
			throw e;
		}
		catch (IOException | RuntimeException e) {
			// ImageIO answers a damaged file with IOException or with one of several runtime exceptions
			throw refused(NOT_AN_IMAGE);
		}
		finally {
			reader.dispose();
		}
	}

	/** Luminance, over a white ground where the picture is transparent. */
	private static int grey(int argb) {
		int alpha = argb >>> 24;
		double luminance = 0.299 * (argb >> 16 & 0xff) + 0.587 * (argb >> 8 & 0xff) + 0.114 * (argb & 0xff);
		return (int) Math.round((luminance * alpha + 255.0 * (255 - alpha)) / 255);
	}

	private static boolean startsWith(byte[] file, byte[] magic) {
		if (file.length < magic.length) {
			return false;
		}
		for (int i = 0; i < magic.length; i++) {
			if (file[i] != magic[i]) {
				return false;
			}
		}
		return true;
	}

	static Refusal refused(String reason) {
		return Refusal.withDetail(RefusalCode.INVALID_REQUEST, reason);
	}

	int width() {
		return width;
	}

	int height() {
		return height;
	}

	byte[] pixels() {
		return pixels;
	}

	int dpi() {
		return dpi;
	}
}
