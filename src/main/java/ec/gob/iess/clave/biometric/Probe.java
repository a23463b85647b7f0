package ec.gob.iess.clave.biometric;

import com.machinezoo.sourceafis.FingerprintTemplate;

/**
 * The template extracted from one picture, ready to enrol or to match: opaque outside this module, so a
 * template cannot travel anywhere else (an answer, a log, another table).
 */
public final class Probe {

	private final FingerprintTemplate template;
	private final int minutiae;

	Probe(FingerprintTemplate template, int minutiae) {
		this.template = template;
		this.minutiae = minutiae;
	}

	FingerprintTemplate template() {
		return template;
	}

	/** How many minutiae SourceAFIS found (at most 100). */
	public int minutiae() {
		return minutiae;
	}

	@Override
	public String toString() {
		return "Probe[" + minutiae + " minutiae]";
	}
}
