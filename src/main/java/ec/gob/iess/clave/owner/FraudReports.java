package ec.gob.iess.clave.owner;

import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.credential.AccountKind;
import ec.gob.iess.clave.credential.CredentialAdministration;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.identity.ContactChanges;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.token.OneTimeLinks;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "No fui yo" (PRODUCT.md §4.7a, SECURITY.md 27): the account is frozen through the suspension's own path
 * ({@link CredentialAdministration#reportFraud}: {@code SUSPENDIDA}, every web session and API token ended,
 * {@code AccountSuspended} for the links and the services' sessions, {@code FRAUD_REPORTED} audited, the
 * owner told to visit a CAU), a contact changed online and not yet established is forgotten, and the
 * account's passkeys are removed ({@link Passkeys#removeAll}). The link
 * of a notice can do this and nothing else (decision 106).
 */
@Service
public class FraudReports {

	private final LinkUse linkUse;
	private final CredentialAdministration credentials;
	private final ContactChanges contactChanges;
	private final TransactionTemplate transactions;
	private final Passkeys passkeys;

	FraudReports(LinkUse linkUse, CredentialAdministration credentials, ContactChanges contactChanges,
			TransactionTemplate transactions, Passkeys passkeys) {
		this.passkeys = passkeys;
		this.linkUse = linkUse;
		this.credentials = credentials;
		this.contactChanges = contactChanges;
		this.transactions = transactions;
	}

	/** From a notice's link, without login: single use; the browser's opening as for every link page. */
	public LinkOutcome report(String token, OneTimeLinks.Opening opening, Origin origin) {
		return linkUse.use(token, LinkPurpose.FRAUD_REPORT, opening, origin, this::freeze);
	}

	/** Signed in ({@code POST /api/v1/me/fraud-report}, the button of Mi seguridad). */
	public void reportSignedIn(String username, Origin origin) {
		transactions.executeWithoutResult(status -> freeze(username, origin.as(username)));
	}

	private void freeze(String account, Origin origin) {
		// The link was issued for a holder found by a parsed Username, so the stored name parses again.
		Username username = Username.parse(account);
		credentials.reportFraud(username, origin);
		passkeys.removeAll(account, origin);
		if (username.kind() == AccountKind.ASEGURADO) {
			contactChanges.discard(username.cedula());
		}
	}
}
