package ec.gob.iess.clave.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;

/**
 * A person's open web sessions and API tokens, for Mi seguridad (PRODUCT.md §4.7a), each under an opaque
 * {@link SessionHandles handle}, and ending one of them alone.
 */
@Service
public class OpenSessions {

	public enum Kind { WEB, API }

	/** @param ip where the clave was typed, when known */
	public record Open(String id, Kind kind, Instant createdAt, Instant lastUsedAt, String ip, boolean current) {
	}

	private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> webSessions;
	private final AccessTokens accessTokens;
	private final SessionHandles handles;

	OpenSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> webSessions,
			AccessTokens accessTokens, SessionHandles handles) {
		this.webSessions = webSessions;
		this.accessTokens = accessTokens;
		this.handles = handles;
	}

	/**
	 * Newest first.
	 *
	 * @param currentWebSession the id of the web session asking, or {@code null}
	 * @param currentToken the bearer token asking, or {@code null}
	 */
	public List<Open> of(String username, String currentWebSession, String currentToken) {
		List<Open> open = new ArrayList<>();
		webSessions(username).forEach((id, session) -> open.add(new Open(handles.handle(username, Kind.WEB.name(), id),
				Kind.WEB, session.getCreationTime(), session.getLastAccessedTime(),
				session.getAttribute(WebSignIn.SIGNED_IN_FROM) instanceof String ip ? ip : null,
				id.equals(currentWebSession))));
		String currentHash = currentToken == null ? null : Secrets.sha256(currentToken);
		accessTokens.of(username).forEach(token -> open.add(new Open(handles.handle(username, Kind.API.name(),
				token.tokenHash()), Kind.API, token.createdAt(), token.lastUsedAt(), token.ip(),
				token.tokenHash().equals(currentHash))));
		open.sort(Comparator.comparing(Open::createdAt).reversed());
		return open;
	}

	/** Ends the account's session of this handle; empty when the account has none of it (another's, or gone). */
	public Optional<Kind> end(String username, String id) {
		for (Map.Entry<String, Session> web : webSessions(username).entrySet()) {
			if (handles.handle(username, Kind.WEB.name(), web.getKey()).equals(id)) {
				webSessions.ifAvailable(store -> store.deleteById(web.getKey()));
				return Optional.of(Kind.WEB);
			}
		}
		return accessTokens.of(username).stream()
			.filter(token -> handles.handle(username, Kind.API.name(), token.tokenHash()).equals(id))
			.findFirst()
			.filter(token -> accessTokens.revokeStored(username, token.tokenHash()))
			.map(token -> Kind.API);
	}

	private Map<String, Session> webSessions(String username) {
		Map<String, Session> live = new LinkedHashMap<>();
		webSessions.ifAvailable(store -> store.findByPrincipalName(username).forEach((id, session) -> {
			if (session != null && !session.isExpired()) {
				live.put(id, session);
			}
		}));
		return live;
	}
}
