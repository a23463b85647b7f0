package ec.gob.iess.clave.token;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import ec.gob.iess.clave.credential.CredentialEvents.AccountSuspended;
import ec.gob.iess.clave.credential.CredentialEvents.PasswordChanged;
import ec.gob.iess.clave.credential.CredentialEvents.PasswordReset;
import ec.gob.iess.clave.credential.CredentialEvents.TemporaryPasswordIssued;
import ec.gob.iess.clave.session.Secrets;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one token service for every link sent by mail (SECURITY.md 9–11). A token is 256 random bits,
 * handed out once and stored only as its SHA-256, bound to one account and one purpose, and expiring
 * on the server's clock. Every method joins the caller's transaction, so a link is used, issued or
 * voided together with the change it stands for.
 */
@Service
public class OneTimeLinks {

	/** What {@link Secrets#newToken()} makes: 32 bytes in URL-safe base64 without padding. */
	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

	/** Expired and used rows are kept this long, so that an old link still says "expired" rather than "invalid". */
	static final Duration RETENTION = Duration.ofDays(7);

	private final JdbcClient jdbc;
	private final Clock clock;

	OneTimeLinks(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * A new link's token, valid for {@code ttl}; every earlier open link of the same account and purpose
	 * is voided (but a "No fui yo": each notice keeps its own, decision 106). The token itself is never
	 * stored: it goes into the mail and nowhere else.
	 */
	@Transactional
	public String issue(String account, LinkPurpose purpose, Duration ttl) {
		Objects.requireNonNull(account, "account");
		Objects.requireNonNull(purpose, "purpose");
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("a link needs a positive time to live");
		}
		Instant now = now();
		if (purpose.voidedByChanges()) {
			jdbc.sql("""
					update one_time_links set voided_at = ?
					where account = ? and purpose = ? and used_at is null and voided_at is null""")
				.params(Timestamp.from(now), account, purpose.name())
				.update();
		}
		String token = Secrets.newToken();
		jdbc.sql("""
				insert into one_time_links (token_hash, account, purpose, created_at, expires_at)
				values (?, ?, ?, ?, ?)""")
			.params(Secrets.sha256(token), account, purpose.name(), Timestamp.from(now), Timestamp.from(now.plus(ttl)))
			.update();
		return token;
	}

	/**
	 * A link opened in time by a browser, and how long after that opening the page it led to stays
	 * usable even past the link's own expiry ({@link LinkPages} keeps both in that browser's session).
	 */
	public record Opening(Instant at, Duration grace) {

		public Opening {
			Objects.requireNonNull(at, "at");
			Objects.requireNonNull(grace, "grace");
		}
	}

	/** What the link is, changing nothing: opening a link (a GET, or a mail scanner) must not use it. */
	@Transactional(readOnly = true)
	public LinkCheck check(String token, LinkPurpose purpose) {
		return check(token, purpose, null);
	}

