package ec.gob.iess.clave.sso;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import ec.gob.iess.clave.session.SessionHandles;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's sessions in the IESS services (their authorizations), for Mi seguridad: by service name, under an
 * opaque {@link SessionHandles handle}, each ended alone ({@link SsoEnding#endOne}).
 */
@Service
public class SsoSessions {

	static final String KIND = "SSO";

	/** @param lastUsedAt when the service last got a token for the person */
	public record ServiceSession(String id, String service, Instant createdAt, Instant lastUsedAt) {
	}

	private final JdbcClient jdbc;
	private final RegisteredClientRepository clients;
	private final SsoEnding ending;
	private final SessionHandles handles;

	SsoSessions(JdbcClient jdbc, RegisteredClientRepository clients, SsoEnding ending, SessionHandles handles) {
		this.jdbc = jdbc;
		this.clients = clients;
		this.ending = ending;
		this.handles = handles;
	}

	@Transactional(readOnly = true)
	public List<ServiceSession> of(String username) {
		return rows(username).stream()
			.map(row -> {
				RegisteredClient client = clients.findById(row.clientId);
				String service = client == null ? row.clientId : client.getClientName();
				return new ServiceSession(handles.handle(username, KIND, row.id), service, row.createdAt, row.lastUsedAt);
			})
			.toList();
	}

	/** {@code false} when the account has no service session of this handle (another person's, or gone). */
	@Transactional
	public boolean end(String username, String id) {
		return rows(username).stream()
			.filter(row -> handles.handle(username, KIND, row.id).equals(id))
			.findFirst()
			.map(row -> ending.endOne(username, row.id))
			.orElse(false);
	}

	private List<Row> rows(String username) {
		return jdbc.sql("""
				select id, registered_client_id, authorization_code_issued_at, access_token_issued_at, refresh_token_issued_at
				from oauth2_authorization where principal_name = ? and access_token_issued_at is not null""")
			.param(username)
			.query(SsoSessions::row)
			.list();
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		List<Instant> times = Stream.of(rs.getTimestamp(3), rs.getTimestamp(4), rs.getTimestamp(5))
			.filter(Objects::nonNull)
			.map(Timestamp::toInstant)
			.sorted()
			.toList();
		return new Row(rs.getString(1), rs.getString(2), times.get(0), times.get(times.size() - 1));
	}

	private record Row(String id, String clientId, Instant createdAt, Instant lastUsedAt) {
	}
}
