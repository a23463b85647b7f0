package ec.gob.iess.clave.sso;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.session.SessionSettings;
import ec.gob.iess.clave.session.SessionTermination.AccountSessionsEnded;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The services' sessions end with the person's: every authorization of the account (its codes, access and
 * refresh tokens, ID tokens) is deleted when the account's sessions are ended (a clave change or reset, a
 * temporary clave, a suspension: {@code SessionTermination}, in the same transaction), when the person
 * leaves with Salir, and when a service ends the session (RP-initiated logout). From then on a refresh
 * fails and {@code prompt=none} answers {@code login_required} (SECURITY.md 30). Each of those services that
 * registered a back-channel logout address is told (OpenID Connect Back-Channel Logout 1.0).
 */
@Component
class SsoEnding {

	private final JdbcClient jdbc;
	private final AuditLog audit;
	private final RegisteredClientRepository clients;
	private final PairwiseSubjects subjects;
	private final SessionSettings sessions;
	private final Clock clock;

	SsoEnding(JdbcClient jdbc, AuditLog audit, RegisteredClientRepository clients, PairwiseSubjects subjects,
			SessionSettings sessions, Clock clock) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.clients = clients;
		this.subjects = subjects;
		this.sessions = sessions;
		this.clock = clock;
	}

	@EventListener
	void on(AccountSessionsEnded ended) {
		endAll(ended.username());
	}

	/** Salir in Clave (the web chain's logout), for a person. */
	@EventListener
	void on(LogoutSuccessEvent logout) {
		if (logout.getAuthentication().getPrincipal() instanceof ClavePrincipal person
				&& person.kind() == ClavePrincipal.Kind.PERSON) {
			endAll(person.username());
		}
	}

	/** A service ended the session (the end session endpoint): audited as the logout it is. */
	@Transactional
	void endFor(String username, HttpServletRequest request) {
		endAll(username);
		audit.record(AuditType.LOGOUT, username, Outcome.SUCCESS, RequestOrigins.of(request).as(username), "sso");
	}

	/**
	 * Deletes authorizations whose last token expired a session's length ago (any node may run it; the
	 * delete is idempotent). Until then a service may still end the session with an expired ID token.
	 */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT2M")
	void deleteSpent() {
		jdbc.sql("delete from oauth2_authorization where coalesce(refresh_token_expires_at, access_token_expires_at, "
				+ "authorization_code_expires_at) < ?")
			.param(Timestamp.from(clock.instant().minus(sessions.absoluteTimeout())))
			.update();
	}

	/**
	 * Queues a back-channel logout ({@link BackChannelLogout}) for each service of the account that registered an
	 * address for it, then deletes the account's authorizations, in the caller's transaction.
	 */
	void endAll(String username) {
		tellServices(username, jdbc.sql("select distinct registered_client_id from oauth2_authorization where principal_name = ?")
			.param(username)
			.query(String.class)
			.list());
		jdbc.sql("delete from oauth2_authorization where principal_name = ?").param(username).update();
	}

	/**
	 * Ends one authorization of the account (Mi seguridad's "Cerrar sesión"), telling its service as
	 * {@link #endAll} does; {@code false} when the account has no authorization of that id.
	 */
	boolean endOne(String username, String authorizationId) {
		List<String> client = jdbc.sql("select registered_client_id from oauth2_authorization where id = ? and principal_name = ?")
			.params(authorizationId, username)
			.query(String.class)
			.list();
		if (client.isEmpty()) {
			return false;
		}
		tellServices(username, client);
		return jdbc.sql("delete from oauth2_authorization where id = ? and principal_name = ?")
			.params(authorizationId, username)
			.update() == 1;
	}

	private void tellServices(String username, List<String> registeredClientIds) {
		Timestamp now = Timestamp.from(clock.instant());
		registeredClientIds.stream()
			.map(clients::findById)
			.filter(client -> client != null && client.getClientSettings().getSetting(ClientRegistrations.BACKCHANNEL_LOGOUT_URI) != null)
			.forEach(client -> jdbc.sql("insert into sso_logout_deliveries (client_id, uri, subject, next_attempt_at, created_at) "
					+ "values (?, ?, ?, ?, ?)")
				.params(client.getClientId(), client.getClientSettings().getSetting(ClientRegistrations.BACKCHANNEL_LOGOUT_URI),
						subjects.subject(client.getClientId(), username), now, now)
				.update());
	}
}
