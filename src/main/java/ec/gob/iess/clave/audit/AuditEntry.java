package ec.gob.iess.clave.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One row of the audit log. Its hash covers every field and the previous row's hash, so changing,
 * removing or reordering any row breaks the chain from there on.
 *
 * @param actor who acted: the account itself, {@code anonymous}, {@code system}, or the staff username
 *        (in rows of hash scheme 1, written before the centre had a column, {@code agent@centre})
 * @param center the staff member's Centro de Atención Universal, otherwise {@code null}
 * @param hashScheme what the hash covers: {@link #LEGACY_SCHEME} (no centre) or {@link #SCHEME} (decision 85)
 */
public record AuditEntry(long id, Instant at, AuditType type, String account, String actor, String center,
		Channel channel, String ip, Outcome outcome, String detail, int hashScheme, String previousHash, String hash) {

	/** Rows written before V54: the hash does not cover the centre, which those rows never have. */
	static final int LEGACY_SCHEME = 1;

	/** Every row written now: the scheme and the centre are hashed with the other fields. */
	static final int SCHEME = 2;

	static String hashOf(int scheme, long id, Instant at, String type, String account, String actor, String center,
			String channel, String ip, String outcome, String detail, String previousHash) {
		String[] fields = switch (scheme) {
			case LEGACY_SCHEME -> new String[] { Long.toString(id), at.toString(), type, account, actor, channel, ip,
					outcome, detail, previousHash };
			case SCHEME -> new String[] { Integer.toString(scheme), Long.toString(id), at.toString(), type, account,
					actor, center, channel, ip, outcome, detail, previousHash };
			default -> throw new IllegalArgumentException("unknown hash scheme " + scheme);
		};
		// Length-prefixed fields: no two different rows can serialise to the same bytes.
		StringBuilder canonical = new StringBuilder();
		for (String field : fields) {
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
