package ec.gob.iess.clave.counter;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

/**
 * RFC 6238 time-based one-time codes (HMAC-SHA1, 30-second steps, 6 digits), as every authenticator
 * app computes them. One step of clock drift either way is accepted.
 */
public final class Totp {

	static final int STEP_SECONDS = 30;
	private static final int DIGITS = 6;
	private static final String ISSUER = "IESS Clave";
	private static final SecureRandom RANDOM = new SecureRandom();

	private Totp() {
	}

	/** A new 160-bit secret in Base32, as authenticator apps take it. */
	public static String newSecret() {
		byte[] secret = new byte[20];
		RANDOM.nextBytes(secret);
		return new Base32().encodeToString(secret).replace("=", "");
	}

	/**
	 * The {@code otpauth://} address an authenticator app reads from a QR code ("Key Uri Format"): the
	 * app lists the account as "IESS Clave: username".
	 */
	static String uri(String username, String base32Secret) {
		String issuer = URLEncoder.encode(ISSUER, StandardCharsets.UTF_8).replace("+", "%20");
		return "otpauth://totp/" + issuer + ":" + URLEncoder.encode(username, StandardCharsets.UTF_8).replace("+", "%20")
				+ "?secret=" + base32Secret + "&issuer=" + issuer;
	}

	public static String code(String base32Secret, Instant at) {
		return code(decode(base32Secret), at.getEpochSecond() / STEP_SECONDS, DIGITS);
	}

	/**
	 * The time step the code belongs to (now, one before or one after), or empty. Callers keep the last
	 * accepted step and refuse any step not after it, so a code works once.
	 */
	static OptionalLong matchingStep(String base32Secret, String code, Instant now) {
		if (code == null || !code.matches("\\d{6}")) {
			return OptionalLong.empty();
		}
		byte[] key = decode(base32Secret);
		long current = now.getEpochSecond() / STEP_SECONDS;
		for (long step = current - 1; step <= current + 1; step++) {
			if (MessageDigest.isEqual(code(key, step, DIGITS).getBytes(), code.getBytes())) {
				return OptionalLong.of(step);
			}
		}
		return OptionalLong.empty();
	}

	static String code(byte[] key, long step, int digits) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			int modulus = (int) Math.pow(10, digits);
			return String.format(Locale.ROOT, "%0" + digits + "d", binary % modulus);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private static byte[] decode(String base32Secret) {
		return new Base32().decode(base32Secret.toUpperCase(Locale.ROOT));
	}
}
