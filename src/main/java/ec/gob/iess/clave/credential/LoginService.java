package ec.gob.iess.clave.credential;

import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.CredentialMetrics.LoginResult;
import ec.gob.iess.clave.device.Devices;
import ec.gob.iess.clave.identity.Persons;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.stereotype.Service;

/** Ingresar: the same service behind the web page and {@code POST /api/v1/login}. */
@Service
public class LoginService {

	private final LoginProtections protections;
	private final CredentialCheck check;
	private final Devices devices;
	private final Persons persons;
	private final Agreements agreements;
	private final AuditLog audit;
	private final Clock clock;
	private final CredentialMetrics metrics;
	private final Accounts accounts;

	LoginService(LoginProtections protections, CredentialCheck check, Devices devices, Persons persons,
			Agreements agreements, AuditLog audit, Clock clock, CredentialMetrics metrics, Accounts accounts) {
		this.metrics = metrics;
		this.accounts = accounts;
		this.protections = protections;
		this.check = check;
		this.devices = devices;
		this.persons = persons;
		this.agreements = agreements;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Whether logins (and Cambio de clave) from this source must carry a solved captcha. It depends on
	 * the source only, so it says nothing about any account.
	 */
	public boolean captchaRequired(Origin origin) {
		return protections.captchaRequired(origin);
	}

	/** A login without a device cookie (the demo data at start-up). */
	public LoginOutcome login(String rawUsername, String clave, String captchaSolution, Origin origin) {
		return login(rawUsername, clave, captchaSolution, null, origin);
	}

	/**
	 * @param captchaSolution the captcha field; needed only when {@link #captchaRequired} (ignored otherwise)
	 * @param deviceCookie the device cookie (web) or {@code deviceToken} (API) sent along, or null
	 * @throws ec.gob.iess.clave.refusal.Refusal INVALID_CEDULA / INVALID_RUC for a malformed number,
	 *         CAPTCHA_REQUIRED / CAPTCHA_INVALID after failures from the source, RATE_LIMITED per source,
	 *         account or clave tried across accounts, UNAVAILABLE when the node is saturated
	 */
	public LoginOutcome login(String rawUsername, String clave, String captchaSolution, String deviceCookie,
			Origin origin) {
		LoginOutcome outcome;
		try {
			outcome = judge(rawUsername, clave, captchaSolution, deviceCookie, origin);
		}
		catch (Refusal refusal) {
			metrics.login(refusal.code() == RefusalCode.UNAVAILABLE ? LoginResult.UNAVAILABLE : LoginResult.REFUSED);
			throw refusal;
		}
		metrics.login(outcome instanceof LoginOutcome.Success ? LoginResult.SUCCESS
				: outcome instanceof LoginOutcome.ChangeRequired ? LoginResult.TEMPORARY : LoginResult.FAILURE);
		return outcome;
	}

	private LoginOutcome judge(String rawUsername, String clave, String captchaSolution, String deviceCookie,
			Origin origin) {
		LoginProtections.Checked checked = protections.check(
				new LoginProtections.Attempt(rawUsername, clave, captchaSolution, deviceCookie), origin,
				AuditType.LOGIN_FAILED, AuditType.LOGIN_SUCCEEDED);
		if (!(checked.result() instanceof CredentialCheck.Verified verified)) {
			return new LoginOutcome.Rejected();
		}
		// LOGIN_SUCCEEDED is already recorded, in the transaction that settled the check.
		Account account = verified.account();
		check.rehashIfNeeded(account, verified.verifiedHash(), clave);
		boolean temporary = account.status() == CredentialStatus.TEMPORAL;
		Set<String> roles = rolesOf(checked.username());
		if (temporary) {
			return new LoginOutcome.ChangeRequired(ClavePrincipal.person(account.username(), roles, true),
					new PasswordChangeService.TemporaryLogin(account.username(), clock.instant(), verified.verifiedHash()));
		}
		return new LoginOutcome.Success(ClavePrincipal.person(account.username(), roles, false),
				agreements.pendingFor(account.username()), devices.trust(account.username(), deviceCookie));
	}

	/**
	 * A login with a passkey whose signature was verified for {@code username} (the owner module's
	 * passkeys): the account's state decides. ACTIVA logs in, and so does BLOQUEADA over an active clave — a
	 * lock protects the clave from guessing, and a passkey cannot be guessed (PRODUCT.md §4.7b) — without
	 * unlocking the clave or clearing its failures. SUSPENDIDA never; TEMPORAL, SIN_CLAVE or a lock over a
	 * temporary clave neither (decision 142). The outcome is audited: {@code LOGIN_SUCCEEDED} or
	 * {@code LOGIN_FAILED} with the detail "passkey", so Mi seguridad tells it from a clave.
	 *
	 * @return {@link LoginOutcome.Success} (no device cookie: a passkey is no clave to count failures of) or
	 *         {@link LoginOutcome.Rejected}
	 */
	public LoginOutcome passkeyLogin(String username, Origin origin) {
		Account account = accounts.find(username).orElse(null);
		Origin self = origin.as(username);
		if (account == null || !(account.status() == CredentialStatus.ACTIVA || account.lockedWithActiveClave())) {
			audit.record(AuditType.LOGIN_FAILED, username, Outcome.FAILURE, self,
					PASSKEY + ": account " + (account == null ? "unknown" : account.status().name()));
			metrics.login(LoginResult.FAILURE);
			return new LoginOutcome.Rejected();
		}
		audit.record(AuditType.LOGIN_SUCCEEDED, username, Outcome.SUCCESS, self,
				account.status() == CredentialStatus.BLOQUEADA ? PASSKEY + ", clave locked" : PASSKEY);
		metrics.login(LoginResult.SUCCESS);
		return new LoginOutcome.Success(ClavePrincipal.person(username, rolesOf(Username.parse(username)), false),
				agreements.pendingFor(username), null);
	}

	/** The audit detail of everything a passkey did at a login; Mi seguridad reads it. */
	public static final String PASSKEY = "passkey";

	/**
	 * The clave typed again by a signed-in owner (Actualizar datos): checked exactly as a login, with
	 * its protections, and a wrong one counts toward the lockout; the failure is audited as
	 * {@code failureType}.
	 *
	 * @return whether it is the account's clave (an account that cannot log in now answers false)
	 * @throws ec.gob.iess.clave.refusal.Refusal as {@link #login}
	 */
	public boolean confirmClave(String username, String clave, String captchaSolution, String deviceCookie,
			Origin origin, AuditType failureType) {
		LoginProtections.Checked checked = protections.check(
				new LoginProtections.Attempt(username, clave, captchaSolution, deviceCookie), origin, failureType, null);
		return checked.result() instanceof CredentialCheck.Verified;
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
