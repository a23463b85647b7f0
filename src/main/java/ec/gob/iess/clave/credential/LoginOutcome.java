package ec.gob.iess.clave.credential;

import ec.gob.iess.clave.session.ClavePrincipal;

/** How a login ends; callers switch over it (web and API answer each in their own way). */
public sealed interface LoginOutcome {

	/**
	 * In, with full access. {@code agreementPending}: a newer acuerdo de uso must be accepted first.
	 * {@code deviceCookie}: the device cookie (web) or {@code deviceToken} (API) to hand back, so that
	 * this browser or app is the owner's trusted device from now on.
	 */
	record Success(ClavePrincipal principal, boolean agreementPending, String deviceCookie) implements LoginOutcome {
	}

	/**
	 * In, but a TEMPORAL clave: only Cambio de clave is reachable until it is changed. {@code login} is
	 * what lets the web session that typed the clave change it soon without typing it again
	 * ({@link PasswordChangeService#changeTemporary}); the API does not use it.
	 */
	record ChangeRequired(ClavePrincipal principal, PasswordChangeService.TemporaryLogin login) implements LoginOutcome {
	}

	/** Out, for whatever reason: callers must not be able to tell which. */
	record Rejected() implements LoginOutcome {
	}
}
