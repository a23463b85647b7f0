package ec.gob.iess.clave.web;

import ec.gob.iess.clave.refusal.RefusalCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors raised outside controllers (filters, the container) land here: problem+json under
 * {@code /api}, the Spanish error page elsewhere, never Boot's default page with its details.
 */
@Controller
class ErrorPages implements ErrorController {

	private final Problems problems;

	ErrorPages(Problems problems) {
		this.problems = problems;
	}

	@RequestMapping("/error")
	Object error(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
		// Without the container's error attributes this is someone opening /error: there is no such page.
		Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = statusAttribute instanceof Integer code ? code : 404;
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		RefusalCode code = codeFor(status);
		if (uri instanceof String path && path.startsWith(request.getContextPath() + "/api/")) {
			problems.write(response, code, null);
			if (status != RefusalStatus.of(code).value()) {
				response.setStatus(status);
			}
			return null;
		}
		ModelAndView page = new ModelAndView("error");
		page.setStatus(HttpStatus.valueOf(status));
		page.addObject("status", status);
		page.addObject("code", code.name());
		return page;
	}

	static RefusalCode codeFor(int status) {
		return switch (status) {
			case 401 -> RefusalCode.UNAUTHENTICATED;
			case 403 -> RefusalCode.FORBIDDEN;
			case 404 -> RefusalCode.NOT_FOUND;
			case 429 -> RefusalCode.RATE_LIMITED;
			case 503 -> RefusalCode.UNAVAILABLE;
			default -> status >= 500 ? RefusalCode.UNAVAILABLE : RefusalCode.INVALID_REQUEST;
		};
	}
}
