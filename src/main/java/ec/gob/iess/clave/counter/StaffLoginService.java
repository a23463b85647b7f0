package ec.gob.iess.clave.counter;

import java.time.Instant;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.StaffPasswords;
import ec.gob.iess.clave.ratelimit.LimitKind;
import ec.gob.iess.clave.ratelimit.RateLimiter;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.ClavePrincipal;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staff log in with password and TOTP. Every failure looks the same and costs one hash. Failures are
 * counted per source and username ({@link LimitKind#STAFF_LOGIN_FAILURE}), whether or not the username
 * exists: past the limit that source is refused for that username (429 with Retry-After, audited),
 * while the agent at the counter, on another source, keeps working — a guessed {@code admin} is no
 * lever to lock staff out. A TOTP code works once: the last accepted time step is stored.
 */
@Service
class StaffLoginService {

	/** The detail of a reused code: wait for the next one. */
	static final String TOTP_REUSED = "problem.INVALID_CREDENTIALS.totpReused";

	private final StaffUsers staff;
	private final StaffPasswords passwords;
	private final StaffSettings settings;
	private final RateLimiter limiter;
	private final AuditLog audit;
	private final TransactionTemplate transactions;
	private final Clock clock;

	StaffLoginService(StaffUsers staff, StaffPasswords passwords, StaffSettings settings, RateLimiter limiter, AuditLog audit,
			TransactionTemplate transactions, Clock clock) {
		this.staff = staff;
		this.passwords = passwords;
		this.settings = settings;
		this.limiter = limiter;
		this.audit = audit;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** How a login through the /centro pages ends. */
	sealed interface PageLogin {

		record SignedIn(ClavePrincipal principal) implements PageLogin {
		}

		/** The right password of someone whose TOTP secret is not enrolled yet: the page shows its QR code next. */
		record EnrolmentRequired(String username) implements PageLogin {
		}

		/** A wrong username, password or code: one answer for all. */
		record Refused() implements PageLogin {
		}
	}

	/** What the enrolment page shows: the secret as a QR code of {@code uri} and as text. */
	record Enrolment(String username, String secret, String uri) {
	}

	/**
	 * The staff principal, or empty for any wrong username, password or code. A code from a secret that
	 * is not enrolled yet is accepted (it proves the secret is held) and enrols it (decision 82).
	 *
	 * @throws Refusal RATE_LIMITED when this source failed too often for this username; INVALID_CREDENTIALS
	 *         with its own detail for the right password with a genuine code already used (decision 61)
	 */
	Optional<ClavePrincipal> login(String username, String password, String totp, Origin origin) {
		return attempt(username, password, totp, origin, false) instanceof PageLogin.SignedIn signedIn
				? Optional.of(signedIn.principal())
				: Optional.empty();
	}

	/**
	 * The same login for the /centro pages, with one more way out: the right password of someone whose
	 * secret is not enrolled (and no valid code) leads to the enrolment page instead of a refusal, when
	 * TOTP is required.
	 */
	PageLogin pageLogin(String username, String password, String totp, Origin origin) {
		return attempt(username, password, totp, origin, true);
	}

	/** The secret to enrol, while it is not enrolled; empty once a code from it was accepted. */
	Optional<Enrolment> enrolment(String username) {
		return staff.find(username).filter(user -> !user.totpConfirmed() && !user.disabled())
			.map(user -> new Enrolment(user.username(), user.totpSecret(), Totp.uri(user.username(), user.totpSecret())));
	}

	/**
	 * Enrols the secret with a current code of it and signs in: the code is spent like any login's, and a
	 * wrong one counts as a failed login of this source and username.
	 */
	Optional<ClavePrincipal> confirmEnrolment(String username, String totp, Origin origin) {
		String name = username == null ? "" : username;
		Origin attempt = new Origin(name.isEmpty() ? Origin.ANONYMOUS : name, Channel.COUNTER, origin.ip());
		String target = failureTarget(origin.ip(), name);
		limiter.refuseIfExceeded(LimitKind.STAFF_LOGIN_FAILURE, target, null, attempt);
		ClavePrincipal principal = transactions.execute(status -> {
			StaffUser user = staff.lock(name).filter(found -> !found.totpConfirmed() && !found.disabled()).orElse(null);
			if (user == null) {
				return null;
			}
			OptionalLong step = Totp.matchingStep(user.totpSecret(), totp, clock.instant());
			if (step.isEmpty() || step.getAsLong() <= user.totpLastStep()) {
				return null;
			}
			staff.recordSuccess(name, step.getAsLong());
			staff.confirmTotp(name);
			Origin staffOrigin = Origin.staff(name, user.center(), Channel.COUNTER, origin.ip());
			audit.record(AuditType.STAFF_TOTP_ENROLLED, null, Outcome.SUCCESS, staffOrigin, null);
			audit.record(AuditType.STAFF_LOGIN_SUCCEEDED, null, Outcome.SUCCESS, staffOrigin, null);
			return principal(user);
		});
		if (principal != null) {
			return Optional.of(principal);
		}
		fail(target, attempt, "wrong TOTP code at enrolment");
		return Optional.empty();
	}

	private PageLogin attempt(String username, String password, String totp, Origin origin, boolean enrolmentOffered) {
		String typed = username == null ? "" : username.strip();
		String name = typed.length() > 64 ? typed.substring(0, 64) : typed;
		Origin attempt = new Origin(name.isEmpty() ? Origin.ANONYMOUS : name, Channel.COUNTER, origin.ip());
		String target = failureTarget(origin.ip(), name);
		limiter.refuseIfExceeded(LimitKind.STAFF_LOGIN_FAILURE, target, null, attempt);

		Optional<StaffUser> found = typed.length() > 64 ? Optional.empty() : staff.find(name);
		// A known user's failure names their centre beside them, as a success does; a name nobody has stays alone.
		Origin failedAttempt = found.map(user -> Origin.staff(name, user.center(), Channel.COUNTER, origin.ip()))
			.orElse(attempt);
		boolean passwordMatches = passwords.verify(password, found.map(StaffUser::passwordHash).orElse(null));
		Result result = transactions.execute(status -> {
			Optional<StaffUser> locked = staff.lock(name);
			if (locked.isEmpty()) {
				return Result.failed("unknown staff user");
			}
			StaffUser user = locked.get();
			Instant now = clock.instant();
			OptionalLong step = settings.totpRequired() || totp != null
					? Totp.matchingStep(user.totpSecret(), totp, now)
					: OptionalLong.of(user.totpLastStep());
			boolean totpFresh = step.isPresent() && (step.getAsLong() > user.totpLastStep()
					|| (!settings.totpRequired() && totp == null));
			if (!passwordMatches) {
				return Result.failed("wrong password");
			}
			// The same answer as a wrong password: a disabled account is not told apart from outside.
			if (user.disabled()) {
				return Result.failed("disabled staff user");
			}
			if (!totpFresh) {
				if (enrolmentOffered && settings.totpRequired() && !user.totpConfirmed()) {
					audit.record(AuditType.STAFF_TOTP_ENROLMENT_STARTED, null, Outcome.SUCCESS,
							Origin.staff(name, user.center(), Channel.COUNTER, origin.ip()), null);
					return new Result(new PageLogin.EnrolmentRequired(name), null, false);
				}
				// Told apart only after the password matched: a genuine code of this user's, already spent.
				return step.isPresent() ? Result.reused() : Result.failed("wrong TOTP code");
			}
			staff.recordSuccess(name, step.getAsLong());
			if (totp != null) {
				staff.confirmTotp(name);
			}
			audit.record(AuditType.STAFF_LOGIN_SUCCEEDED, null, Outcome.SUCCESS,
					Origin.staff(name, user.center(), Channel.COUNTER, origin.ip()), null);
			return new Result(new PageLogin.SignedIn(principal(user)), null, false);
		});
		if (result.outcome() != null) {
			return result.outcome();
		}
		fail(target, failedAttempt, result.failure());
		if (result.totpReused()) {
			throw Refusal.withDetail(RefusalCode.INVALID_CREDENTIALS, TOTP_REUSED);
		}
		return new PageLogin.Refused();
	}

	private static ClavePrincipal principal(StaffUser user) {
		return ClavePrincipal.staff(user.username(), user.roles().stream().map(Enum::name).collect(Collectors.toSet()),
				user.center());
	}

	/** Counts the failure for this source and username and audits it, naming when the source is now refused. */
	private void fail(String target, Origin attempt, String why) {
		limiter.count(LimitKind.STAFF_LOGIN_FAILURE, target);
		boolean lockedOut = limiter.exceeded(LimitKind.STAFF_LOGIN_FAILURE, target);
		String detail = lockedOut ? why + "; this source is now refused for this username" : why;
		transactions.executeWithoutResult(status -> audit.record(AuditType.STAFF_LOGIN_FAILED, null, Outcome.FAILURE,
				attempt, detail));
	}

	/** Source and username together: a source that fails is refused for that username only. */
	static String failureTarget(String ip, String name) {
		return String.valueOf(ip) + "|" + name.toLowerCase(Locale.ROOT);
	}

	private record Result(PageLogin outcome, String failure, boolean totpReused) {

		static Result failed(String why) {
			return new Result(null, why, false);
		}

		static Result reused() {
			return new Result(null, "reused TOTP code", true);
		}
	}
}
