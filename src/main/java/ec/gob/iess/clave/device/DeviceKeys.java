package ec.gob.iess.clave.device;

import java.util.function.Supplier;

import ec.gob.iess.clave.session.ServerKeys;

import org.springframework.stereotype.Component;

/**
 * The key that signs device tokens: {@code clave.device.hmac-key} when set, else the {@code device} key of
 * {@link ServerKeys}, made once and shared by every node without configuration (docs/decisions.md 17).
 */
@Component
class DeviceKeys implements Supplier<String> {

	static final String PURPOSE = "device";

	private final DeviceSettings settings;
	private final ServerKeys serverKeys;

	DeviceKeys(DeviceSettings settings, ServerKeys serverKeys) {
		this.settings = settings;
		this.serverKeys = serverKeys;
	}

	@Override
	public String get() {
		return settings.hmacKey() != null && !settings.hmacKey().isBlank() ? settings.hmacKey()
				: serverKeys.key(PURPOSE);
	}
}
