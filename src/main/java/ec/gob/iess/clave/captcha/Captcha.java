package ec.gob.iess.clave.captcha;

import java.time.Clock;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.stereotype.Service;

/**
 * "No soy un robot" (PRODUCT.md §4.2, §4.4; API.md Captcha): an ALTCHA proof of work that costs a
 * browser a second or two and a bot farm the same for every request. Each solution is accepted once,
 * on any node, before it expires.
 */
@Service
public class Captcha {

	/** What {@code GET /api/v1/captcha} answers; the client finds n with {@code hex(sha256(salt + n)) == challenge}. */
	public record Challenge(String algorithm, String challenge, int maxnumber, String salt, String signature) {
	}

	private final AltchaProofOfWork proofOfWork;
	private final SpentSolutions spent;

	Captcha(CaptchaSettings settings, CaptchaKeys keys, SpentSolutions spent, Clock clock) {
		this.proofOfWork = new AltchaProofOfWork(keys, settings.maxNumber(), settings.ttl(), clock);
		this.spent = spent;
	}

	public Challenge challenge() {
		return proofOfWork.issue();
	}

	/**
	 * Accepts a solution once. Call it before the work it guards; the solution is spent even when that
	 * work is then refused or rolled back.
	 *
	 * @param payload the {@code captcha} field: base64 of {@code {"algorithm","challenge","number","salt","signature"}}
	 * @throws Refusal CAPTCHA_REQUIRED when blank, CAPTCHA_INVALID when malformed, wrong, expired or reused
	 */
	public void verify(String payload) {
		AltchaProofOfWork.Solution solution = proofOfWork.check(payload);
		if (!spent.spend(solution.challenge(), solution.expiresAt())) {
			throw new Refusal(RefusalCode.CAPTCHA_INVALID);
		}
	}
}
