package ec.gob.iess.clave.owner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import ec.gob.iess.clave.audit.AuditEntry;
import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.session.OpenSessions;
import ec.gob.iess.clave.sso.SsoSessions;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Mi seguridad (PRODUCT.md §4.7a): what happened to the owner's account in the last 90 days, newest first,
 * with the place of each address ({@link IpPlaces}) and the centre of a counter's action but never the
 * agent's name (decision 86); the open sessions — web, API tokens, the services' single sign-on — each of
 * which the owner may close alone; and the account's passkeys.
 */
@Service
public class SecurityOverview {

	static final Duration PERIOD = Duration.ofDays(90);

	/** More than a person reads; an account under attack may have more failures, and the newest are shown. */
	static final int MAX_EVENTS = 500;

	/**
	 * What the owner is shown: what they or a counter did, or someone did with their number. Links (the effect
	 * is its own event), rate limits and staff events are not about the person's account as they know it.
	 */
	static final Set<AuditType> SHOWN = EnumSet.of(AuditType.LOGIN_SUCCEEDED, AuditType.LOGIN_FAILED, AuditType.LOGOUT,
			AuditType.ACCOUNT_LOCKED, AuditType.ACCOUNT_UNLOCKED, AuditType.UNLOCK_REQUESTED, AuditType.RECOVERY_REQUESTED,
			AuditType.PASSWORD_CHANGED, AuditType.PASSWORD_RESET, AuditType.TEMPORARY_PASSWORD_ISSUED,
			AuditType.AGREEMENT_ACCEPTED, AuditType.PERSON_REGISTERED, AuditType.PERSON_UPDATED,
			AuditType.CONTACT_VERIFIED, AuditType.CONTACT_CHANGED, AuditType.FINGERPRINT_ENROLLED,
			AuditType.FINGERPRINT_MISMATCH, AuditType.FINGERPRINT_RESET, AuditType.ACCOUNT_SUSPENDED,
			AuditType.ACCOUNT_REACTIVATED, AuditType.FRAUD_REPORTED, AuditType.EMPLOYER_REGISTERED,
			AuditType.EMPLOYER_UPDATED, AuditType.PASSKEY_REGISTERED, AuditType.PASSKEY_REMOVED);

	/**
	 * @param center the Centro de Atención Universal of a counter's action, otherwise {@code null}
	 * @param passkey a login (or failed one) with a passkey rather than the clave
	 */
	public record Event(Instant at, AuditType type, Channel channel, String ip, Outcome outcome, String center,
			IpPlaces.Place place, boolean passkey) {
	}

	public enum Kind { WEB, API, SSO }

	/** @param service the service's name, for {@link Kind#SSO} */
	public record OpenSession(String id, Kind kind, String service, Instant createdAt, Instant lastUsedAt, String ip,
			boolean current, IpPlaces.Place place) {
	}

	public record Overview(List<Event> events, List<OpenSession> sessions, List<Passkeys.Passkey> passkeys) {
	}

	private final AuditLog audit;
	private final OpenSessions sessions;
	private final SsoSessions services;
	private final IpPlaces places;
	private final Clock clock;
	private final Passkeys passkeys;

	SecurityOverview(AuditLog audit, OpenSessions sessions, SsoSessions services, IpPlaces places, Clock clock,
			Passkeys passkeys) {
		this.passkeys = passkeys;
		this.audit = audit;
		this.sessions = sessions;
		this.services = services;
		this.places = places;
		this.clock = clock;
	}

	/**
	 * @param currentWebSession the web session asking, or {@code null}
	 * @param currentToken the bearer token asking, or {@code null}
	 */
	public Overview of(String username, String currentWebSession, String currentToken) {
		List<Event> events = audit
			.page(new AuditLog.AuditQuery(username, null, null, clock.instant().minus(PERIOD), null), null, null, MAX_EVENTS)
			.entries()
			.stream()
			.filter(entry -> SHOWN.contains(entry.type()))
			.map(this::event)
			.toList();
		return new Overview(events, sessions(username, currentWebSession, currentToken), passkeys.of(username));
	}

	/** The open sessions alone, newest first; the arguments as for {@link #of}. */
	public List<OpenSession> sessions(String username, String currentWebSession, String currentToken) {
		List<OpenSession> open = new ArrayList<>();
		sessions.of(username, currentWebSession, currentToken).forEach(session -> open.add(new OpenSession(session.id(),
				Kind.valueOf(session.kind().name()), null, session.createdAt(), session.lastUsedAt(), session.ip(),
				session.current(), places.of(session.ip()))));
		services.of(username).forEach(service -> open.add(new OpenSession(service.id(), Kind.SSO, service.service(),
				service.createdAt(), service.lastUsedAt(), null, false, new IpPlaces.Unknown())));
		open.sort(Comparator.comparing(OpenSession::createdAt).reversed());
		return open;
	}

	/**
	 * Closes one of the owner's sessions, audited as a logout; {@code false} when the owner has none of this
	 * id (another person's, or already gone).
	 */
	@Transactional
	public boolean close(String username, String id, Origin origin) {
		String kind = sessions.end(username, id).map(Enum::name)
			.orElseGet(() -> services.end(username, id) ? Kind.SSO.name() : null);
		if (kind == null) {
			return false;
		}
		audit.record(AuditType.LOGOUT, username, Outcome.SUCCESS, origin.as(username), "closed in Mi seguridad: " + kind);
		return true;
	}

	private Event event(AuditEntry entry) {
		boolean passkey = (entry.type() == AuditType.LOGIN_SUCCEEDED || entry.type() == AuditType.LOGIN_FAILED)
				&& entry.detail() != null && entry.detail().startsWith(LoginService.PASSKEY);
		return new Event(entry.at(), entry.type(), entry.channel(), entry.ip(), entry.outcome(), entry.center(),
				places.of(entry.ip()), passkey);
	}
}
