package ec.gob.iess.clave.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ec.gob.iess.clave.session.Secrets;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Device cookies (OWASP "Slow down online guessing attacks with device cookies"). After a successful
 * login the browser or app gets a token {@code nonce.issued.mac}, where {@code mac} is an HMAC over the
 * account, the random nonce and the issue time: the token itself never names the account (no cédula in
 * cookies, SECURITY.md 20), it only verifies against the account being logged into, so a token of
 * another account, a forged or an expired one is simply not recognised. One browser may hold the
 * tokens of a few accounts (a family's computer): the presented value is a list joined by {@code ~}.
 *
 * <p>The row of a recognised device keeps that device's own failure count; when it reaches the
 * lockout's limit the device is locked and no longer recognised. The caller (the clave check) decides
 * what a recognised device may do, under its row locks.
 */
@Service
public class Devices {

	/** Tokens kept in one browser's cookie, oldest dropped first. */
	static final int PER_BROWSER = 5;

	private static final int MAX_PRESENTED = 2_000;

	/** A device recognised for an account: its row id (the nonce's SHA-256). */
	public record Device(String id) {
	}

	private final JdbcClient jdbc;
	private final DeviceKeys keys;
	private final DeviceSettings settings;
	private final Clock clock;

	Devices(JdbcClient jdbc, DeviceKeys keys, DeviceSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * The token among {@code presented} that was issued for {@code username}, signed, unexpired, and
	 * whose device is known and not locked. Anything else (nothing, junk, another account's token, a
	 * forged or locked one) answers empty: it does nothing.
	 */
	public Optional<Device> recognise(String username, String presented) {
		return ownToken(username, presented).map(Devices::id).filter(id -> trusted(id, username, false)).map(Device::new);
	}

	/**
	 * Holds the device's row until the caller's transaction ends, and answers whether it is still
	 * trusted for the account: the decision on a failure or a success is taken under this lock.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean lockIfTrusted(Device device, String username) {
		return trusted(device.id(), username, true);
	}

	/** Counts a wrong clave on the device (row locked by {@link #lockIfTrusted}); true when it locks the device now. */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean recordFailure(Device device, int maxFailures) {
		Instant now = clock.instant();
		jdbc.sql("""
				update devices set failed_attempts = failed_attempts + 1, last_used_at = ?,
				locked_at = case when failed_attempts + 1 >= ? then ? else locked_at end where id = ?""")
			.params(Timestamp.from(now), maxFailures, Timestamp.from(now), device.id())
			.update();
		// Unlocked before (lockIfTrusted): at the limit now means this failure locked it.
		return jdbc.sql("select failed_attempts from devices where id = ?").param(device.id()).query(Integer.class)
			.single() >= maxFailures;
	}

	/** The device's own count starts again after the right clave. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordSuccess(Device device) {
		jdbc.sql("update devices set failed_attempts = 0, last_used_at = ? where id = ?")
			.params(Timestamp.from(clock.instant()), device.id())
			.update();
	}

	/**
	 * After a successful login: keeps the device's token when it is still trusted for the account, or
	 * issues a new one, and answers the value to hand back to the browser or app (the other accounts'
	 * tokens it held, and this one).
	 */
	@Transactional
	public String trust(String username, String presented) {
		List<String> tokens = tokens(presented);
		Optional<String> own = ownToken(username, presented).filter(token -> trusted(id(token), username, false));
		// Tokens of this account that are no longer trusted (locked, expired) leave the cookie.
		List<String> kept = new ArrayList<>(tokens.stream().filter(token -> !signedFor(username, token)).toList());
		String token = own.orElseGet(() -> issue(username));
		kept.add(token);
		while (kept.size() > PER_BROWSER) {
			kept.remove(0);
		}
		return String.join("~", kept);
	}

	/** Devices unused for the token's lifetime are forgotten; their tokens have expired anyway. */
	@Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT10M")
	@Transactional
	public void forgetUnused() {
		jdbc.sql("delete from devices where last_used_at < ?")
			.param(Timestamp.from(clock.instant().minus(settings.ttl())))
			.update();
	}

	private String issue(String username) {
		Instant now = clock.instant();
		String nonce = Secrets.newToken();
		long issued = now.getEpochSecond();
		jdbc.sql("insert into devices (id, username, failed_attempts, created_at, last_used_at) values (?, ?, 0, ?, ?)")
			.params(Secrets.sha256(nonce), username, Timestamp.from(now), Timestamp.from(now))
			.update();
		return nonce + "." + issued + "." + mac(username, nonce, issued);
	}

	private boolean trusted(String id, String username, boolean forUpdate) {
		return jdbc.sql("select id from devices where id = ? and username = ? and locked_at is null"
				+ (forUpdate ? " for update" : ""))
			.params(id, username)
			.query(String.class)
			.optional()
			.isPresent();
	}

	private Optional<String> ownToken(String username, String presented) {
		return tokens(presented).stream().filter(token -> signedFor(username, token)).findFirst();
	}

	private static List<String> tokens(String presented) {
		if (presented == null || presented.isBlank() || presented.length() > MAX_PRESENTED) {
			return List.of();
		}
		return java.util.Arrays.stream(presented.strip().split("~", PER_BROWSER * 2))
			.filter(token -> token.matches("[A-Za-z0-9_-]{43}\\.[0-9]{1,12}\\.[A-Za-z0-9_-]{43}"))
			.limit(PER_BROWSER)
			.toList();
	}

	/** Signed for this account, and issued less than {@code ttl} ago. */
	private boolean signedFor(String username, String token) {
		String[] parts = token.split("\\.");
		long issued = Long.parseLong(parts[1]);
		if (Instant.ofEpochSecond(issued).plus(settings.ttl()).isBefore(clock.instant())) {
			return false;
		}
		return MessageDigest.isEqual(mac(username, parts[0], issued).getBytes(StandardCharsets.US_ASCII),
				parts[2].getBytes(StandardCharsets.US_ASCII));
	}

	private static String id(String token) {
		return Secrets.sha256(token.substring(0, token.indexOf('.')));
	}

	private String mac(String username, String nonce, long issued) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(keys.get().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal(("clave-device-v1\n" + username + "\n" + nonce + "\n" + issued)
				.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}
}
