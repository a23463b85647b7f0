package ec.gob.iess.clave.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One row of the audit log. Its hash covers every field and the previous row's hash in its chain, so
 * changing, removing or reordering any row breaks that chain from there on (decision 149).
 *
 * @param actor who acted: the account itself, {@code anonymous}, {@code system}, or the staff username
 *        (in rows of hash scheme 1, written before the centre had a column, {@code agent@centre})
 * @param center the staff member's Centro de Atención Universal, otherwise {@code null}
 * @param hashScheme what the hash covers: {@link #LEGACY_SCHEME} (no centre), {@link #CENTRE_SCHEME}
 *        (decision 85) or {@link #SCHEME} (the chain and the place in it too, decision 149)
 */
public record AuditEntry(long id, Instant at, AuditType type, String account, String actor, String center,
		Channel channel, String ip, Outcome outcome, String detail, int hashScheme, String previousHash, String hash) {

	/** Rows written before V54: the hash does not cover the centre, which those rows never have. */
	static final int LEGACY_SCHEME = 1;

	/** Rows written from V54 to V83: the scheme and the centre are hashed with the other fields. */
	static final int CENTRE_SCHEME = 2;

	/** Every row written now: its chain and its place in that chain are hashed too. */
	static final int SCHEME = 3;

	/**
	 * @param chain the chain (stripe) the row belongs to; hashed only by {@link #SCHEME}
	 * @param seq the row's place in its chain; hashed only by {@link #SCHEME} (older rows' place is their id)
	 */
	static String hashOf(int scheme, int chain, long seq, long id, Instant at, String type, String account,
			String actor, String center, String channel, String ip, String outcome, String detail, String previousHash) {
		String[] fields = switch (scheme) {
			case LEGACY_SCHEME -> new String[] { Long.toString(id), at.toString(), type, account, actor, channel, ip,
					outcome, detail, previousHash };
			case CENTRE_SCHEME -> new String[] { Integer.toString(scheme), Long.toString(id), at.toString(), type,
					account, actor, center, channel, ip, outcome, detail, previousHash };
			case SCHEME -> new String[] { Integer.toString(scheme), Integer.toString(chain), Long.toString(seq),
					Long.toString(id), at.toString(), type, account, actor, center, channel, ip, outcome, detail,
					previousHash };
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
