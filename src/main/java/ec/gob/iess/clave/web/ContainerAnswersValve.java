package ec.gob.iess.clave.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.ServletException;

import ec.gob.iess.clave.refusal.RefusalCode;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

/**
 * Tomcat's error report replaced, on the host, so that it sees every answer, also those Spring never
 * sees: a path Tomcat rejects ({@code /%2e%2e/}, {@code /a|b}), a header it cannot parse, an error
 * page it dispatches itself ({@code TRACE}, {@code /WEB-INF/…}). Each answer gets the headers of
 * {@link SecurityHeaders} (before the application runs, so that they are there even if the answer is
 * sent early, and again after it, in case it was reset); an error nobody wrote a body for gets a
 * short Spanish page, or problem+json under {@code /api/}, never Tomcat's page or version.
 */
final class ContainerAnswersValve extends ErrorReportValve {

	private static final Locale ES = Locale.forLanguageTag("es");

	private final Problems problems;
	private final MessageSource messages;

	ContainerAnswersValve(Problems problems, MessageSource messages) {
		this.problems = problems;
		this.messages = messages;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		SecurityHeaders.addMissing(request, response);
		try {
			super.invoke(request, response);
		}
		finally {
			if (!response.isCommitted()) {
				SecurityHeaders.addMissing(request, response);
			}
		}
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		RefusalCode code = ErrorPages.codeFor(status);
		String uri = request.getRequestURI();
		boolean api = uri != null && uri.startsWith("/api/");
		try {
			byte[] body;
			if (api) {
				response.setContentType(Problems.PROBLEM_JSON.toString());
				body = problems.body(code);
			}
			else {
				response.setContentType("text/html;charset=UTF-8");
				body = page(code).getBytes(StandardCharsets.UTF_8);
			}
			response.setCharacterEncoding("UTF-8");
			// Both bodies are Spanish: there is no locale resolution out here.
			response.setHeader("Content-Language", Problems.LANGUAGE);
			SecurityHeaders.addMissing(request, response);
			response.getOutputStream().write(body);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException e) {
			// The client is gone or the answer already started: nothing more to tell it.
		}
	}

	/** The error page without Thymeleaf: outside any application context there is no template engine. */
	private String page(RefusalCode code) {
		String title = text("error." + code.name() + ".title");
		return "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + title + "</title>\n"
				+ "<link rel=\"stylesheet\" href=\"/css/clave.css\">\n</head>\n<body>\n<main id=\"contenido\" class=\"wrap\">\n"
				+ "<section class=\"narrow\">\n<h1>" + title + "</h1>\n<p>" + text("error." + code.name()) + "</p>\n"
				+ "<p><a class=\"button\" href=\"/\">" + text("error.home") + "</a></p>\n</section>\n</main>\n</body>\n</html>\n";
	}

	private String text(String key) {
		return HtmlUtils.htmlEscape(messages.getMessage(key, null, key, ES));
	}
}
