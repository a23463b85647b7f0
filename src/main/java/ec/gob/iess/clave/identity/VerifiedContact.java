package ec.gob.iess.clave.identity;

import java.time.Instant;
import java.util.Locale;

/**
 * Email and mobile registered in person at a Centro de Atención Universal, after the fingerprint
 * check: the only contact online recovery and unlock send links to.
 */
public record VerifiedContact(String email, String mobile, Instant verifiedAt, String center, String agent) {

	/** "j***z@g***.com": enough for the owner to recognise the address, too little for anyone else. */
	public String maskedEmail() {
		int at = email.indexOf('@');
		if (at < 1) {
			return "***";
		}
		String local = email.substring(0, at);
		String domain = email.substring(at + 1);
		int dot = domain.lastIndexOf('.');
		String host = dot > 0 ? domain.substring(0, dot) : domain;
		String tld = dot > 0 ? domain.substring(dot) : "";
		return mask(local) + "@" + host.charAt(0) + "***" + tld.toLowerCase(Locale.ROOT);
	}

	private static String mask(String part) {
		return part.length() == 1 ? part + "***" : part.charAt(0) + "***" + part.charAt(part.length() - 1);
	}
}
