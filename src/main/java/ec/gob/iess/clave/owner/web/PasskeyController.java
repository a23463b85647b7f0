package ec.gob.iess.clave.owner.web;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.credential.LoginOutcome;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.owner.Passkeys;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.AfterSignIn;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.session.WebSignIn;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.authentication.HttpSessionPublicKeyCredentialRequestOptionsRepository;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.registration.HttpSessionPublicKeyCredentialCreationOptionsRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Passkeys on the web (PRODUCT.md §4.7b): "Nueva llave de acceso" from Mi seguridad — the clave again when
 * it was not typed in the last five minutes (a form, no JavaScript), then the browser makes the passkey (a
 * script: WebAuthn has no form) — "Quitar" on Mi seguridad (a form), and "Ingresar con llave de acceso" on
 * Ingresar. The browser's JSON is read and written with Spring Security's WebAuthn Jackson module; the
 * challenges wait in the session as Spring's own filters keep them.
 */
@Controller
class PasskeyController {

	static final String NEW = SecurityController.PAGE + "/llave-nueva";
	static final String CLAVE = NEW + "/clave";
	static final String CREATION_OPTIONS = NEW + "/opciones";
	static final String REMOVE = SecurityController.PAGE + "/quitar-llave";
	static final String LOGIN = "/ingresar/llave";
	static final String LOGIN_OPTIONS = LOGIN + "/opciones";

	private final JsonMapper json = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();
	private final JavaType assertion = json.getTypeFactory()
		.constructParametricType(PublicKeyCredential.class, AuthenticatorAssertionResponse.class);
	private final HttpSessionPublicKeyCredentialCreationOptionsRepository creations = new HttpSessionPublicKeyCredentialCreationOptionsRepository();
	private final HttpSessionPublicKeyCredentialRequestOptionsRepository requests = new HttpSessionPublicKeyCredentialRequestOptionsRepository();

	private final Passkeys passkeys;
	private final LoginService login;
	private final WebSignIn signIn;
	private final AgreementService agreements;
	private final MessageSource messages;

	PasskeyController(Passkeys passkeys, LoginService login, WebSignIn signIn, AgreementService agreements,
			MessageSource messages) {
		this.passkeys = passkeys;
		this.login = login;
		this.signIn = signIn;
		this.agreements = agreements;
		this.messages = messages;
	}

	@GetMapping(NEW)
	String newPasskey(@AuthenticationPrincipal ClavePrincipal principal,
			@RequestHeader(name = "User-Agent", required = false) String userAgent, Model model, HttpServletRequest request,
			Locale locale) {
		if (agreements.pendingFor(principal.username())) {
			return "redirect:/acuerdo";
		}
		model.addAttribute("form", new PasskeyClaveForm());
		return page(model, request, userAgent, locale);
	}

	/** The clave again (checked as a login: a wrong one counts toward the lockout), for five minutes of registering. */
	@PostMapping(CLAVE)
	String confirmClave(@AuthenticationPrincipal ClavePrincipal principal, @ModelAttribute("form") PasskeyClaveForm form,
			BindingResult result, @CookieValue(name = ContactController.DEVICE_COOKIE, required = false) String device,
			@RequestHeader(name = "User-Agent", required = false) String userAgent, Model model, HttpServletRequest request,
			Locale locale) {
		try {
			if (login.confirmClave(principal.username(), form.getClave() == null ? "" : form.getClave(), form.getCaptcha(),
					device, RequestOrigins.of(request), AuditType.PASSKEY_REGISTERED)) {
				signIn.claveTyped(request);
				return "redirect:" + NEW;
			}
			result.rejectValue("clave", "passkey.clave.wrong");
		}
		catch (Refusal e) {
			switch (e.code()) {
				case CAPTCHA_REQUIRED, CAPTCHA_INVALID -> result.rejectValue("captcha", Captcha.messageKey(e));
				default -> throw e;
			}
		}
		form.setClave(null);
		form.setCaptcha(null);
		return page(model, request, userAgent, locale);
	}

