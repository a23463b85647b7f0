package ec.gob.iess.clave.owner.web;

/** The clave typed again before registering a passkey, and the captcha when the source must solve one. */
public class PasskeyClaveForm {

	private String clave;
	private String captcha;

	public String getClave() {
		return clave;
	}

	public void setClave(String clave) {
		this.clave = clave;
	}

	public String getCaptcha() {
		return captcha;
	}

	public void setCaptcha(String captcha) {
		this.captcha = captcha;
	}
}
