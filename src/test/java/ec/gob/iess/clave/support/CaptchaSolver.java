package ec.gob.iess.clave.support;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Solves "No soy un robot" as the browser widget does: finds n with {@code hex(sha256(salt + n)) == challenge}
 * and answers the {@code captcha} field, base64 of {@code {"algorithm","challenge","number","salt","signature"}}.
 */
public final class CaptchaSolver {

	private CaptchaSolver() {
	}

	/** Fetches a challenge from {@code GET /api/v1/captcha} and solves it. */
	public static String solve(TestFixtures api) {
		HttpResponse<String> response = api.get("/api/v1/captcha", null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return solve(TestFixtures.json(response));
	}

	/** @param challengeJson the body of {@code GET /api/v1/captcha} */
	public static String solve(JsonNode challengeJson) {
		String algorithm = challengeJson.get("algorithm").asString();
		String challenge = challengeJson.get("challenge").asString();
		String salt = challengeJson.get("salt").asString();
		long maxNumber = challengeJson.get("maxnumber").asLong();
		assertThat(algorithm).isEqualTo("SHA-256");
		MessageDigest sha256 = sha256();
		HexFormat hex = HexFormat.of();
		for (long n = 0; n <= maxNumber; n++) {
			if (hex.formatHex(sha256.digest((salt + n).getBytes(StandardCharsets.UTF_8))).equals(challenge)) {
				Map<String, Object> payload = new LinkedHashMap<>();
				payload.put("algorithm", algorithm);
				payload.put("challenge", challenge);
				payload.put("number", n);
				payload.put("salt", salt);
				payload.put("signature", challengeJson.get("signature").asString());
				return Base64.getEncoder()
					.encodeToString(TestFixtures.JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8));
			}
		}
		throw new AssertionError("the captcha has no solution up to maxnumber " + maxNumber);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
