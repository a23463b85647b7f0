package ec.gob.iess.clave.captcha;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.altcha.altcha.Altcha;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ALTCHA's proof of work, as a plain rule on an injected clock: a challenge is
 * {@code sha256(salt + n)} for a secret random {@code n ≤ maxNumber}, signed with HMAC-SHA256; the
 * salt carries its expiry ({@code ?expires=<epoch seconds>&}) and, above level 0, its level
 * ({@code level=<n>&}, {@code maxnumber} doubled per level), so the signature covers both.
 * The library makes and re-makes challenges; reading the payload, the clock and the comparison are
 * ours (docs/decisions.md 16). Whether a solution was already used is not decided here.
 */
final class AltchaProofOfWork {

	static final String ALGORITHM = "SHA-256";

	/** A real payload is about 300 characters; anything far larger is refused before it is decoded. */
	private static final int MAX_PAYLOAD = 2048;

	private static final int MAX_SALT = 200;

	private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	/** The salt parameter that names a challenge's level; a salt without it is level 0. */
	static final String LEVEL = "level";

	/** A checked solution: its challenge (the key under which it is spent), when it stops counting, its level. */
	record Solution(String challenge, Instant expiresAt, int level) {
	}

	private final Supplier<String> hmacKey;
	private final int maxNumber;
	private final Duration ttl;
	private final Clock clock;

	AltchaProofOfWork(Supplier<String> hmacKey, int maxNumber, Duration ttl, Clock clock) {
		this.hmacKey = hmacKey;
		this.maxNumber = maxNumber;
		this.ttl = ttl;
		this.clock = clock;
	}

	/** A challenge at level 0. */
	Captcha.Challenge issue() {
		return issue(0);
	}

	/** @param level 0 or more: {@code maxnumber} is doubled that many times (the caller bounds it) */
	Captcha.Challenge issue(int level) {
		Altcha.ChallengeOptions options = new Altcha.ChallengeOptions().setAlgorithm(Altcha.Algorithm.SHA256)
			.setMaxNumber((long) maxNumber << level)
			.setSecureRandomNumber(true)
			.setHmacKey(hmacKey.get())
			.setExpires(clock.instant().plus(ttl).getEpochSecond());
		if (level > 0) {
			options.addParam(LEVEL, Integer.toString(level));
		}
		try {
			Altcha.Challenge made = Altcha.createChallenge(options);
			return new Captcha.Challenge(made.algorithm, made.challenge, made.maxnumber.intValue(), made.salt, made.signature);
		}
		catch (Exception e) {
			throw new IllegalStateException("could not make a captcha challenge", e);
		}
	}

	/**
	 * @param payload base64 of {@code {"algorithm","challenge","number","salt","signature"}}, as the widget sends it
	 * @throws Refusal CAPTCHA_REQUIRED when blank; CAPTCHA_INVALID when malformed, wrong or expired
	 */
	Solution check(String payload) {
		if (payload == null || payload.isBlank()) {
			throw new Refusal(RefusalCode.CAPTCHA_REQUIRED);
		}
		Submitted submitted = read(payload.strip());
		Altcha.ChallengeOptions remade = new Altcha.ChallengeOptions().setAlgorithm(Altcha.Algorithm.SHA256)
			.setHmacKey(hmacKey.get())
			.setNumber(submitted.number)
			.setSalt(submitted.salt);
		Altcha.Challenge expected;
		Instant expiresAt;
		int level;
		try {
			expected = Altcha.createChallenge(remade);
			Map<String, String> params = Altcha.extractParams(submitted.salt);
			expiresAt = Instant.ofEpochSecond(Long.parseLong(params.get("expires")));
			level = params.containsKey(LEVEL) ? Integer.parseInt(params.get(LEVEL)) : 0;
		}
		catch (Exception e) {
			throw invalid();
		}
		// Constant-time: a timing difference must not help anyone build a signature byte by byte.
		if (!sameText(expected.challenge, submitted.challenge) || !sameText(expected.signature, submitted.signature)) {
			throw invalid();
		}
		if (!clock.instant().isBefore(expiresAt)) {
			throw invalid();
		}
		return new Solution(submitted.challenge, expiresAt, level);
	}

	private static Submitted read(String payload) {
		if (payload.length() > MAX_PAYLOAD) {
			throw invalid();
		}
		JsonNode json;
		try {
			json = JSON.readTree(Base64.getDecoder().decode(payload));
		}
		catch (IllegalArgumentException | JacksonException e) {
			throw invalid();
		}
		if (json == null || !json.isObject()) {
			throw invalid();
		}
		String algorithm = text(json, "algorithm");
		String challenge = text(json, "challenge");
		String salt = text(json, "salt");
		String signature = text(json, "signature");
		JsonNode number = json.get("number");
		if (!ALGORITHM.equals(algorithm) || !HEX_256.matcher(challenge).matches()
				|| !HEX_256.matcher(signature).matches() || salt.isEmpty() || salt.length() > MAX_SALT || number == null
				|| !number.isIntegralNumber() || !number.canConvertToLong() || number.longValue() < 0) {
			throw invalid();
		}
		return new Submitted(challenge, number.longValue(), salt, signature);
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || !value.isString()) {
			throw invalid();
		}
		return value.stringValue();
	}

	private static boolean sameText(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

	private static Refusal invalid() {
		return new Refusal(RefusalCode.CAPTCHA_INVALID);
	}

	private record Submitted(String challenge, long number, String salt, String signature) {
	}
}
