package ec.gob.iess.clave.session;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * API bearer tokens. The token itself is returned once; only its SHA-256 is stored, so a copy of
 * the table opens nothing. Tokens follow the session timeouts: idle and absolute.
 */
@Repository
public class AccessTokens {

	private final JdbcClient jdbc;
	private final Clock clock;
	private final SessionSettings settings;

	AccessTokens(JdbcClient jdbc, Clock clock, SessionSettings settings) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.settings = settings;
	}

	public record Issued(String token, long expiresInSeconds) {
	}

	public Issued issue(ClavePrincipal principal) {
		return issue(principal, null);
	}

	/** @param ip the address the login came from, shown to the owner in Mi seguridad; may be {@code null} */
	public Issued issue(ClavePrincipal principal, String ip) {
		String token = Secrets.newToken();
		Instant now = clock.instant();
		jdbc.sql("""
				insert into access_tokens (token_hash, username, principal_kind, roles, center, change_only, created_at, last_used_at, ip)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(Secrets.sha256(token), principal.username(), principal.kind().name(), String.join(",", principal.roles()),
					principal.center(), principal.changeRequired(), Timestamp.from(now), Timestamp.from(now), ip)
			.update();
		return new Issued(token, settings.idleTimeout().toSeconds());
	}

	/** The principal of a live token, touching its idle timer; expired tokens are deleted on sight. */
	public Optional<ClavePrincipal> resolve(String token) {
		if (token == null || token.isBlank() || token.length() > 100) {
			return Optional.empty();
		}
		String hash = Secrets.sha256(token);
		Instant now = clock.instant();
		Optional<Row> row = jdbc.sql("""
				select username, principal_kind, roles, center, change_only, created_at, last_used_at
				from access_tokens where token_hash = ?""")
			.param(hash)
			.query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
					rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()))
			.optional();
		if (row.isEmpty()) {
			return Optional.empty();
		}
		Row r = row.get();
		if (r.lastUsedAt.plus(settings.idleTimeout()).isBefore(now) || r.createdAt.plus(settings.absoluteTimeout()).isBefore(now)) {
			revoke(token);
			return Optional.empty();
		}
		jdbc.sql("update access_tokens set last_used_at = ? where token_hash = ?").params(Timestamp.from(now), hash).update();
		Set<String> roles = r.roles.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(r.roles.split(",")));
		return Optional.of(new ClavePrincipal(r.username, ClavePrincipal.Kind.valueOf(r.kind), roles,
				r.changeOnly ? ClavePrincipal.Stage.PASSWORD_CHANGE : ClavePrincipal.Stage.FULL, r.center));
	}

	public void revoke(String token) {
		jdbc.sql("delete from access_tokens where token_hash = ?").param(Secrets.sha256(token)).update();
	}

	/** After a clave change the token that made it keeps working, now with full access. */
	public void grantFullAccess(String token) {
		jdbc.sql("update access_tokens set change_only = false where token_hash = ?").param(Secrets.sha256(token)).update();
	}

	int revokeAllExcept(String username, String keepToken) {
		String keep = keepToken == null ? "" : Secrets.sha256(keepToken);
		return jdbc.sql("delete from access_tokens where username = ? and token_hash <> ?").params(username, keep).update();
	}

	/** A live token of the account, by the hash under which it is stored (never the token itself). */
	record Stored(String tokenHash, Instant createdAt, Instant lastUsedAt, String ip) {
	}

	List<Stored> of(String username) {
		Instant now = clock.instant();
		return jdbc.sql("""
				select token_hash, created_at, last_used_at, ip from access_tokens
				where username = ? and last_used_at >= ? and created_at >= ? order by created_at desc""")
			.params(username, Timestamp.from(now.minus(settings.idleTimeout())),
					Timestamp.from(now.minus(settings.absoluteTimeout())))
			.query((rs, n) -> new Stored(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
					rs.getString(4)))
			.list();
	}

	boolean revokeStored(String username, String tokenHash) {
		return jdbc.sql("delete from access_tokens where username = ? and token_hash = ?").params(username, tokenHash)
			.update() == 1;
	}

	int deleteExpired() {
		Instant now = clock.instant();
		return jdbc.sql("delete from access_tokens where last_used_at < ? or created_at < ?")
			.params(Timestamp.from(now.minus(settings.idleTimeout())), Timestamp.from(now.minus(settings.absoluteTimeout())))
			.update();
	}

	private record Row(String username, String kind, String roles, String center, boolean changeOnly, Instant createdAt,
			Instant lastUsedAt) {
	}
}
