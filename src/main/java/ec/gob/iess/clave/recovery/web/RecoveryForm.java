package ec.gob.iess.clave.recovery.web;

/** The three steps' fields: number and captcha; birth date and código dactilar; the new clave. */
public class RecoveryForm {

	private String username;
	private String captcha;
	private String fechaNacimiento;
	private String codigoDactilar;
	private String nuevaClave;
	private String confirmarClave;
	private boolean acepto;

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

	public String getFechaNacimiento() {
		return fechaNacimiento;
	}

	public void setFechaNacimiento(String fechaNacimiento) {
		this.fechaNacimiento = fechaNacimiento;
	}

	public String getCodigoDactilar() {
		return codigoDactilar;
	}

	public void setCodigoDactilar(String codigoDactilar) {
		this.codigoDactilar = codigoDactilar;
	}

	public String getNuevaClave() {
		return nuevaClave;
	}

	public void setNuevaClave(String nuevaClave) {
		this.nuevaClave = nuevaClave;
	}

	public String getConfirmarClave() {
		return confirmarClave;
	}

	public void setConfirmarClave(String confirmarClave) {
		this.confirmarClave = confirmarClave;
	}

	public boolean isAcepto() {
		return acepto;
	}

	public void setAcepto(boolean acepto) {
		this.acepto = acepto;
	}
}
