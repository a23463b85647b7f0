package ec.gob.iess.clave.owner.web;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.captcha.Captcha;
import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.owner.ContactChangeService;
import ec.gob.iess.clave.owner.LinkOutcome;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.token.LinkPages;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Actualizar datos (PRODUCT.md §4.7): signed in, the clave again, the new email and mobile; then the page
 * of the link sent to the new email (without login, as every link page), which confirms it on its button.
 */
@Controller
class ContactController {

	static final String FORM = "/datos";
	static final String LINK = ContactChangeService.LINK_PATH;
	static final String CONFIRM = "/datos/confirmar";
	static final String CONFIRMED = "/datos/confirmado";

	/** The device cookie's name ({@code credential.web.DeviceCookie}): the owner's device keeps its own count. */
	static final String DEVICE_COOKIE = "__Host-clave-dispositivo";

	static final String DONE = ContactController.class.getName() + ".confirmed";

	private final ContactChangeService contacts;
	private final LoginService login;
	private final AgreementService agreements;
	private final LinkPages linkPages;
	private final LinkPages.Flow link = new LinkPages.Flow(LinkPurpose.CONTACT_CONFIRMATION, FORM, CONFIRM,
			"owner/contact-link-invalid", Duration.ofMinutes(15));

	ContactController(ContactChangeService contacts, LoginService login, AgreementService agreements, LinkPages linkPages) {
		this.contacts = contacts;
		this.login = login;
		this.agreements = agreements;
		this.linkPages = linkPages;
	}

	@GetMapping(FORM)
	String form(@AuthenticationPrincipal ClavePrincipal principal, Model model, HttpServletRequest request) {
		if (agreements.pendingFor(principal.username())) {
			// As the services menu: a newer acuerdo de uso is accepted first (PRODUCT.md §4.5).
			return "redirect:/acuerdo";
		}
		model.addAttribute("form", new ContactForm());
		return page(principal, model, request);
	}

	@PostMapping(FORM)
	String submit(@ModelAttribute("form") ContactForm form, BindingResult result,
			@AuthenticationPrincipal ClavePrincipal principal,
			@CookieValue(name = DEVICE_COOKIE, required = false) String device, Model model, HttpServletRequest request) {
		try {
			String masked = contacts.request(new ContactChangeService.Request(principal.username(), form.getClave(),
					form.getEmail(), form.getMobile(), form.getCaptcha(), device), RequestOrigins.of(request));
			model.addAttribute("maskedEmail", masked);
			return "owner/contact-sent";
		}
		catch (ContactChangeService.InvalidField e) {
			result.rejectValue(e.field(), "contact." + e.field() + ".invalid");
		}
		catch (Refusal e) {
			switch (e.code()) {
				case INVALID_CREDENTIALS -> result.rejectValue("clave", "contact.clave.wrong");
				case CAPTCHA_REQUIRED, CAPTCHA_INVALID -> result.rejectValue("captcha", Captcha.messageKey(e));
				default -> throw e;
			}
		}
		form.setClave(null);
		form.setCaptcha(null);
		return page(principal, model, request);
	}

	private String page(ClavePrincipal principal, Model model, HttpServletRequest request) {
		model.addAttribute("allowed", contacts.allowed(principal.username()));
		model.addAttribute("coolingOffHours", contacts.coolingOffHours());
		model.addAttribute("captchaRequired", login.captchaRequired(RequestOrigins.of(request)));
		return "owner/contact";
	}

	@GetMapping(LINK)
	String open(@RequestParam(name = "token", required = false) String token, Model model, HttpServletRequest request) {
		return linkPages.open(link, token, request, model);
	}

	@GetMapping(CONFIRM)
	String confirmPage(Model model, HttpServletRequest request) {
		return linkPages.show(link, request, model, valid -> {
			model.addAttribute("accountEnding", Username.parse(valid.account()).ending());
			return "owner/contact-confirm";
		});
	}

	@PostMapping(CONFIRM)
	String confirm(Model model, HttpServletRequest request) {
		return linkPages.use(link, request, held -> {
			linkPages.release(link, request);
			LinkOutcome outcome = contacts.confirm(held.token(), held.opening(), RequestOrigins.of(request));
			if (outcome instanceof LinkOutcome.Refused refused) {
				return linkPages.refused(link, refused.expired(), request, model);
			}
			request.getSession().setAttribute(DONE, Boolean.TRUE);
			return "redirect:" + CONFIRMED;
		});
	}

	@GetMapping(CONFIRMED)
	String confirmed(Model model, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || session.getAttribute(DONE) == null) {
			return "redirect:/";
		}
		model.addAttribute("coolingOffHours", contacts.coolingOffHours());
		return "owner/contact-confirmed";
	}
}
