package ec.gob.iess.clave.credential;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A newer acuerdo de uso de clave is accepted at the next login (PRODUCT.md §4.5). */
@Service
public class AgreementService {

	private final Agreements agreements;
	private final AuditLog audit;

	AgreementService(Agreements agreements, AuditLog audit) {
		this.agreements = agreements;
		this.audit = audit;
	}

	public Agreement current() {
		return agreements.current();
	}

	public boolean pendingFor(String username) {
		return agreements.pendingFor(username);
	}

	@Transactional
	public void accept(String username, Origin origin) {
		int version = agreements.current().version();
		agreements.accept(username, version, origin.channel());
		audit.record(AuditType.AGREEMENT_ACCEPTED, username, Outcome.SUCCESS, origin, "version " + version);
	}
}
