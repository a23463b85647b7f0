package ec.gob.iess.clave.captcha;

import java.util.function.Supplier;

import ec.gob.iess.clave.session.ServerKeys;

import org.springframework.stereotype.Component;

/**
 * The key that signs challenges: {@code clave.captcha.hmac-key} when set, else the {@code captcha} key of
 * {@link ServerKeys}, made once and shared by every node without any configuration (docs/decisions.md 17).
 */
@Component
class CaptchaKeys implements Supplier<String> {

	static final String PURPOSE = "captcha";

	private final CaptchaSettings settings;
	private final ServerKeys serverKeys;

	CaptchaKeys(CaptchaSettings settings, ServerKeys serverKeys) {
		this.settings = settings;
		this.serverKeys = serverKeys;
	}

	@Override
	public String get() {
		return settings.hmacKey() != null ? settings.hmacKey() : serverKeys.key(PURPOSE);
	}
}