	/**
	 * As {@link #check(String, LinkPurpose)}, for the browser that opened the link: it stays valid until
	 * the later of its expiry and the opening's end, provided it was opened before its expiry.
	 * {@link LinkCheck.Valid#expiresAt()} is then when that browser's time ends.
	 */
	@Transactional(readOnly = true)
	public LinkCheck check(String token, LinkPurpose purpose, Opening opening) {
		if (!wellFormed(token) || purpose == null) {
			return new LinkCheck.Invalid();
		}
		Optional<Row> found = jdbc.sql("""
				select account, purpose, expires_at, used_at, voided_at from one_time_links where token_hash = ?""")
			.param(Secrets.sha256(token))
			.query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getTimestamp(4) != null, rs.getTimestamp(5) != null))
			.optional();
		if (found.isEmpty()) {
			return new LinkCheck.Invalid();
		}
		Row row = found.get();
		if (!purpose.name().equals(row.purpose) || row.used || row.voided) {
			return new LinkCheck.Invalid();
		}
		Instant usableUntil = row.expiresAt;
		if (opening != null && opening.at().isBefore(row.expiresAt) && opening.at().plus(opening.grace()).isAfter(usableUntil)) {
			usableUntil = opening.at().plus(opening.grace());
		}
		if (!now().isBefore(usableUntil)) {
			return new LinkCheck.Expired(row.account);
		}
		return new LinkCheck.Valid(row.account, usableUntil);
	}

	/**
	 * Uses the link: its account, or empty when it is unknown, used, voided, expired or of another
	 * purpose. One conditional update decides, so of any number of concurrent redemptions exactly one
	 * wins; when the caller's transaction rolls back, the link is unused again.
	 */
	@Transactional
	public Optional<String> redeem(String token, LinkPurpose purpose) {
		return redeem(token, purpose, null);
	}

	/**
	 * As {@link #redeem(String, LinkPurpose)}, by the browser that opened the link: within the opening's
	 * grace it is enough that the link had not expired when it was opened.
	 */
	@Transactional
	public Optional<String> redeem(String token, LinkPurpose purpose, Opening opening) {
		if (!wellFormed(token) || purpose == null) {
			return Optional.empty();
		}
		String hash = Secrets.sha256(token);
		Instant now = now();
		// The instant the link must not have expired by: now, or the opening while its grace lasts.
		Instant notExpiredAt = opening != null && opening.at().isBefore(now)
				&& now.isBefore(opening.at().plus(opening.grace())) ? opening.at() : now;
		int used = jdbc.sql("""
				update one_time_links set used_at = ?
				where token_hash = ? and purpose = ? and used_at is null and voided_at is null and expires_at > ?""")
			.params(Timestamp.from(now), hash, purpose.name(), Timestamp.from(notExpiredAt))
			.update();
		if (used != 1) {
			return Optional.empty();
		}
		return jdbc.sql("select account from one_time_links where token_hash = ?").param(hash).query(String.class).optional();
	}

	/**
	 * Voids every open link of the account but its "No fui yo" links: after any change of its clave, which
	 * may be a thief's (decision 106). Only the events below call it, so that no flow voids links by hand.
	 */
	@Transactional
	void voidAll(String account) {
		jdbc.sql("""
				update one_time_links set voided_at = ?
				where account = ? and purpose <> ? and used_at is null and voided_at is null""")
			.params(Timestamp.from(now()), account, LinkPurpose.FRAUD_REPORT.name())
			.update();
	}

	/** Published inside the transaction that changed the clave: the links die with the old clave. */
	@EventListener
	void claveChanged(PasswordChanged event) {
		voidAll(event.username().value());
	}

	/** A clave set through a recovery link: its own link is used, the account's others die with the old clave. */
	@EventListener
	void claveReset(PasswordReset event) {
		voidAll(event.username().value());
	}

	/** A temporary clave from the counter is a clave change too. */
	@EventListener
	void temporaryClaveIssued(TemporaryPasswordIssued event) {
		voidAll(event.username().value());
	}

	/**
	 * A suspended account is frozen: no emailed link may act on it (an unlock link would do nothing, yet say
	 * it did), "No fui yo" included: it is done (SECURITY.md 27). The notices of a suspension carry none.
	 */
	@EventListener
	void accountSuspended(AccountSuspended event) {
		jdbc.sql("update one_time_links set voided_at = ? where account = ? and used_at is null and voided_at is null")
			.params(Timestamp.from(now()), event.username().value())
			.update();
	}

	@Transactional
	int deleteExpired() {
		return jdbc.sql("delete from one_time_links where expires_at < ?")
			.param(Timestamp.from(now().minus(RETENTION)))
			.update();
	}

	private static boolean wellFormed(String token) {
		return token != null && WELL_FORMED.matcher(token).matches();
	}

	/** Milliseconds survive every database's timestamp type, so what is compared is what was stored. */
	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private record Row(String account, String purpose, Instant expiresAt, boolean used, boolean voided) {
	}
}
