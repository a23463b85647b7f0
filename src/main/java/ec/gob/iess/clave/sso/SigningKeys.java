package ec.gob.iess.clave.sso;

import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import ec.gob.iess.clave.keys.DataKeys;
import ec.gob.iess.clave.keys.Sealer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The keys that sign ID tokens (ES256, a {@code kid} each). The first one is made at the first need and
 * kept in {@code sso_signing_keys}, its private part sealed with {@code clave.sso.key} (never in clear in the
 * database), so every node signs with the same key. The newest key signs; {@link #rotate()} ({@code java -jar
 * clave.jar sso rotate-key}) adds a newer one, and the replaced key stays in the JWKS for {@code
 * clave.sso.key-retention}, longer than any token it signed lives. Nodes read the table again every
 * {@link #REFRESH}, so a rotation reaches all of them within that time.
 */
@Service
public class SigningKeys {

	static final Duration REFRESH = Duration.ofSeconds(30);

	private final JdbcClient jdbc;
	private final Sealer sealer;
	private final Clock clock;
	private final Duration retention;
	private volatile Loaded loaded;

	/** @throws IllegalStateException without {@code clave.sso.key} outside the embedded database: no start */
	SigningKeys(JdbcClient jdbc, DataKeys keys, Clock clock, SsoSettings settings) {
		this.jdbc = jdbc;
		this.sealer = keys.sealer("clave.sso.key", "sso.key");
		this.clock = clock;
		this.retention = settings.keyRetention();
	}

	private record Stored(String kid, String jwk, Instant createdAt) {
	}

	private record Loaded(ECKey signing, JWKSet published, Instant at) {
	}

	/** The key that signs now. */
	ECKey signing() {
		return current().signing();
	}

	/** What the JWKS publishes: the public halves of the signing key and of the keys it replaced recently. */
	JWKSet published() {
		return current().published();
	}

	/** Makes a new signing key; answers its kid. The old one keeps verifying for {@code clave.sso.key-retention}. */
	public String rotate() {
		String kid = insertNew();
		loaded = null;
		return kid;
	}

	private Loaded current() {
		Loaded now = loaded;
		Instant at = clock.instant();
		if (now == null || now.at().plus(REFRESH).isBefore(at) || at.isBefore(now.at())) {
			now = load(at);
			loaded = now;
		}
		return now;
	}

	private synchronized Loaded load(Instant at) {
		List<Stored> stored = stored();
		if (stored.isEmpty()) {
			insertNew();
			stored = stored();
		}
		List<JWK> published = new ArrayList<>();
		ECKey signing = open(stored.get(0));
		published.add(signing.toPublicJWK());
		for (int i = 1; i < stored.size(); i++) {
			// A key is replaced when its successor is made; it is published while tokens it signed may live.
			if (at.isBefore(stored.get(i - 1).createdAt().plus(retention))) {
				published.add(open(stored.get(i)).toPublicJWK());
			}
		}
		return new Loaded(signing, new JWKSet(published), at);
	}

	private List<Stored> stored() {
		return jdbc.sql("select kid, jwk, created_at from sso_signing_keys order by created_at desc, kid")
			.query((rs, row) -> new Stored(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
			.list();
	}

	private String insertNew() {
		String kid = UUID.randomUUID().toString();
		ECKey key;
		try {
			key = new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
				.generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException("cannot make an ES256 key", e);
		}
		jdbc.sql("insert into sso_signing_keys (kid, jwk, created_at) values (?, ?, ?)")
			.params(kid, sealer.seal(key.toJSONString(), context(kid)), Timestamp.from(clock.instant()))
			.update();
		return kid;
	}

	private ECKey open(Stored stored) {
		try {
			return ECKey.parse(sealer.open(stored.jwk(), context(stored.kid())));
		}
		catch (ParseException e) {
			throw new IllegalStateException("signing key " + stored.kid() + " is not a JWK", e);
		}
	}

	private static String context(String kid) {
		return "sso_signing_keys.jwk:" + kid;
	}
}
