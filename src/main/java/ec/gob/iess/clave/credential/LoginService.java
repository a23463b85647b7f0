package ec.gob.iess.clave.credential;

import java.util.Set;
import java.util.stream.Collectors;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
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

	LoginService(CredentialCheck check, Persons persons, Agreements agreements, AuditLog audit, RateLimiter limiter) {
		this.check = check;
		this.limiter = limiter;
		this.persons = persons;
		this.agreements = agreements;
		this.audit = audit;
	}

	/**
	 * @throws ec.gob.iess.clave.web.ClaveException INVALID_CEDULA / INVALID_RUC for a malformed number,
	 *         UNAVAILABLE when the node is saturated
	 */
	public LoginOutcome login(String rawUsername, String clave, Origin origin) {
		limiter.hit(LimitKind.LOGIN_SOURCE, origin.ip(), null, origin);
		Username username = Username.parse(rawUsername);
		Origin self = origin.as(username.value());
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
