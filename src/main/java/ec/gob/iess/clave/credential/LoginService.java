package ec.gob.iess.clave.credential;

import java.util.Set;
import java.util.stream.Collectors;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.identity.Persons;
import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.stereotype.Service;

/** Ingresar: the same service behind the web page and {@code POST /api/v1/login}. */
@Service
public class LoginService {

	private final CredentialCheck check;
	private final Persons persons;
	private final Agreements agreements;
	private final AuditLog audit;

	LoginService(CredentialCheck check, Persons persons, Agreements agreements, AuditLog audit) {
		this.check = check;
		this.persons = persons;
		this.agreements = agreements;
		this.audit = audit;
	}

	/**
	 * @throws ec.gob.iess.clave.web.ClaveException INVALID_CEDULA / INVALID_RUC for a malformed number,
	 *         UNAVAILABLE when the node is saturated
	 */
	public LoginOutcome login(String rawUsername, String clave, Origin origin) {
		Username username = Username.parse(rawUsername);
		Origin self = origin.as(username.value());
		if (!(check.check(username, clave, self, AuditType.LOGIN_FAILED) instanceof CredentialCheck.Verified verified)) {
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