	@PostMapping(path = CREATION_OPTIONS, produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ResponseEntity<String> creationOptions(@AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest request,
			HttpServletResponse response, Locale locale) {
		try {
			PublicKeyCredentialCreationOptions options = passkeys.creationOptions(principal.username(),
					WebSignIn.claveTypedAt(request.getSession(false)));
			creations.save(request, response, options);
			return ResponseEntity.ok(json.writeValueAsString(options));
		}
		catch (Passkeys.Refused e) {
			return refused(e.code(), e.reason(), locale);
		}
	}

	/** The passkey the browser made: {@code {"name": …, "publicKey": {"credential": …}}}. */
	@PostMapping(path = NEW, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ResponseEntity<String> register(@AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest request,
			HttpServletResponse response, Locale locale) {
		PublicKeyCredentialCreationOptions options = creations.load(request);
		creations.save(request, response, null);
		try {
			JsonNode body = read(request);
			String name = body.path("name").asString("");
			RelyingPartyPublicKey key = body.hasNonNull("publicKey")
					? json.treeToValue(body.get("publicKey"), RelyingPartyPublicKey.class) : null;
			passkeys.register(principal.username(), WebSignIn.claveTypedAt(request.getSession(false)), options,
					key == null ? null : key.getCredential(), name, RequestOrigins.of(request));
			return answer(HttpStatus.OK, Map.of("redirect", request.getContextPath() + SecurityController.PAGE + "?llave-registrada"));
		}
		catch (Passkeys.Refused e) {
			return refused(e.code(), e.reason(), locale);
		}
		catch (RuntimeException | IOException e) {
			return refused(RefusalCode.INVALID_REQUEST, "credential", locale);
		}
	}

	@PostMapping(REMOVE)
	String remove(@AuthenticationPrincipal ClavePrincipal principal, @RequestParam(name = "id", required = false) String id,
			HttpServletRequest request) {
		if (id == null || !passkeys.remove(principal.username(), id, RequestOrigins.of(request))) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		return "redirect:" + SecurityController.PAGE + "?llave-quitada";
	}

	@PostMapping(path = LOGIN_OPTIONS, produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	String loginOptions(HttpServletRequest request, HttpServletResponse response) {
		PublicKeyCredentialRequestOptions options = passkeys.requestOptions(RequestOrigins.of(request));
		requests.save(request, response, options);
		return json.writeValueAsString(options);
	}

	/** The browser's signed answer: in as Ingresar lets in (a new session, the acuerdo first), or one message. */
	@PostMapping(path = LOGIN, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ResponseEntity<String> login(HttpServletRequest request, HttpServletResponse response, Locale locale) {
		PublicKeyCredentialRequestOptions options = requests.load(request);
		requests.save(request, response, null);
		PublicKeyCredential<AuthenticatorAssertionResponse> credential;
		try {
			credential = json.readValue(request.getInputStream(), assertion);
		}
		catch (RuntimeException | IOException e) {
			credential = null;
		}
		Passkeys.SignIn result = passkeys.signIn(options, credential, RequestOrigins.of(request));
		if (result.outcome() instanceof LoginOutcome.Success success) {
			signIn.signIn(success.principal(), result.methods(), request, response);
			String next = success.agreementPending() ? "/acuerdo" : AfterSignIn.next(request, "/servicios");
			return answer(HttpStatus.OK, Map.of("redirect", request.getContextPath() + next));
		}
		return answer(HttpStatus.UNAUTHORIZED, Map.of("message", messages.getMessage("passkey.login.failed", null, locale)));
	}

	private String page(Model model, HttpServletRequest request, String userAgent, Locale locale) {
		HttpSession session = request.getSession(false);
		model.addAttribute("claveRecent", passkeys.claveRecent(WebSignIn.claveTypedAt(session)));
		model.addAttribute("defaultName", messages.getMessage("passkey.device." + DeviceNames.of(userAgent), null, locale));
		model.addAttribute("nameMax", Passkeys.NAME_MAX);
		model.addAttribute("captchaRequired", login.captchaRequired(RequestOrigins.of(request)));
		return "owner/passkey-new";
	}

	private JsonNode read(HttpServletRequest request) throws IOException {
		return json.readTree(request.getInputStream());
	}

	private ResponseEntity<String> refused(RefusalCode code, String reason, Locale locale) {
		HttpStatus status = code == RefusalCode.FORBIDDEN ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST;
		return answer(status, Map.of("message", messages.getMessage("passkey.refused." + reason, null, locale)));
	}

	private ResponseEntity<String> answer(HttpStatus status, Map<String, String> body) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
	}
}
