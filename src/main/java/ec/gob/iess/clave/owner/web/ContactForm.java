package ec.gob.iess.clave.owner.web;

/** Actualizar datos: the clave again, the new email and mobile, and the captcha when the source must solve one. */
public class ContactForm {

	private String clave;
	private String email;
	private String mobile;
	private String captcha;

	public String getClave() {
		return clave;
	}

	public void setClave(String clave) {
		this.clave = clave;
	}

	public String getEmail() {
		return email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

	public String getMobile() {
		return mobile;
	}

	public void setMobile(String mobile) {
		this.mobile = mobile;
	}

	public String getCaptcha() {
		return captcha;
	}

	public void setCaptcha(String captcha) {
		this.captcha = captcha;
	}
}
