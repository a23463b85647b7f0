package ec.gob.iess.clave.biometric;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.keys.DataKeys;
import ec.gob.iess.clave.keys.Sealer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The enrolled templates, sealed with {@code clave.biometric.key} and bound to the cédula of their row. */
@Repository
class FingerprintTemplates {

	private final JdbcClient jdbc;
	private final Sealer sealer;

	/** @throws IllegalStateException without {@code clave.biometric.key} outside the embedded database: no start */
	FingerprintTemplates(JdbcClient jdbc, DataKeys keys) {
		this.jdbc = jdbc;
		this.sealer = keys.sealer("clave.biometric.key", "biometric.key");
	}

	/** The serialized template of this person, opened; empty when none is enrolled. */
	Optional<byte[]> find(Cedula cedula) {
		return jdbc.sql("select template from fingerprint_templates where cedula = ?")
			.param(cedula.value())
			.query(String.class)
			.optional()
			.map(sealed -> sealer.openBytes(sealed, context(cedula)));
	}

	boolean exists(Cedula cedula) {
		return jdbc.sql("select count(*) from fingerprint_templates where cedula = ?")
			.param(cedula.value())
			.query(Integer.class)
			.single() > 0;
	}

	void insert(Cedula cedula, byte[] template, Instant at) {
		jdbc.sql("insert into fingerprint_templates (cedula, template, enrolled_at) values (?, ?, ?)")
			.params(cedula.value(), sealer.sealBytes(template, context(cedula)), Timestamp.from(at))
			.update();
	}

	boolean delete(Cedula cedula) {
		return jdbc.sql("delete from fingerprint_templates where cedula = ?").param(cedula.value()).update() > 0;
	}

	/** What the seal is bound to: a template copied to another person's row does not open there. */
	static String context(Cedula cedula) {
		return "fingerprint_templates.template:" + cedula.value();
	}
}
