package ec.gob.iess.clave.credential;

import ec.gob.iess.clave.session.ClavePrincipal;

/** How a login ends; callers switch over it (web and API answer each in their own way). */
public sealed interface LoginOutcome {

	/** In, with full access. {@code agreementPending}: a newer acuerdo de uso must be accepted first. */
	record Success(ClavePrincipal principal, boolean agreementPending) implements LoginOutcome {
	}

	/** In, but a TEMPORAL clave: only Cambio de clave is reachable until it is changed. */
	record ChangeRequired(ClavePrincipal principal) implements LoginOutcome {
	}

	/** Out, for whatever reason: callers must not be able to tell which. */
	record Rejected() implements LoginOutcome {
	}
}
