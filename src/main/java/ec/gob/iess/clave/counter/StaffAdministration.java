package ec.gob.iess.clave.counter;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.StaffPasswords;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.SessionTermination;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff accounts: created by an administrator (or the bootstrap settings), each with its own TOTP secret. */
@Service
public class StaffAdministration {

	/**
	 * With at least one letter: a username of digits alone could be a person's cédula or RUC, and sessions
	 * are indexed by principal name, so ending a person's sessions would end that member of staff's too.
	 */
	private static final Pattern USERNAME = Pattern.compile("(?=.*[a-z])[a-z0-9._-]{3,64}");

	/** Why a new staff user is refused (the {@code detail} of 400 INVALID_REQUEST; the page names the field). */
	static final String USERNAME_INVALID = "centro.staff.username.invalid";
	static final String USERNAME_TAKEN = "centro.staff.username.taken";
	static final String ROLES_INVALID = "centro.staff.roles.invalid";
	static final String CENTER_INVALID = "centro.staff.center.invalid";
	/** An administrator does not disable their own account (nobody would be left to undo it). */
	static final String NOT_YOURSELF = "centro.staff.self";

	public record CreatedStaff(String username, String totpSecret) {
	}

	/** What the administrator's list shows of a member of staff: never the secret or the password's hash. */
	record StaffSummary(String username, Set<StaffRole> roles, String center, boolean disabled, boolean totpEnrolled,
			Instant lastLoginAt) {
	}

	private final StaffUsers staff;
	private final StaffPasswords passwords;
	private final AuditLog audit;
	private final SessionTermination sessions;

	StaffAdministration(StaffUsers staff, StaffPasswords passwords, AuditLog audit, SessionTermination sessions) {
		this.staff = staff;
		this.passwords = passwords;
		this.audit = audit;
		this.sessions = sessions;
	}

	@Transactional
	public CreatedStaff create(String username, String password, Set<StaffRole> roles, String center, String totpSecret,
			Origin origin) {
		// Separation of duties: whoever manages staff accounts does not also act on people's claves.
		boolean mixesAdministration = roles.contains(StaffRole.ADMINISTRADOR) && roles.size() > 1;
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, USERNAME_INVALID);
		}
		if (roles.isEmpty() || mixesAdministration) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, ROLES_INVALID);
		}
		if (center == null || center.isBlank() || center.length() > 100) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, CENTER_INVALID);
		}
		passwords.requireAcceptable(username, password);
		if (staff.find(username).isPresent()) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, USERNAME_TAKEN);
		}
		String secret = totpSecret != null ? totpSecret : Totp.newSecret();
		staff.insert(username, passwords.hash(password), roles, center.strip(), secret);
		audit.record(AuditType.STAFF_USER_CREATED, null, Outcome.SUCCESS, origin, username + " " + roles + " " + center);
		return new CreatedStaff(username, secret);
	}

	/**
	 * Counts a secret as enrolled without a code from it: for staff whose secret is already known to be
	 * in their app (the demo staff's published secrets); everyone else enrols at the first login to /centro.
	 */
	@Transactional
	public void markTotpEnrolled(String username) {
		staff.confirmTotp(username);
	}

	/** Every member of staff, by username. */
	List<StaffSummary> list() {
		return staff.all();
	}

	/**
	 * Disables the account or enables it again, audited. A disabled member of staff cannot log in by page or
	 * API, and their open sessions and tokens end now. Nothing happens (and nothing is audited) when the
	 * account already was so.
	 *
	 * @throws Refusal NOT_FOUND for an unknown username; INVALID_REQUEST ({@link #NOT_YOURSELF}) when the
	 *         administrator would disable their own account
	 */
	@Transactional
	void setDisabled(String username, boolean disabled, Origin origin) {
		if (!staff.lockExisting(username)) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		if (disabled && username.equals(origin.agent())) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, NOT_YOURSELF);
		}
		if (!staff.setDisabled(username, disabled)) {
			return;
		}
		audit.record(disabled ? AuditType.STAFF_USER_DISABLED : AuditType.STAFF_USER_ENABLED, null, Outcome.SUCCESS,
				origin, username);
		if (disabled) {
			sessions.endAll(username);
		}
	}

	/**
	 * Replaces the TOTP secret by a new one that is not enrolled, audited: at the next login /centro shows the
	 * new QR code (a lost or replaced phone). The old secret stops working at once, and so do the open
	 * sessions and tokens of the account.
	 *
	 * @throws Refusal NOT_FOUND for an unknown username
	 */
	@Transactional
	void resetTotp(String username, Origin origin) {
		if (!staff.lockExisting(username)) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		staff.replaceTotp(username, Totp.newSecret());
		audit.record(AuditType.STAFF_TOTP_RESET, null, Outcome.SUCCESS, origin, username);
		sessions.endAll(username);
	}

	public boolean anyAdministrator() {
		return staff.anyAdministrator();
	}
}
