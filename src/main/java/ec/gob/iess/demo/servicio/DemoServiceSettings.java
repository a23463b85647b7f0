package ec.gob.iess.demo.servicio;

/**
 * One demo service.
 *
 * @param title what the service is called on its page ("Historia laboral (demostración)")
 * @param port its port; 0 for a free one (tests)
 * @param issuer Clave's issuer ({@code clave.base-url}), checked in every token
 * @param clave where the service reaches Clave (the same as the issuer outside tests)
 * @param cookieName its session cookie: services on one host share the browser's cookies, whatever the port
 * @param otherTitle and {@code otherAddress}: the other demo service, linked from the page (may be null)
 */
public record DemoServiceSettings(String title, String clientId, String clientSecret, int port, String issuer,
		String clave, String cookieName, String otherTitle, String otherAddress) {

	/** The page a person is sent to from Clave's menu: it needs a session, so it starts the login. */
	public static final String START = "/consulta";
	/** Where Clave sends the person back with the code (register it exactly, on the service's address). */
	public static final String CALLBACK = "/login/oauth2/code/clave";
	/** Where Clave posts logout tokens (OpenID Connect Back-Channel Logout). */
	public static final String BACK_CHANNEL_LOGOUT = "/logout/connect/back-channel/clave";

	public DemoServiceSettings {
		issuer = trimmed(issuer);
		clave = trimmed(clave);
	}

	private static String trimmed(String address) {
		return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
	}
}
