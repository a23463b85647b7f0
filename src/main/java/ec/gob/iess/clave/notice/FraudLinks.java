package ec.gob.iess.clave.notice;

import java.util.Map;

import ec.gob.iess.clave.mail.MailLinks;
import ec.gob.iess.clave.token.LinkPurpose;
import ec.gob.iess.clave.token.OneTimeLinks;

import org.springframework.stereotype.Component;

/**
 * The "No fui yo" link of a notice (API.md "Emails"): a one-time link of its own, issued in the notice's
 * transaction, {@code {base-url}/no-fui-yo?token=…}, valid {@code clave.fraud-report.link-ttl}. Each notice
 * has its own; a newer one voids none (decision 106).
 */
@Component
class FraudLinks {

	static final String PAGE = "/no-fui-yo";

	private final OneTimeLinks links;
	private final MailLinks mailLinks;
	private final FraudReportSettings settings;

	FraudLinks(OneTimeLinks links, MailLinks mailLinks, FraudReportSettings settings) {
		this.links = links;
		this.mailLinks = mailLinks;
		this.settings = settings;
	}

	/** {@code model} with {@code fraudLink} and {@code fraudLinkDays} added. */
	Map<String, Object> add(String username, Map<String, Object> model) {
		String token = links.issue(username, LinkPurpose.FRAUD_REPORT, settings.linkTtl());
		model.put("fraudLink", mailLinks.link(PAGE, token));
		model.put("fraudLinkDays", Math.max(1, settings.linkTtl().toDays()));
		return model;
	}
}
