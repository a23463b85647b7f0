package ec.gob.iess.clave.credential;

/** After {@code maxFailures} consecutive failures the account is BLOQUEADA (the seed's rule; default 5). */
record LockoutPolicy(int maxFailures) {

	public LockoutPolicy {
		if (maxFailures < 1) {
			throw new IllegalArgumentException("clave.lockout.max-failures must be at least 1");
		}
	}

	boolean locks(int consecutiveFailures) {
		return consecutiveFailures >= maxFailures;
	}
}
