package ec.gob.iess.clave.support.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class SyntheticFingerprintsUnitTest {

	@Test
	void theSameFingerAndImpressionGiveTheSamePngBytes() {
		byte[] first = SyntheticFingerprints.finger(7).impressionPng(3);
		// made again from nothing, not from the cache
		byte[] again = Finger.png(Impression.render(MasterPrint.make(7), 7, 3));

		assertThat(again).isEqualTo(first);
	}

	@Test
	void differentImpressionsAndDifferentFingersDiffer() {
		Finger finger = SyntheticFingerprints.finger(7);

		assertThat(finger.impressionPng(4)).isNotEqualTo(finger.impressionPng(3));
		assertThat(pixels(SyntheticFingerprints.finger(8).master())).isNotEqualTo(pixels(finger.master()));
	}

	@Test
	void impressionsAreGrayPrintsOfAFingertipAt500Dpi() {
		BufferedImage impression = SyntheticFingerprints.finger(7).impression(0);

		assertThat(impression.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
		assertThat(impression.getWidth()).isEqualTo(300);
		assertThat(impression.getHeight()).isEqualTo(400);
		byte[] gray = pixels(impression);
		long dark = 0;
		for (byte value : gray) {
			dark += (value & 0xff) < 128 ? 1 : 0;
		}
		// ridges cover about half of the finger, and the finger most of the image
		assertThat(dark / (double) gray.length).isBetween(0.15, 0.55);
	}

	/** Samples to look at: the master and three impressions of two fingers, in target/fingerprints. */
	@Test
	void writesSamplesToLookAt() throws IOException {
		Path folder = Files.createDirectories(Path.of("target", "fingerprints"));
		for (long seed = 1; seed <= 2; seed++) {
			Finger finger = SyntheticFingerprints.finger(seed);
			ImageIO.write(finger.master(), "png", folder.resolve("finger-" + seed + "-master.png").toFile());
			for (long n = 0; n < 3; n++) {
				Files.write(folder.resolve("finger-" + seed + "-impression-" + n + ".png"), finger.impressionPng(n));
			}
		}
		assertThat(folder.resolve("finger-2-impression-2.png")).isNotEmptyFile();
	}

	private static byte[] pixels(BufferedImage image) {
		return ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
	}
}
