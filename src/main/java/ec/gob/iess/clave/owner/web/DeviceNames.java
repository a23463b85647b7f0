package ec.gob.iess.clave.owner.web;

/**
 * A first name for a new passkey from the browser's User-Agent, which the person may change: the kind of
 * device is what tells one passkey from another in the list ("Teléfono Android", "iPhone", "Computador
 * Windows"). Never more than that: the name is shown back to its owner, and mailed to them. Answers the end
 * of a message key {@code passkey.device.*}.
 */
final class DeviceNames {

	private DeviceNames() {
	}

	static String of(String userAgent) {
		String agent = userAgent == null ? "" : userAgent;
		if (agent.contains("iPhone")) {
			return "iphone";
		}
		if (agent.contains("iPad")) {
			return "ipad";
		}
		if (agent.contains("Android")) {
			return agent.contains("Mobile") ? "Teléfono Android" : "Tableta Android";
		}
		if (agent.contains("Windows")) {
			return "windows";
		}
		if (agent.contains("Mac OS X")) {
			return "mac";
		}
		if (agent.contains("CrOS")) {
			return "chromebook";
		}
		if (agent.contains("Linux")) {
			return "linux";
		}
		return "other";
	}
}
