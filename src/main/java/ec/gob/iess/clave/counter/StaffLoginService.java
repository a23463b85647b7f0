package ec.gob.iess.clave.counter;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.CredentialSettings;
import ec.gob.iess.clave.credential.Hashing;
import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staff log in with password and TOTP. Like people, every failure looks the same and costs one hash;
 * after {@code clave.lockout.max-failures} failures the staff account rests for {@code clave.staff.lockout}
 * (a timed lock: there may be nobody left to unlock the last administrator). A TOTP code works once.
 */
@Service
class StaffLoginService {

	private final StaffUsers staff;
	private final Hashing hashing;
	private final StaffSettings settings;
	private final CredentialSettings credentialSettings;
	private final AuditLog audit;
	private final TransactionTemplate transactions;
	private final Clock clock;

	StaffLoginService(StaffUsers staff, Hashing hashing, StaffSettings settings, CredentialSettings credentialSettings,
			AuditLog audit, TransactionTemplate transactions, Clock clock) {
		this.staff = staff;
		this.hashing = hashing;
		this.settings = settings;
		this.credentialSettings = credentialSettings;
		this.audit = audit;
		this.transactions = transactions;
		this.clock = clock;
	}

	Optional<ClavePrincipal> login(String username, String password, String totp, Origin origin) {
		String typed = username == null ? "" : username.strip();
		String name = typed.length() > 64 ? typed.substring(0, 64) : typed;
		Optional<StaffUser> found = typed.length() > 64 ? Optional.empty() : staff.find(name);
		boolean passwordMatches = hashing.verify(password, found.map(StaffUser::passwordHash).orElse(null));
		Origin counter = new Origin(name, Channel.COUNTER, origin.ip());
		return transactions.execute(status -> {
			Optional<StaffUser> locked = staff.lock(name);
			Instant now = clock.instant();
			if (locked.isEmpty()) {
				return failed(name, counter, "unknown staff user");
			}
			StaffUser user = locked.get();
			if (user.lockedAt(now)) {
				return failed(name, counter, "locked until " + user.lockedUntil());
			}
			OptionalLong step = settings.totpRequired() || totp != null
					? Totp.matchingStep(user.totpSecret(), totp, now)
					: OptionalLong.of(user.totpLastStep());
			boolean totpFresh = step.isPresent() && (step.getAsLong() > user.totpLastStep()
					|| (!settings.totpRequired() && totp == null));
			if (!passwordMatches || !totpFresh) {
				int failures = user.failedAttempts() + 1;
				Instant until = failures >= credentialSettings.lockout().maxFailures() ? now.plus(settings.lockout()) : null;
				staff.recordFailure(name, until != null ? 0 : failures, until);
				return failed(name, counter, !passwordMatches ? "wrong password" : "wrong or reused TOTP code");
			}
			staff.recordSuccess(name, step.getAsLong());
			audit.record(AuditType.STAFF_LOGIN_SUCCEEDED, null, Outcome.SUCCESS, Origin.staff(name, user.center(), Channel.COUNTER, origin.ip()), null);
			return Optional.of(ClavePrincipal.staff(name,
					user.roles().stream().map(Enum::name).collect(Collectors.toSet()), user.center()));
		});
	}

	private Optional<ClavePrincipal> failed(String name, Origin origin, String detail) {
		audit.record(AuditType.STAFF_LOGIN_FAILED, null, Outcome.FAILURE, origin.as(name.isEmpty() ? Origin.ANONYMOUS : name),
				detail);
		return Optional.empty();
	}
}
