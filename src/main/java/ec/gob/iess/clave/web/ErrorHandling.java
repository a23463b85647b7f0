package ec.gob.iess.clave.web;

import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every refusal becomes problem+json for the API and a Spanish error page for people; never a
 * stack trace (SECURITY.md 21). Unexpected failures are logged here, once, with their trace.
 */
@ControllerAdvice
class ErrorHandling {

	private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

	private final Problems problems;

	ErrorHandling(Problems problems) {
		this.problems = problems;
	}

	@ExceptionHandler(Refusal.class)
	Object refused(Refusal e, HttpServletRequest request, HttpServletResponse response) {
		if (RequestOrigins.isApi(request)) {
			return problems.entity(e);
		}
		if (e.retryAfterSeconds() != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
		}
		int status = RefusalStatus.of(e.code()).value();
		return page(status, pageCode(e.code(), status));
	}

	/**
	 * The refusal whose words the error page shows: its own when it has a page of its own, else the one of
	 * its status. A refusal meant for a form's field (a malformed cédula in a typed address, say) must not
	 * reach the page as an unknown message key.
	 */
	static RefusalCode pageCode(RefusalCode code, int status) {
		return OWN_PAGES.contains(code) ? code : ErrorPages.codeFor(status);
	}

	/** The refusals with words of their own on the error page ({@code error.CODE.title}, {@code error.CODE}). */
	static final Set<RefusalCode> OWN_PAGES = EnumSet.of(RefusalCode.INVALID_REQUEST, RefusalCode.NOT_FOUND,
			RefusalCode.FORBIDDEN, RefusalCode.UNAUTHENTICATED, RefusalCode.RATE_LIMITED, RefusalCode.UNAVAILABLE,
			RefusalCode.INVALID_CREDENTIALS, RefusalCode.PASSWORD_CHANGE_REQUIRED);

	@ExceptionHandler({ HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class,
			MissingServletRequestParameterException.class, MissingRequestHeaderException.class,
			HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class,
			MethodArgumentNotValidException.class, HandlerMethodValidationException.class,
			HttpRequestMethodNotSupportedException.class, IllegalArgumentException.class,
			// The firewall checks parameter names lazily, when a controller first reads them.
			RequestRejectedException.class })
	Object badRequest(Exception e, HttpServletRequest request) {
		log.debug("Bad request to {}: {}", request.getRequestURI(), e.getClass().getSimpleName());
		if (RequestOrigins.isApi(request)) {
			return problems.entity(RefusalCode.INVALID_REQUEST);
		}
		return page(400, RefusalCode.INVALID_REQUEST);
	}

	@ExceptionHandler(NoResourceFoundException.class)
	Object notFound(HttpServletRequest request) {
		if (RequestOrigins.isApi(request)) {
			return problems.entity(RefusalCode.NOT_FOUND);
		}
		return page(404, RefusalCode.NOT_FOUND);
	}

	@ExceptionHandler(Exception.class)
	Object unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
		if (DatabaseUnavailable.causedBy(e)) {
			// Not a defect: the database is stopped or out of connections. A short line, no trace.
			log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
			return refused(new Refusal(RefusalCode.UNAVAILABLE, List.of(), DatabaseUnavailable.RETRY_AFTER_SECONDS), request,
					response);
		}
		log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
		if (RequestOrigins.isApi(request)) {
			Problem unavailable = problems.problem(RefusalCode.UNAVAILABLE, List.of());
			return ResponseEntity.status(500).contentType(Problems.PROBLEM_JSON)
				.body(new Problem(unavailable.type(), unavailable.title(), 500, unavailable.detail(), unavailable.code(),
						List.of()));
		}
		return page(500, RefusalCode.UNAVAILABLE);
	}

	private static ModelAndView page(int status, RefusalCode code) {
		ModelAndView page = new ModelAndView("error");
		page.setStatus(org.springframework.http.HttpStatusCode.valueOf(status));
		page.addObject("status", status);
		page.addObject("code", code.name());
		return page;
	}
}
