package ec.gob.iess.clave.credential;

import java.time.Instant;

/**
 * An account's clave and its state. Every change goes through one of the guarded transitions below,
 * which answer whether anything changed; {@link Accounts} stores the result.
 */
final class Account {

	private final String username;
	private final AccountKind kind;
	private CredentialStatus status;
	private String passwordHash;
	private Instant temporaryExpiresAt;
	private int failedAttempts;
	private Instant lockedAt;
	private String suspendedReason;
	private Instant passwordChangedAt;

	Account(String username, AccountKind kind, CredentialStatus status, String passwordHash, Instant temporaryExpiresAt,
			int failedAttempts, Instant lockedAt, String suspendedReason, Instant passwordChangedAt) {
		this.username = username;
		this.kind = kind;
		this.status = status;
		this.passwordHash = passwordHash;
		this.temporaryExpiresAt = temporaryExpiresAt;
		this.failedAttempts = failedAttempts;
		this.lockedAt = lockedAt;
		this.suspendedReason = suspendedReason;
		this.passwordChangedAt = passwordChangedAt;
	}

	static Account withoutClave(String username, AccountKind kind) {
		return new Account(username, kind, CredentialStatus.SIN_CLAVE, null, null, 0, null, null, null);
	}

	/** Counts a wrong clave; answers true when this failure locks the account. */
	boolean recordFailure(LockoutPolicy policy, Instant now) {
		if (!status.allowsLogin()) {
			return false;
		}
		failedAttempts++;
		if (policy.locks(failedAttempts)) {
			status = CredentialStatus.BLOQUEADA;
			lockedAt = now;
			return true;
		}
		return false;
	}

	/** Locks at once, whatever the count (a trusted device's own failures reached the limit); true when it locked now. */
	boolean lock(Instant now) {
		if (!status.allowsLogin()) {
			return false;
		}
		status = CredentialStatus.BLOQUEADA;
		lockedAt = now;
		return true;
	}

	/**
	 * BLOQUEADA by failures over an ACTIVA clave: what the owner's trusted device may still log into
	 * (a lock by guessing, not a suspension, an expired temporary clave or no clave at all).
	 */
	boolean lockedWithActiveClave() {
		return status == CredentialStatus.BLOQUEADA && settledStatus() == CredentialStatus.ACTIVA;
	}

	void recordSuccess() {
		failedAttempts = 0;
	}

	boolean temporaryExpired(Instant now) {
		return status == CredentialStatus.TEMPORAL && temporaryExpiresAt != null && !now.isBefore(temporaryExpiresAt);
	}

	/** A clave chosen by its owner (Cambio de clave, or later a recovery link): ACTIVA, failures and lock cleared. */
	void setClave(String hash, Instant now) {
		if (status == CredentialStatus.SUSPENDIDA) {
			throw new IllegalStateException("a suspended account gets no new clave");
		}
		passwordHash = hash;
		status = CredentialStatus.ACTIVA;
		temporaryExpiresAt = null;
		failedAttempts = 0;
		lockedAt = null;
		passwordChangedAt = now;
	}

	/** A temporary clave issued at a counter, to be changed at first login. */
	void issueTemporary(String hash, Instant expiresAt) {
		if (status == CredentialStatus.SUSPENDIDA) {
			throw new IllegalStateException("a suspended account must be reactivated first");
		}
		passwordHash = hash;
		status = CredentialStatus.TEMPORAL;
		temporaryExpiresAt = expiresAt;
		failedAttempts = 0;
		lockedAt = null;
	}

	boolean unlock() {
		if (status != CredentialStatus.BLOQUEADA) {
			return false;
		}
		status = settledStatus();
		failedAttempts = 0;
		lockedAt = null;
		return true;
	}

	boolean suspend(String reason) {
		if (status == CredentialStatus.SUSPENDIDA) {
			return false;
		}
		status = CredentialStatus.SUSPENDIDA;
		suspendedReason = reason;
		return true;
	}

	boolean reactivate() {
		if (status != CredentialStatus.SUSPENDIDA) {
			return false;
		}
		status = settledStatus();
		suspendedReason = null;
		failedAttempts = 0;
		lockedAt = null;
		return true;
	}

	void rehash(String hash) {
		passwordHash = hash;
	}

	/** The state the clave itself implies, once no lock or suspension holds it. */
	private CredentialStatus settledStatus() {
		if (passwordHash == null) {
			return CredentialStatus.SIN_CLAVE;
		}
		return temporaryExpiresAt != null ? CredentialStatus.TEMPORAL : CredentialStatus.ACTIVA;
	}

	/** What other modules may read: a copy, so no one outside this package can move the state. */
	CredentialView view() {
		return new CredentialView(new Username(username, kind), status, failedAttempts, temporaryExpiresAt);
	}

	public String username() {
		return username;
	}

	public AccountKind kind() {
		return kind;
	}

	public CredentialStatus status() {
		return status;
	}

	String passwordHash() {
		return passwordHash;
	}

	public Instant temporaryExpiresAt() {
		return temporaryExpiresAt;
	}

	public int failedAttempts() {
		return failedAttempts;
	}

	public Instant lockedAt() {
		return lockedAt;
	}

	public String suspendedReason() {
		return suspendedReason;
	}

	public Instant passwordChangedAt() {
		return passwordChangedAt;
	}
}
