package ec.gob.iess.clave.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for values at rest (a TOTP secret, a fingerprint template): {@code v1:} + base64(12-byte nonce ‖ ciphertext ‖ tag). The
 * {@code context} (table, column, row key) is authenticated with the value, so a sealed value copied to
 * another row does not open there.
 */
public final class Sealer {

	static final String PREFIX = "v1:";
	private static final int NONCE_BYTES = 12;
	private static final int TAG_BITS = 128;
	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	Sealer(byte[] key) {
		this.key = new SecretKeySpec(key, "AES");
	}

	/**
	 * A keyed hash (HMAC-SHA256) of {@code value} under a key derived from this one for {@code purpose}, for a
	 * value that is only ever compared, never read back (a service's client secret). The derivation
	 * (HMAC of the purpose under this key) keeps the hashing key apart from the sealing key and from other
	 * purposes; like the sealed values, the hashes are worth nothing without the key, which is not in the
	 * database.
	 */
	public byte[] keyedHash(String purpose, String value) {
		try {
			Mac derive = Mac.getInstance("HmacSHA256");
			derive.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
			byte[] derived = derive.doFinal(("clave keyed hash: " + purpose).getBytes(StandardCharsets.UTF_8));
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(derived, "HmacSHA256"));
			return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	public String seal(String plain, String context) {
		return sealBytes(plain.getBytes(StandardCharsets.UTF_8), context);
	}

	/** As {@link #seal(String, String)}, for a binary value (a fingerprint template). */
	public String sealBytes(byte[] plain, String context) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plain);
			return PREFIX + Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** @throws IllegalStateException when the value was not sealed with this key and context */
	public String open(String sealed, String context) {
		return new String(openBytes(sealed, context), StandardCharsets.UTF_8);
	}

	/** As {@link #open(String, String)}, for a value sealed with {@link #sealBytes(byte[], String)}. */
	public byte[] openBytes(String sealed, String context) {
		if (!isSealed(sealed)) {
			throw new IllegalStateException("not a sealed value");
		}
		try {
			byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
		}
		catch (GeneralSecurityException | IllegalArgumentException e) {
			throw new IllegalStateException("the sealed value does not open with this key (a different key configured?)");
		}
	}

	public static boolean isSealed(String value) {
		return value != null && value.startsWith(PREFIX);
	}
}
