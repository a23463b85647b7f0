package ec.gob.iess.clave.counter;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.text.Collator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import ec.gob.iess.clave.audit.AuditEntry;
import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit search of the back office (decision 90), for supervisors and administrators as the staff API's
 * audit: by account, agent, type and a range of Ecuador dates, {@value #PAGE_SIZE} events a page newest first
 * with links to newer and older ones under the same filter, and the same filter as a CSV file, streamed, of
 * at most {@value #EXPORT_CAP} events (the newest).
 */
@Controller
class CentroAuditController {

	static final String VIEW = "centro/audit";
	static final int PAGE_SIZE = 50;
	/** The most events one export holds: enough for months of a centre, bounded for the database and the sheet. */
	static final int EXPORT_CAP = 100_000;

	static final ZoneId ECUADOR = ZoneId.of("America/Guayaquil");
	private static final DateTimeFormatter TYPED_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu")
		.withResolverStyle(ResolverStyle.STRICT);
	private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ECUADOR);

	private final AuditLog audit;
	private final MessageSource messages;
	private final Clock clock;

	CentroAuditController(AuditLog audit, MessageSource messages, Clock clock) {
		this.audit = audit;
		this.messages = messages;
		this.clock = clock;
	}

	@PreAuthorize(StaffAccess.AUDIT)
	@GetMapping("/centro/auditoria")
	Object search(@ModelAttribute("filter") CentroForms.AuditFilter filter, BindingResult result,
			@RequestParam(name = "antes", required = false) Long olderThan,
			@RequestParam(name = "despues", required = false) Long newerThan, Model model) {
		model.addAttribute("exportCap", EXPORT_CAP);
		// In the order of their words, as the reader looks for them.
		Locale locale = LocaleContextHolder.getLocale();
		Collator order = Collator.getInstance(locale);
		model.addAttribute("types", Arrays.stream(AuditType.values()).map(Enum::name)
			.sorted(Comparator.comparing(type -> messages.getMessage("audit.type." + type, null, type, locale), order))
			.toList());
		AuditLog.AuditQuery query = query(filter, result);
		if (query == null) {
			return CentroForms.invalid(VIEW, model);
		}
		AuditLog.AuditPage page = audit.page(query, olderThan, newerThan, PAGE_SIZE);
		model.addAttribute("page", page);
		List<AuditEntry> entries = page.entries();
		if (page.newer() && !entries.isEmpty()) {
			model.addAttribute("newerLink", link("/centro/auditoria", filter).queryParam("despues", entries.get(0).id())
				.build().encode().toUriString());
		}
		if (page.older() && !entries.isEmpty()) {
			model.addAttribute("olderLink", link("/centro/auditoria", filter)
				.queryParam("antes", entries.get(entries.size() - 1).id()).build().encode().toUriString());
		}
		model.addAttribute("csvLink", link("/centro/auditoria/exportar", filter).build().encode().toUriString());
		return VIEW;
	}

	@PreAuthorize(StaffAccess.AUDIT)
	@GetMapping("/centro/auditoria/exportar")
	String export(@ModelAttribute("filter") CentroForms.AuditFilter filter, BindingResult result,
			HttpServletResponse response) throws IOException {
		AuditLog.AuditQuery query = query(filter, result);
		if (query == null) {
			// The page says what is wrong with the filter.
			return "redirect:" + link("/centro/auditoria", filter).build().encode().toUriString();
		}
		response.setContentType("text/csv; charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"auditoria-"
				+ LocalDate.now(clock.withZone(ECUADOR)) + ".csv\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		// A byte order mark: spreadsheets then read the accents as UTF-8.
		out.write('\uFEFF');
		out.write(AuditCsv.row("fecha_ecuador", "evento", "cuenta", "agente", "centro", "canal", "ip", "resultado",
				"detalle"));
		audit.export(query, EXPORT_CAP, entry -> {
			try {
				out.write(AuditCsv.row(CSV_TIME.format(entry.at()), entry.type().name(), entry.account(), entry.actor(),
						entry.center(), entry.channel().name(), entry.ip(), entry.outcome().name(), entry.detail()));
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		});
		out.flush();
		return null;
	}

	/** The filter as a query, or {@code null} with the errors on its fields. */
	private static AuditLog.AuditQuery query(CentroForms.AuditFilter filter, BindingResult result) {
		String account = blankToNull(filter.getCuenta());
		String agent = blankToNull(filter.getAgente());
		String typed = blankToNull(filter.getTipo());
		AuditType type = null;
		if (typed != null) {
			try {
				type = AuditType.valueOf(typed);
			}
			catch (IllegalArgumentException e) {
				result.rejectValue("tipo", "centro.audit.type.invalid");
			}
		}
		if (account != null && account.length() > 64) {
			result.rejectValue("cuenta", "centro.audit.account.invalid");
		}
		if (agent != null && agent.length() > 120) {
			result.rejectValue("agente", "centro.audit.agent.invalid");
		}
		LocalDate from = date(filter.getDesde(), "desde", result);
		LocalDate until = date(filter.getHasta(), "hasta", result);
		if (from != null && until != null && until.isBefore(from)) {
			result.rejectValue("hasta", "centro.audit.range.invalid");
		}
		if (result.hasErrors()) {
			return null;
		}
		return new AuditLog.AuditQuery(account, agent, type, from == null ? null : from.atStartOfDay(ECUADOR).toInstant(),
				until == null ? null : until.plusDays(1).atStartOfDay(ECUADOR).toInstant());
	}

	/** A date as the date field sends it (2026-11-30) or as typed where there is no date picker (30/11/2026). */
	private static LocalDate date(String value, String field, BindingResult result) {
		String typed = blankToNull(value);
		if (typed == null) {
			return null;
		}
		try {
			return typed.contains("/") ? LocalDate.parse(typed, TYPED_DATE) : LocalDate.parse(typed);
		}
		catch (DateTimeParseException e) {
			result.rejectValue(field, "centro.audit.date.invalid");
			return null;
		}
	}

	/** The page or the export with the same filter. */
	private static UriComponentsBuilder link(String path, CentroForms.AuditFilter filter) {
		UriComponentsBuilder link = UriComponentsBuilder.fromPath(path);
		param(link, "cuenta", filter.getCuenta());
		param(link, "agente", filter.getAgente());
		param(link, "tipo", filter.getTipo());
		param(link, "desde", filter.getDesde());
		param(link, "hasta", filter.getHasta());
		return link;
	}

	private static void param(UriComponentsBuilder link, String name, String value) {
		if (blankToNull(value) != null) {
			link.queryParam(name, value.strip());
		}
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
