package ec.gob.iess.clave.counter;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.multipart.MultipartFile;

/** The forms of the back office's pages, as typed: each page validates them and calls the counter's services. */
final class CentroForms {

	private CentroForms() {
	}

	/** Usuario, contraseña and the code of the authenticator app. */
	static class Login {

		private String username;
		private String password;
		private String totp;

		public String getUsername() {
			return username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getTotp() {
			return totp;
		}

		public void setTotp(String totp) {
			this.totp = totp;
		}
	}

	/** The first code of a newly enrolled authenticator app. */
	static class Enrolment {

		private String totp;

		public String getTotp() {
			return totp;
		}

		public void setTotp(String totp) {
			this.totp = totp;
		}
	}

	/** A cédula or a RUC. */
	static class Search {

		private String numero;

		public String getNumero() {
			return numero;
		}

		public void setNumero(String numero) {
			this.numero = numero;
		}
	}

	/** A person's data as printed on the cédula, and the roles. */
	static class Person {

		private String firstNames;
		private String lastNames;
		private String birthDate;
		private String fingerprintCode;
		private List<String> roles = new ArrayList<>();

		public String getFirstNames() {
			return firstNames;
		}

		public void setFirstNames(String firstNames) {
			this.firstNames = firstNames;
		}

		public String getLastNames() {
			return lastNames;
		}

		public void setLastNames(String lastNames) {
			this.lastNames = lastNames;
		}

		public String getBirthDate() {
			return birthDate;
		}

		public void setBirthDate(String birthDate) {
			this.birthDate = birthDate;
		}

		public String getFingerprintCode() {
			return fingerprintCode;
		}

		public void setFingerprintCode(String fingerprintCode) {
			this.fingerprintCode = fingerprintCode;
		}

		public List<String> getRoles() {
			return roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles == null ? new ArrayList<>() : roles;
		}
	}

	/** Why the account is suspended. */
	static class Suspension {

		private String reason;

		public String getReason() {
			return reason;
		}

		public void setReason(String reason) {
			this.reason = reason;
		}
	}

	/** The email and mobile the person shows, and the scanner's picture of the finger that proves who they are. */
	static class Verification {

		private String email;
		private String mobile;
		private MultipartFile fingerprint;
		private String dpi = "500";

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

		public MultipartFile getFingerprint() {
			return fingerprint;
		}

		public void setFingerprint(MultipartFile fingerprint) {
			this.fingerprint = fingerprint;
		}

		public String getDpi() {
			return dpi;
		}

		public void setDpi(String dpi) {
			this.dpi = dpi;
		}
	}

	/** Why a supervisor forgets the enrolled finger (its own field name: the page has the suspension's reason too). */
	static class FingerprintReset {

		private String resetReason;

		public String getResetReason() {
			return resetReason;
		}

		public void setResetReason(String resetReason) {
			this.resetReason = resetReason;
		}
	}

	/** An employer: legal name, legal representative's cédula and the employer's email. */
	static class Employer {

		private String legalName;
		private String representative;
		private String email;

		public String getLegalName() {
			return legalName;
		}

		public void setLegalName(String legalName) {
			this.legalName = legalName;
		}

		public String getRepresentative() {
			return representative;
		}

		public void setRepresentative(String representative) {
			this.representative = representative;
		}

		public String getEmail() {
			return email;
		}

		public void setEmail(String email) {
			this.email = email;
		}
	}
}
