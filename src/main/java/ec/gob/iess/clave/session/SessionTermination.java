package ec.gob.iess.clave.session;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Ends an account's web sessions and access tokens: after a clave change, a reset, a suspension. */
@Service
public class SessionTermination {

	private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> webSessions;
	private final AccessTokens accessTokens;

	/** The web session store exists only in a web application (not in {@code audit verify}), hence the provider. */
	SessionTermination(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> webSessions,
			AccessTokens accessTokens) {
		this.webSessions = webSessions;
		this.accessTokens = accessTokens;
	}

	/** Ends every session and token of the account. */
	@Transactional
	public void endAll(String username) {
		endAllExcept(username, null, null);
	}

	/**
	 * Ends every session and token of the account but the one the person is using now (its web session
	 * id or its bearer token; either may be {@code null}).
	 */
	@Transactional
	public void endAllExcept(String username, String keepWebSessionId, String keepAccessToken) {
		webSessions.ifAvailable(store -> store.findByPrincipalName(username).keySet().stream()
			.filter(id -> !id.equals(keepWebSessionId))
			.forEach(store::deleteById));
		accessTokens.revokeAllExcept(username, keepAccessToken);
	}
}
