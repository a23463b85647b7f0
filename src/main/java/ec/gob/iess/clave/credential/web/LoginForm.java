package ec.gob.iess.clave.credential.web;

/** The Ingresar form: "Número de cédula" (or "RUC") and "Clave". */
public class LoginForm {

	private String username;
	private String clave;
	private String captcha;

	public String getCaptcha() {
		return captcha;
	}

	public void setCaptcha(String captcha) {
		this.captcha = captcha;
	}

	public String getUsername() {
		return username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getClave() {
		return clave;
	}

	public void setClave(String clave) {
		this.clave = clave;
	}
}
