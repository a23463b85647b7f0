package ec.gob.iess.clave.biometric;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is not a fingerprint picture is refused with a reason, before SourceAFIS sees it. */
class FingerprintImageUnitTest {

	@Test
	void aMissingImageIsRefusedAsMissing() {
		assertRefused(() -> FingerprintImage.fromBase64(null, null), FingerprintImage.MISSING);
		assertRefused(() -> FingerprintImage.fromBase64("  ", 500), FingerprintImage.MISSING);
		assertRefused(() -> FingerprintImage.decode(new byte[0], 500), FingerprintImage.MISSING);
	}

	@Test
	void whatIsNotAPngOrJpegIsRefusedAsNotAnImage() {
		assertRefused(() -> FingerprintImage.fromBase64("no es base64 ***", 500), FingerprintImage.NOT_AN_IMAGE);
		assertRefused(() -> FingerprintImage.fromBase64(base64("%PDF-1.7 not a picture".getBytes()), 500),
				FingerprintImage.NOT_AN_IMAGE);
		assertRefused(() -> FingerprintImage.decode(file(ridges(300, 400), "gif"), 500), FingerprintImage.NOT_AN_IMAGE);
		byte[] png = file(ridges(300, 400), "png");
		byte[] truncated = java.util.Arrays.copyOf(png, png.length / 3);
		assertRefused(() -> FingerprintImage.decode(truncated, 500), FingerprintImage.NOT_AN_IMAGE);
	}

	@Test
	void aBlankOrUniformScanIsRefusedAsBlank() {
		BufferedImage white = new BufferedImage(300, 400, BufferedImage.TYPE_BYTE_GRAY);
		fill(white, new Color(250, 250, 250));
		assertRefused(() -> FingerprintImage.decode(file(white, "png"), 500), FingerprintImage.BLANK);

		BufferedImage faint = new BufferedImage(300, 400, BufferedImage.TYPE_BYTE_GRAY);
		Random random = new Random(7);
		for (int y = 0; y < 400; y++) {
			for (int x = 0; x < 300; x++) {
				int level = 200 + random.nextInt(9);
				faint.setRGB(x, y, new Color(level, level, level).getRGB());
			}
		}
		assertRefused(() -> FingerprintImage.decode(file(faint, "jpeg"), 500), FingerprintImage.BLANK);
	}

	@Test
	void aPictureSmallerThanAThirdOfAnInchIsRefusedAsTooSmall() {
		assertRefused(() -> FingerprintImage.decode(file(ridges(32, 32), "png"), 500), FingerprintImage.TOO_SMALL);
		assertRefused(() -> FingerprintImage.decode(file(ridges(400, 120), "png"), 500), FingerprintImage.TOO_SMALL);
		assertThat(FingerprintImage.decode(file(ridges(150, 150), "png"), 500).width()).isEqualTo(150);
		assertRefused(() -> FingerprintImage.decode(file(ridges(250, 250), "png"), 1000), FingerprintImage.TOO_SMALL);
	}

	@Test
	void aHugePictureIsRefusedFromItsHeaderAndAHugeFileByItsSize() {
		BufferedImage huge = new BufferedImage(2400, 300, BufferedImage.TYPE_BYTE_GRAY);
		fill(huge, Color.WHITE);
		assertRefused(() -> FingerprintImage.decode(file(huge, "png"), 500), FingerprintImage.TOO_LARGE);
		byte[] big = new byte[FingerprintImage.MAX_BYTES + 1];
		System.arraycopy(file(ridges(300, 400), "png"), 0, big, 0, 8);
		assertRefused(() -> FingerprintImage.decode(big, 500), FingerprintImage.TOO_LARGE);
		assertRefused(() -> FingerprintImage.fromBase64(base64(big), 500), FingerprintImage.TOO_LARGE);
	}

	@Test
	void aResolutionOutsideWhatScannersGiveIsRefused() {
		byte[] png = file(ridges(300, 400), "png");
		assertRefused(() -> FingerprintImage.decode(png, 72), FingerprintImage.BAD_DPI);
		assertRefused(() -> FingerprintImage.decode(png, 5000), FingerprintImage.BAD_DPI);
	}

	@Test
	void aPngOrJpegWithRidgesIsReadAsGreyLevelsAtTheGivenResolution() {
		FingerprintImage png = FingerprintImage.fromBase64(base64(file(ridges(300, 400), "png")), null);
		assertThat(png.dpi()).isEqualTo(FingerprintImage.DEFAULT_DPI);
		assertThat(png.width()).isEqualTo(300);
		assertThat(png.height()).isEqualTo(400);
		assertThat(png.pixels()).hasSize(300 * 400);

		FingerprintImage jpeg = FingerprintImage.decode(file(ridges(300, 400), "jpeg"), 600);
		assertThat(jpeg.dpi()).isEqualTo(600);
	}

	/** Concentric dark rings on white: contrast enough to pass the picture's checks (not a fingerprint's). */
	static BufferedImage ridges(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				double r = Math.hypot(x - width / 2.0, y - height / 2.0);
				int level = (int) (128 + 110 * Math.sin(2 * Math.PI * r / 9));
				image.setRGB(x, y, new Color(level, level, level).getRGB());
			}
		}
		return image;
	}

	static byte[] file(BufferedImage image, String format) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			assertThat(ImageIO.write(image, format, out)).as("a writer for " + format).isTrue();
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static void fill(BufferedImage image, Color color) {
		Graphics2D g = image.createGraphics();
		g.setColor(color);
		g.fillRect(0, 0, image.getWidth(), image.getHeight());
		g.dispose();
	}

	private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
		assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class, refusal -> {
			assertThat(refusal.code()).isEqualTo(RefusalCode.INVALID_REQUEST);
			assertThat(refusal.detailKey()).isEqualTo(reason);
		});
	}
}
