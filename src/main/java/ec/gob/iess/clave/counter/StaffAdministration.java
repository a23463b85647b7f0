package ec.gob.iess.clave.counter;

import java.util.Set;
import java.util.regex.Pattern;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.StaffPasswords;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff accounts: created by an administrator (or the bootstrap settings), each with its own TOTP secret. */
@Service
public class StaffAdministration {

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,64}");

	public record CreatedStaff(String username, String totpSecret) {
	}

	private final StaffUsers staff;
	private final StaffPasswords passwords;
	private final AuditLog audit;

	StaffAdministration(StaffUsers staff, StaffPasswords passwords, AuditLog audit) {
		this.staff = staff;
		this.passwords = passwords;
		this.audit = audit;
	}

	@Transactional
	public CreatedStaff create(String username, String password, Set<StaffRole> roles, String center, String totpSecret,
			Origin origin) {
		// Separation of duties: whoever manages staff accounts does not also act on people's claves.
		boolean mixesAdministration = roles.contains(StaffRole.ADMINISTRADOR) && roles.size() > 1;
		if (username == null || !USERNAME.matcher(username).matches() || roles.isEmpty() || mixesAdministration
				|| center == null || center.isBlank() || center.length() > 100) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
		}
		passwords.requireAcceptable(username, password);
		if (staff.find(username).isPresent()) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
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

	public boolean anyAdministrator() {
		return staff.anyAdministrator();
	}
}
