package ec.gob.iess.clave.owner.web;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import ec.gob.iess.clave.credential.AccountKind;
import ec.gob.iess.clave.credential.Username;
import ec.gob.iess.clave.owner.FraudReports;
import ec.gob.iess.clave.owner.LinkOutcome;
import ec.gob.iess.clave.token.LinkPages;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "No fui yo" from a notice, without login (PRODUCT.md §4.7a): {@code GET /no-fui-yo?token=…} only moves
 * the link into this browser's session ({@link LinkPages}, as every emailed link) and leads to a page that
 * says what will happen, with one button; only its {@code POST} freezes the account. Then a page that tells
 * the owner to visit a CAU with the cédula.
 */
@Controller
class FraudReportController {

	/** After opening the link in time, how long its page stays usable in that browser. */
	static final Duration GRACE = Duration.ofMinutes(15);

	static final String REPORTED = FraudReportController.class.getName() + ".reported";

	private final FraudReports reports;
	private final LinkPages linkPages;
	private final LinkPages.Flow link = new LinkPages.Flow(LinkPurpose.FRAUD_REPORT, "/", "/no-fui-yo/confirmar",
			"owner/fraud-link-invalid", GRACE);

	FraudReportController(FraudReports reports, LinkPages linkPages) {
		this.reports = reports;
		this.linkPages = linkPages;
	}

	@GetMapping("/no-fui-yo")
	String open(@RequestParam(name = "token", required = false) String token, Model model, HttpServletRequest request) {
		return linkPages.open(link, token, request, model);
	}

	@GetMapping("/no-fui-yo/confirmar")
	String confirmPage(Model model, HttpServletRequest request) {
		return linkPages.show(link, request, model, valid -> {
			Username account = Username.parse(valid.account());
			model.addAttribute("empleador", account.kind() == AccountKind.EMPLEADOR);
			model.addAttribute("accountEnding", account.ending());
			return "owner/fraud-confirm";
		});
	}

	@PostMapping("/no-fui-yo/confirmar")
	String confirm(Model model, HttpServletRequest request) {
		return linkPages.use(link, request, held -> {
			linkPages.release(link, request);
			LinkOutcome outcome = reports.report(held.token(), held.opening(), RequestOrigins.of(request));
			if (outcome instanceof LinkOutcome.Refused refused) {
				return linkPages.refused(link, refused.expired(), request, model);
			}
			request.getSession().setAttribute(REPORTED, Boolean.TRUE);
			return "redirect:/no-fui-yo/suspendida";
		});
	}

	@GetMapping("/no-fui-yo/suspendida")
	String done(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || session.getAttribute(REPORTED) == null) {
			return "redirect:/";
		}
		return "owner/fraud-done";
	}
}
