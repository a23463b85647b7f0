package ec.gob.iess.clave.owner;

import java.util.function.BiConsumer;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.token.LinkCheck;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.token.OneTimeLinks;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Uses an emailed link of this module: in one transaction the link is redeemed (single use), audited as
 * used and acted on; a link that cannot be used is audited as rejected and answered as expired or not.
 */
@Component
class LinkUse {

	private final OneTimeLinks links;
	private final AuditLog audit;
	private final TransactionTemplate transactions;

	LinkUse(OneTimeLinks links, AuditLog audit, TransactionTemplate transactions) {
		this.links = links;
		this.audit = audit;
		this.transactions = transactions;
	}

	/**
	 * @param action given the link's account and the origin acting for it; it may refuse with TOKEN_INVALID,
	 *        which undoes the redemption
	 */
	LinkOutcome use(String token, LinkPurpose purpose, OneTimeLinks.Opening opening, Origin origin,
			BiConsumer<String, Origin> action) {
		try {
			return transactions.execute(status -> {
				String account = links.redeem(token, purpose, opening).orElseThrow(() -> new Refusal(RefusalCode.TOKEN_INVALID));
				Origin self = origin.as(account);
				audit.record(AuditType.LINK_USED, account, Outcome.SUCCESS, self, purpose.name());
				action.accept(account, self);
				return new LinkOutcome.Done(account);
			});
		}
		catch (Refusal e) {
			if (e.code() != RefusalCode.TOKEN_INVALID) {
				throw e;
			}
			transactions.executeWithoutResult(status -> audit.record(AuditType.LINK_REJECTED, null, Outcome.FAILURE, origin,
					purpose.name()));
			return new LinkOutcome.Refused(links.check(token, purpose, opening) instanceof LinkCheck.Expired);
		}
	}
}
