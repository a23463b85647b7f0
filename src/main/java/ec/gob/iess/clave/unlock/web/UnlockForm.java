package ec.gob.iess.clave.unlock.web;

/** "Número de cédula" and the captcha. */
public class UnlockForm {

	private String username;
	private String captcha;

	public String getUsername() {
		return username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getCaptcha() {
		return captcha;
	}

	public void setCaptcha(String captcha) {
		this.captcha = captcha;
	}
}
