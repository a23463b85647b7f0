package ec.gob.iess.clave.captcha;

import jakarta.servlet.http.HttpServletRequest;

import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.thymeleaf.context.LazyContextVariable;

/**
 * Gives every page the {@code captchaTicket} that {@code fragments/captcha.html} puts in its
 * {@code <noscript>}, so no controller has to: made only when a page shows the captcha (a lazy
 * variable), from the request's source, with no write (an anonymous page view writes nothing).
 */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class NoScriptTicketModel {

	private final Captcha captcha;

	NoScriptTicketModel(Captcha captcha) {
		this.captcha = captcha;
	}

	@ModelAttribute("captchaTicket")
	LazyContextVariable<Captcha.NoScriptTicket> captchaTicket(HttpServletRequest request) {
		Origin origin = RequestOrigins.of(request);
		return new LazyContextVariable<>() {
			@Override
			protected Captcha.NoScriptTicket loadValue() {
				return captcha.ticket(origin);
			}
		};
	}
}
