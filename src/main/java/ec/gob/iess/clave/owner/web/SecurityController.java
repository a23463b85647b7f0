package ec.gob.iess.clave.owner.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.credential.AccountKind;
import ec.gob.iess.clave.credential.AgreementService;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.owner.FraudReports;
import ec.gob.iess.clave.owner.IpPlaces;
import ec.gob.iess.clave.owner.SecurityOverview;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Mi seguridad (PRODUCT.md §4.7a), for people and employers: the last 90 days of the account in plain words,
 * the open sessions each with "Cerrar sesión", and "No fui yo" after a confirmation. Every action is a form
 * (POST with the CSRF token); the page works without JavaScript.
 */
@Controller
class SecurityController {

	static final String PAGE = "/seguridad";

	/** Ecuador's time, as every date a person reads. */
	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")
		.withZone(ZoneId.of("America/Guayaquil"));

	/** @param place in the reader's words: a country, the local network, or unknown */
	/** @param method {@code clave} or {@code passkey} for a login or a failed one, otherwise {@code null} */
	record EventRow(String at, String type, String channel, String center, String ip, String place, String outcome,
			String method) {
	}

	/** @param lastUsedAt {@code null} when never used */
	record PasskeyRow(String id, String name, String createdAt, String lastUsedAt) {
	}

	record SessionRow(String id, String kind, String service, String createdAt, String lastUsedAt, String ip, String place,
			boolean current) {
	}

	private final SecurityOverview overview;
	private final FraudReports reports;
	private final AgreementService agreements;
	private final MessageSource messages;

	SecurityController(SecurityOverview overview, FraudReports reports, AgreementService agreements,
			MessageSource messages) {
		this.overview = overview;
		this.reports = reports;
		this.agreements = agreements;
		this.messages = messages;
	}

	@GetMapping(PAGE)
	String page(@AuthenticationPrincipal ClavePrincipal principal, @RequestParam(name = "cerrada", required = false)
			String closed, Model model, HttpServletRequest request, Locale locale) {
		if (agreements.pendingFor(principal.username())) {
			return "redirect:/acuerdo";
		}
		HttpSession session = request.getSession(false);
		SecurityOverview.Overview seen = overview.of(principal.username(), session == null ? null : session.getId(), null);
		List<EventRow> events = seen.events().stream()
			.map(e -> new EventRow(TIME.format(e.at()), e.type().name(), e.channel().name(), e.center(), e.ip(),
					place(e.place(), locale), e.outcome().name(), method(e)))
			.toList();
		List<SessionRow> sessions = seen.sessions().stream()
			.map(s -> new SessionRow(s.id(), s.kind().name(), s.service(), TIME.format(s.createdAt()),
					TIME.format(s.lastUsedAt()), s.ip(), place(s.place(), locale), s.current()))
			.toList();
		model.addAttribute("passkeys", seen.passkeys().stream()
			.map(p -> new PasskeyRow(p.id(), p.name(), TIME.format(p.createdAt()),
					p.lastUsedAt() == null ? null : TIME.format(p.lastUsedAt())))
			.toList());
		model.addAttribute("passkeyRegistered", request.getParameter("llave-registrada") != null);
		model.addAttribute("passkeyRemoved", request.getParameter("llave-quitada") != null);
		model.addAttribute("events", events);
		model.addAttribute("sessions", sessions);
		model.addAttribute("closed", closed != null);
		model.addAttribute("empleador", Username.parse(principal.username()).kind() == AccountKind.EMPLEADOR);
		return "owner/security";
	}

	@PostMapping(PAGE + "/cerrar-sesion")
	String close(@AuthenticationPrincipal ClavePrincipal principal, @RequestParam(name = "id", required = false) String id,
			HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		boolean current = session != null && overview.sessions(principal.username(), session.getId(), null).stream()
			.anyMatch(s -> s.current() && s.id().equals(id));
		if (id == null || !overview.close(principal.username(), id, RequestOrigins.of(request))) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		if (current) {
			// This very session ended: nothing of it may be written back.
			session.invalidate();
			SecurityContextHolder.clearContext();
			return "redirect:/ingresar";
		}
		return "redirect:" + PAGE + "?cerrada";
	}

	@GetMapping(PAGE + "/no-fui-yo")
	String confirmFraud(@AuthenticationPrincipal ClavePrincipal principal, Model model) {
		model.addAttribute("empleador", Username.parse(principal.username()).kind() == AccountKind.EMPLEADOR);
		return "owner/security-fraud";
	}

	@PostMapping(PAGE + "/no-fui-yo")
	String reportFraud(@AuthenticationPrincipal ClavePrincipal principal, HttpServletRequest request) {
		reports.reportSignedIn(principal.username(), RequestOrigins.of(request));
		// Every session of the account ended with the report, this one too.
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		SecurityContextHolder.clearContext();
		return "owner/fraud-done";
	}

	/** A login says how: with the clave or with a passkey (PRODUCT.md §4.7a). */
	private static String method(SecurityOverview.Event event) {
		if (event.type() != AuditType.LOGIN_SUCCEEDED && event.type() != AuditType.LOGIN_FAILED) {
			return null;
		}
		return event.passkey() ? "passkey" : "clave";
	}

	private String place(IpPlaces.Place place, Locale locale) {
		if (place instanceof IpPlaces.Country country) {
			return new Locale("", country.country()).getDisplayCountry(locale);
		}
		return messages.getMessage(place instanceof IpPlaces.LocalNetwork ? "security.place.local" : "security.place.unknown",
				null, locale);
	}
}
