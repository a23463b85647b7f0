package ec.gob.iess.clave.credential;

import java.util.ArrayList;
import java.util.List;

import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.ratelimit.LimitKind;
import ec.gob.iess.clave.ratelimit.RateLimiter;
import ec.gob.iess.clave.refusal.Refusal;

import org.springframework.stereotype.Component;

/**
 * The one way a clave typed by someone is checked: Ingresar and Cambio de clave both come here, so
 * neither can be used to guess around the other's protections (issue 7, point 8). In order: the
 * limit per source; the captcha once the source has failed too often; the refusal of a clave that
 * failed on too many accounts; the limit per account; then {@link CredentialCheck} (one hash, the
 * lockout, the owner's device); and a failure counts for the source and for the clave. When every limit
 * is clear, as for nearly every attempt, the two hits and the two reads are one transaction
 * ({@link RateLimiter#hitAllIfClear}); otherwise nothing of it counts and the steps above run one by
 * one, so each refusal comes, counts and is audited exactly as before (decision 156).
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
	 * @param successType the audit type of a success, written in the transaction that settles it (LOGIN_SUCCEEDED),
	 *        or null when the caller audits what the success leads to
	 * @throws ec.gob.iess.clave.refusal.Refusal INVALID_CEDULA / INVALID_RUC for a malformed number,
	 *         CAPTCHA_REQUIRED / CAPTCHA_INVALID after failures from the source, RATE_LIMITED per source,
	 *         account or clave tried across accounts, UNAVAILABLE when the node is saturated
	 */
	Checked check(Attempt attempt, Origin origin, AuditType failureType, AuditType successType) {
		String claveTarget = limiter.claveTarget(attempt.clave());
		Username username = clearOfEveryLimit(attempt, origin, claveTarget);
		if (username == null) {
			// Some limit is near or a number is malformed: step by step, each refusal in its place.
			limiter.hit(LimitKind.LOGIN_SOURCE, origin.ip(), null, origin);
			username = Username.parse(attempt.rawUsername());
			if (captchaRequired(origin)) {
				captcha.verify(attempt.captchaSolution(), origin);
			}
			// One clave failing on many accounts is credential stuffing: it is refused for a while, whoever tries it.
			limiter.refuseIfExceeded(LimitKind.LOGIN_CLAVE, claveTarget, null, origin.as(username.value()));
			limiter.hit(LimitKind.LOGIN_ACCOUNT, username.value(), username.value(), origin.as(username.value()));
		}
		Origin self = origin.as(username.value());
		CredentialCheck.Result result = check.check(username, attempt.clave(), attempt.deviceCookie(), self, failureType,
				successType);
		if (result instanceof CredentialCheck.Failed) {
			// Failures per source and per clave decide when a source must also solve the captcha.
			limiter.countAll(List.of(new RateLimiter.Target(LimitKind.LOGIN_FAILURE_SOURCE, origin.ip()),
					new RateLimiter.Target(LimitKind.LOGIN_CLAVE, claveTarget)));
		}
		return new Checked(username, self, result);
	}

	/**
	 * The usual attempt in one transaction (decision 156): the hits per source and per account counted together,
	 * with the captcha's and the clave's counters read alongside. Answers the number when every limit is clear
	 * (both hits then counted), or null having counted nothing, for {@link #check}'s step-by-step way to refuse
	 * exactly as it would have: a malformed number, a source that must solve the captcha, a clave or a target
	 * at its limit.
	 */
	private Username clearOfEveryLimit(Attempt attempt, Origin origin, String claveTarget) {
		Username username;
		try {
			username = Username.parse(attempt.rawUsername());
		}
		catch (Refusal malformed) {
			return null;
		}
		List<RateLimiter.Target> clearOf = new ArrayList<>(2);
		clearOf.add(new RateLimiter.Target(LimitKind.LOGIN_CLAVE, claveTarget));
		if (origin.channel() != Channel.COUNTER) {
			clearOf.add(new RateLimiter.Target(LimitKind.LOGIN_FAILURE_SOURCE, origin.ip()));
		}
		boolean clear = limiter.hitAllIfClear(List.of(new RateLimiter.Target(LimitKind.LOGIN_SOURCE, origin.ip()),
				new RateLimiter.Target(LimitKind.LOGIN_ACCOUNT, username.value())), clearOf);
		return clear ? username : null;
	}
}
