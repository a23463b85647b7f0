package ec.gob.iess.clave.session;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ends an account's web sessions and access tokens: after a clave change, a reset, a suspension. Then it
 * publishes {@link AccountSessionsEnded} in the same transaction, for what other modules keep for the
 * account's sessions (the services' single sign-on).
 */
@Service
public class SessionTermination {

	/** Every session of the account has ended (but the one making the change, if any). */
	public record AccountSessionsEnded(String username) {
	}

	private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> webSessions;
	private final AccessTokens accessTokens;
	private final ApplicationEventPublisher events;

	/** The web session store exists only in a web application (not in {@code audit verify}), hence the provider. */
	SessionTermination(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> webSessions,
			AccessTokens accessTokens, ApplicationEventPublisher events) {
		this.webSessions = webSessions;
		this.accessTokens = accessTokens;
		this.events = events;
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
		events.publishEvent(new AccountSessionsEnded(username));
	}
}
