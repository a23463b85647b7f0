package ec.gob.iess.clave.biometric;

import org.junit.jupiter.api.Test;

import ec.gob.iess.clave.refusal.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FingerprintsUnitTest {

	private final Fingerprints fingerprints = new Fingerprints(null, new BiometricSettings(null, 40), null);

	@Test
	void ringsWithoutRidgeEndingsAreRefusedForTooFewMinutiae() {
		FingerprintImage rings = FingerprintImage.decode(
				FingerprintImageUnitTest.file(FingerprintImageUnitTest.ridges(300, 400), "png"), 500);

		assertThat(Fingerprints.minutiae(Fingerprints.extract(rings))).isLessThan(Fingerprints.MIN_MINUTIAE);
		assertThatThrownBy(() -> fingerprints.probe(rings)).isInstanceOfSatisfying(Refusal.class,
				refusal -> assertThat(refusal.detailKey()).isEqualTo(Fingerprints.FEW_MINUTIAE));
	}
}
