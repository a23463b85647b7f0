package ec.gob.iess.clave.biometric;

import java.time.Clock;
import java.util.Optional;

import com.machinezoo.fingerprintio.TemplateFormat;
import com.machinezoo.sourceafis.FingerprintCompatibility;
import com.machinezoo.sourceafis.FingerprintImageOptions;
import com.machinezoo.sourceafis.FingerprintMatcher;
import com.machinezoo.sourceafis.FingerprintTemplate;

import ec.gob.iess.clave.identity.Cedula;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's fingerprint at the counter: the first one presented is enrolled, every later one must match
 * it. Extraction ({@link #probe}) is the expensive part (a few hundred milliseconds) and runs outside any
 * transaction; the comparison ({@link #check}) is one match against one template, under the caller's lock
 * on the person.
 */
@Service
public class Fingerprints {

	/**
	 * Fewer minutiae than this is not a usable fingerprint (a smudge, a corner of a finger, a drawing):
	 * the twelve points of the classic forensic standard (decision 77).
	 */
	static final int MIN_MINUTIAE = 12;
	static final String FEW_MINUTIAE = "problem.INVALID_REQUEST.fingerprintFewMinutiae";
	/** ISO/IEC 19794-2:2005: the record header (24 bytes), then the first view's position, view, quality and count. */
	private static final int ISO_MINUTIAE_COUNT = 27;

	private final FingerprintTemplates templates;
	private final BiometricSettings settings;
	private final Clock clock;

	Fingerprints(FingerprintTemplates templates, BiometricSettings settings, Clock clock) {
		this.templates = templates;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Extracts the template of a picture.
	 *
	 * @throws ec.gob.iess.clave.refusal.Refusal INVALID_REQUEST with a reason when too few minutiae are found
	 */
	public Probe probe(FingerprintImage image) {
		FingerprintTemplate template = extract(image);
		int minutiae = minutiae(template);
		if (minutiae < MIN_MINUTIAE) {
			throw FingerprintImage.refused(FEW_MINUTIAE);
		}
		return new Probe(template, minutiae);
	}

	/**
	 * Enrols the probe when the person has no finger enrolled, otherwise matches it against the enrolled
	 * one; a mismatch changes nothing. In the caller's transaction, which holds the person's row lock.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public FingerprintCheck check(Cedula cedula, Probe probe) {
		Optional<byte[]> enrolled = templates.find(cedula);
		if (enrolled.isEmpty()) {
			templates.insert(cedula, probe.template().toByteArray(), clock.instant());
			return FingerprintCheck.ENROLLED;
		}
		return score(probe, new FingerprintTemplate(enrolled.get())) >= settings.threshold() ? FingerprintCheck.MATCHED
				: FingerprintCheck.MISMATCHED;
	}

	public boolean enrolled(Cedula cedula) {
		return templates.exists(cedula);
	}

	/** Forgets the enrolled finger, so the next verification enrols again; answers whether there was one. */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean reset(Cedula cedula) {
		return templates.delete(cedula);
	}

	static FingerprintTemplate extract(FingerprintImage image) {
		return new FingerprintTemplate(new com.machinezoo.sourceafis.FingerprintImage(image.width(), image.height(),
				image.pixels(), new FingerprintImageOptions().dpi(image.dpi())));
	}

	static double score(Probe probe, FingerprintTemplate candidate) {
		return new FingerprintMatcher(probe.template()).match(candidate);
	}

	/** The minutiae count, read from the template's ISO/IEC 19794-2 export (SourceAFIS keeps at most 100). */
	static int minutiae(FingerprintTemplate template) {
		byte[] iso = FingerprintCompatibility.exportTemplates(TemplateFormat.ISO_19794_2_2005, template);
		return iso[ISO_MINUTIAE_COUNT] & 0xff;
	}
}
