package ec.gob.iess.clave.credential;

import java.util.Set;
import java.util.stream.Collectors;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.identity.Persons;
import ec.gob.iess.clave.ratelimit.LimitKind;
import ec.gob.iess.clave.ratelimit.RateLimiter;
import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.stereotype.Service;

/** Ingresar: the same service behind the web page and {@code POST /api/v1/login}. */
@Service
public class LoginService {

	private final CredentialCheck check;
	private final Persons persons;
	private final Agreements agreements;
	private final AuditLog audit;
	private final RateLimiter limiter;
	private final Captcha captcha;

	LoginService(CredentialCheck check, Persons persons, Agreements agreements, AuditLog audit, RateLimiter limiter,
			Captcha captcha) {
		this.check = check;
		this.captcha = captcha;
		this.limiter = limiter;
		this.persons = persons;
		this.agreements = agreements;
		this.audit = audit;
	}

	/**
	 * Whether logins from this source must carry a solved captcha: after
	 * {@code clave.rate-limit.login-failure-source.limit} failures from it in the window. It depends on
	 * the source only, so it says nothing about any account.
	 */
	public boolean captchaRequired(Origin origin) {
		// No address means no network source (the demo data at start-up): there is nobody to ask.
		return origin.ip() != null && limiter.exceeded(LimitKind.LOGIN_FAILURE_SOURCE, origin.ip());
	}

	/**
	 * @param captchaSolution the captcha field; needed only when {@link #captchaRequired} (ignored otherwise)
	 * @throws ec.gob.iess.clave.refusal.Refusal INVALID_CEDULA / INVALID_RUC for a malformed number,
	 *         CAPTCHA_REQUIRED / CAPTCHA_INVALID after failures from the source, RATE_LIMITED per source,
	 *         account or clave tried across accounts, UNAVAILABLE when the node is saturated
	 */
	public LoginOutcome login(String rawUsername, String clave, String captchaSolution, Origin origin) {
		limiter.hit(LimitKind.LOGIN_SOURCE, origin.ip(), null, origin);
		Username username = Username.parse(rawUsername);
		Origin self = origin.as(username.value());
		if (captchaRequired(origin)) {
			captcha.verify(captchaSolution);
		}
		// One clave failing on many accounts is credential stuffing: it is refused for a while, whoever tries it.
		limiter.refuseIfExceeded(LimitKind.LOGIN_CLAVE, limiter.claveTarget(clave), null, self);
		limiter.hit(LimitKind.LOGIN_ACCOUNT, username.value(), username.value(), self);
		if (!(check.check(username, clave, self, AuditType.LOGIN_FAILED) instanceof CredentialCheck.Verified verified)) {
			// Failures per source and per clave decide when a source must also solve the captcha.
			limiter.count(LimitKind.LOGIN_FAILURE_SOURCE, origin.ip());
			limiter.count(LimitKind.LOGIN_CLAVE, limiter.claveTarget(clave));
			return new LoginOutcome.Rejected();
		}
		Account account = verified.account();
		check.rehashIfNeeded(account, verified.verifiedHash(), clave);
		boolean temporary = account.status() == CredentialStatus.TEMPORAL;
		audit.record(AuditType.LOGIN_SUCCEEDED, account.username(), Outcome.SUCCESS, self,
				temporary ? "temporary clave" : null);
		Set<String> roles = rolesOf(username);
		if (temporary) {
			return new LoginOutcome.ChangeRequired(ClavePrincipal.person(account.username(), roles, true));
		}
		return new LoginOutcome.Success(ClavePrincipal.person(account.username(), roles, false),
				agreements.pendingFor(account.username()));
	}

	Set<String> rolesOf(Username username) {
		if (username.kind() == AccountKind.EMPLEADOR) {
			return Set.of("EMPLEADOR");
		}
		return persons.find(username.cedula())
			.map(person -> person.roles().stream().map(Enum::name).collect(Collectors.toSet()))
			.orElse(Set.of());
	}
}
