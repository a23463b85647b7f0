package ec.gob.iess.clave.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One row of the audit log. Its hash covers every field and the previous row's hash, so changing,
 * removing or reordering any row breaks the chain from there on.
 */
public record AuditEntry(long id, Instant at, AuditType type, String account, String actor, Channel channel, String ip,
		Outcome outcome, String detail, String previousHash, String hash) {

	static String hashOf(long id, Instant at, String type, String account, String actor, String channel, String ip,
			String outcome, String detail, String previousHash) {
		// Length-prefixed fields: no two different rows can serialise to the same bytes.
		StringBuilder canonical = new StringBuilder();
		for (String field : new String[] { Long.toString(id), at.toString(), type, account, actor, channel, ip, outcome,
				detail, previousHash }) {
			String value = field == null ? "\u0000" : field;
			canonical.append(value.length()).append(':').append(value).append('|');
		}
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
