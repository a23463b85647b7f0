package ec.gob.iess.clave.credential;

import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.ratelimit.LimitKind;
import ec.gob.iess.clave.ratelimit.RateLimiter;

import org.springframework.stereotype.Component;

/**
 * The one way a clave typed by someone is checked: Ingresar and Cambio de clave both come here, so
 * neither can be used to guess around the other's protections (issue 7, point 8). In order: the
 * limit per source; the captcha once the source has failed too often; the refusal of a clave that
 * failed on too many accounts; the limit per account; then {@link CredentialCheck} (one hash, the
 * lockout, the owner's device); and a failure counts for the source and for the clave.
 */
@Component
class LoginProtections {

	/** What was typed, and the device cookie or token sent along (null when none). */
	record Attempt(String rawUsername, String clave, String captchaSolution, String deviceCookie) {
	}

	record Checked(Username username, Origin self, CredentialCheck.Result result) {
	}

	private final CredentialCheck check;
	private final RateLimiter limiter;
	private final Captcha captcha;

	LoginProtections(CredentialCheck check, RateLimiter limiter, Captcha captcha) {
		this.check = check;
		this.limiter = limiter;
		this.captcha = captcha;
	}

	/**
	 * Whether a clave check from this source must carry a solved captcha: after
	 * {@code clave.rate-limit.login-failure-source.limit} failures from it in the window. It depends on
	 * the source only, so it says nothing about any account.
	 */
	boolean captchaRequired(Origin origin) {
		// The counter's own calls (the demo data at start-up) have nobody to ask. A web or API request whose
		// forwarded address is no address counts under the one empty source, never as "no source".
		return origin.channel() != Channel.COUNTER && limiter.exceeded(LimitKind.LOGIN_FAILURE_SOURCE, origin.ip());
	}

	/**
	 * @param failureType the audit type of a failure: LOGIN_FAILED, or PASSWORD_CHANGED for Cambio de clave
	 * @throws ec.gob.iess.clave.refusal.Refusal INVALID_CEDULA / INVALID_RUC for a malformed number,
	 *         CAPTCHA_REQUIRED / CAPTCHA_INVALID after failures from the source, RATE_LIMITED per source,
	 *         account or clave tried across accounts, UNAVAILABLE when the node is saturated
	 */
	Checked check(Attempt attempt, Origin origin, AuditType failureType) {
		limiter.hit(LimitKind.LOGIN_SOURCE, origin.ip(), null, origin);
		Username username = Username.parse(attempt.rawUsername());
		Origin self = origin.as(username.value());
		if (captchaRequired(origin)) {
			captcha.verify(attempt.captchaSolution(), origin);
		}
		// One clave failing on many accounts is credential stuffing: it is refused for a while, whoever tries it.
		String claveTarget = limiter.claveTarget(attempt.clave());
		limiter.refuseIfExceeded(LimitKind.LOGIN_CLAVE, claveTarget, null, self);
		limiter.hit(LimitKind.LOGIN_ACCOUNT, username.value(), username.value(), self);
		CredentialCheck.Result result = check.check(username, attempt.clave(), attempt.deviceCookie(), self, failureType);
		if (result instanceof CredentialCheck.Failed) {
			// Failures per source and per clave decide when a source must also solve the captcha.
			limiter.count(LimitKind.LOGIN_FAILURE_SOURCE, origin.ip());
			limiter.count(LimitKind.LOGIN_CLAVE, claveTarget);
		}
		return new Checked(username, self, result);
	}
}
