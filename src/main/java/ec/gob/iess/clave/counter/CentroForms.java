package ec.gob.iess.clave.counter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.servlet.ModelAndView;

import org.springframework.web.multipart.MultipartFile;

/** The forms of the back office's pages, as typed: each page validates them and calls the counter's services. */
final class CentroForms {

	private CentroForms() {
	}

	/**
	 * A service's refusal (400 INVALID_REQUEST with a message key as detail) on the field it concerns, as
	 * {@code fieldOf} names it; any other refusal is thrown on.
	 */
	static void rejectOnField(Refusal e, BindingResult result, Function<String, String> fieldOf) {
		String field = e.code() == RefusalCode.INVALID_REQUEST && e.detailKey() != null ? fieldOf.apply(e.detailKey()) : null;
		if (field == null) {
			throw e;
		}
		result.rejectValue(field, e.detailKey());
	}

	/** The form's page again, {@code 400}, with its errors. */
	static ModelAndView invalid(String view, Model model) {
		ModelAndView page = new ModelAndView(view, model.asMap());
		page.setStatus(HttpStatus.BAD_REQUEST);
		return page;
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

	/** A new member of staff: usuario, contraseña, roles and centre. */
	static class NewStaff {

		private String username;
		private String password;
		private List<String> roles = new ArrayList<>();
		private String center;

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

		public List<String> getRoles() {
			return roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles == null ? new ArrayList<>() : roles;
		}

		public String getCenter() {
			return center;
		}

		public void setCenter(String center) {
			this.center = center;
		}
	}

	/** An entry of the services catalogue: code and name only when it is added; roles and address always. */
	static class Service {

		private String code;
		private String name;
		private List<String> roles = new ArrayList<>();
		private String url;

		public String getCode() {
			return code;
		}

		public void setCode(String code) {
			this.code = code;
		}

		public String getName() {
			return name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public List<String> getRoles() {
			return roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles == null ? new ArrayList<>() : roles;
		}

		public String getUrl() {
			return url;
		}

		public void setUrl(String url) {
			this.url = url;
		}
	}

	/** A service registered for single sign-on: addresses one a line; the menu entry that launches it, optional. */
	static class Client {

		private String clientId;
		private String name;
		private String redirectUris;
		private String postLogoutRedirectUris;
		private String backchannelLogoutUri;
		private List<String> scopes = new ArrayList<>(List.of("openid"));
		private List<String> roles = new ArrayList<>();
		private boolean confidential = true;
		private String menuEntry;
		private String startUri;

		public String getClientId() {
			return clientId;
		}

		public void setClientId(String clientId) {
			this.clientId = clientId;
		}

		public String getName() {
			return name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getRedirectUris() {
			return redirectUris;
		}

		public void setRedirectUris(String redirectUris) {
			this.redirectUris = redirectUris;
		}

		public String getPostLogoutRedirectUris() {
			return postLogoutRedirectUris;
		}

		public void setPostLogoutRedirectUris(String postLogoutRedirectUris) {
			this.postLogoutRedirectUris = postLogoutRedirectUris;
		}

		public String getBackchannelLogoutUri() {
			return backchannelLogoutUri;
		}

		public void setBackchannelLogoutUri(String backchannelLogoutUri) {
			this.backchannelLogoutUri = backchannelLogoutUri;
		}

		public List<String> getScopes() {
			return scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes == null ? new ArrayList<>() : scopes;
		}

		public List<String> getRoles() {
			return roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles == null ? new ArrayList<>() : roles;
		}

		public boolean isConfidential() {
			return confidential;
		}

		public void setConfidential(boolean confidential) {
			this.confidential = confidential;
		}

		public String getMenuEntry() {
			return menuEntry;
		}

		public void setMenuEntry(String menuEntry) {
			this.menuEntry = menuEntry;
		}

		public String getStartUri() {
			return startUri;
		}

		public void setStartUri(String startUri) {
			this.startUri = startUri;
		}

		/** The addresses typed one a line (or separated by spaces), blanks dropped. */
		static List<String> lines(String typed) {
			return typed == null ? List.of()
					: java.util.Arrays.stream(typed.split("\\s+")).filter(line -> !line.isBlank()).toList();
		}

		static String blankToNull(String typed) {
			return typed == null || typed.isBlank() ? null : typed.strip();
		}
	}

	/** The audit search: account, agent, type and a range of Ecuador dates, each optional. */
	static class AuditFilter {

		private String cuenta;
		private String agente;
		private String tipo;
		private String desde;
		private String hasta;

		public String getCuenta() {
			return cuenta;
		}

		public void setCuenta(String cuenta) {
			this.cuenta = cuenta;
		}

		public String getAgente() {
			return agente;
		}

		public void setAgente(String agente) {
			this.agente = agente;
		}

		public String getTipo() {
			return tipo;
		}

		public void setTipo(String tipo) {
			this.tipo = tipo;
		}

		public String getDesde() {
			return desde;
		}

		public void setDesde(String desde) {
			this.desde = desde;
		}

		public String getHasta() {
			return hasta;
		}

		public void setHasta(String hasta) {
			this.hasta = hasta;
		}
	}
}
