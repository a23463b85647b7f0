package ec.gob.iess.clave.ratelimit;

import java.time.Duration;
import java.util.Locale;

/**
 * What is counted, and against whom. Login is limited per account, per source address and per clave
 * tried across many accounts (credential stuffing on guessable cédulas); recovery, unlock and the
 * mails they send per account and per source, so nobody can flood an inbox.
 */
public enum LimitKind {

	LOGIN_ACCOUNT(20, Duration.ofMinutes(15)),
	LOGIN_SOURCE(100, Duration.ofMinutes(15)),
	/** Failed logins from one source: past this, that source must solve the captcha to log in. */
	LOGIN_FAILURE_SOURCE(5, Duration.ofMinutes(15)),
	/** One clave tried across accounts, counted by a keyed hash of the clave, never the clave. */
	LOGIN_CLAVE(10, Duration.ofHours(1)),
	RECOVERY_ACCOUNT(5, Duration.ofHours(1)),
	RECOVERY_SOURCE(20, Duration.ofHours(1)),
	UNLOCK_ACCOUNT(5, Duration.ofHours(1)),
	UNLOCK_SOURCE(20, Duration.ofHours(1)),
	MAIL_ACCOUNT(5, Duration.ofHours(1)),
	MAIL_SOURCE(20, Duration.ofHours(1)),
	/**
	 * Captcha tickets spent by one source, from pages shown without JavaScript: half of what a source may
	 * ask of recovery or unlock, since a ticket costs a wait, not work (docs/decisions.md 66).
	 */
	CAPTCHA_TICKET_SOURCE(10, Duration.ofHours(1)),
	/**
	 * Failed staff logins, counted per source and username together (known or not, so it reveals
	 * nothing): past this, that source is refused for that username; the counter's own source is not.
	 */
	STAFF_LOGIN_FAILURE(5, Duration.ofMinutes(15));

	private final int defaultLimit;
	private final Duration defaultWindow;

	LimitKind(int defaultLimit, Duration defaultWindow) {
		this.defaultLimit = defaultLimit;
		this.defaultWindow = defaultWindow;
	}

	int defaultLimit() {
		return defaultLimit;
	}

	Duration defaultWindow() {
		return defaultWindow;
	}

	/** {@code clave.rate-limit.login-source}: the prefix of this kind's {@code .limit} and {@code .window}. */
	String property() {
		return "clave.rate-limit." + name().toLowerCase(Locale.ROOT).replace('_', '-');
	}
}
