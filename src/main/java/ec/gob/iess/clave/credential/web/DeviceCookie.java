package ec.gob.iess.clave.credential.web;

import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;

import ec.gob.iess.clave.device.DeviceSettings;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The browser's device cookie: {@code __Host-} (Secure, Path=/, no Domain), HttpOnly, and
 * SameSite=Strict, since only our own login and Cambio de clave forms need it. Its value holds signed
 * tokens only, never a cédula (SECURITY.md 20).
 */
@Component
class DeviceCookie {

	static final String NAME = "__Host-clave-dispositivo";

	private final Duration ttl;

	DeviceCookie(DeviceSettings settings) {
		this.ttl = settings.ttl();
	}

	void set(HttpServletResponse response, String value) {
		response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(NAME, value)
			.path("/")
			.secure(true)
			.httpOnly(true)
			.sameSite("Strict")
			.maxAge(ttl)
			.build()
			.toString());
	}
}
