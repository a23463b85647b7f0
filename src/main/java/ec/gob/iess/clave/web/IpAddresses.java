package ec.gob.iess.clave.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Reads an IP address literal and writes it in one canonical form (IPv4 dotted decimal, IPv6 as RFC 5952:
 * lower case, longest run of zeros as {@code ::}, an IPv4-mapped address as IPv4), or answers {@code null}.
 * Never a name lookup. What a proxy forwards is whatever a client wrote, so audit rows and rate-limit keys
 * get an address or nothing, never the raw string, and one source has one key however it is spelt.
 */
final class IpAddresses {

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	/** Hex groups, colons, and dots for an embedded IPv4 tail; no zone ({@code %eth0}), which names a local interface. */
	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private IpAddresses() {
	}

	static InetAddress parse(String value) {
		if (value == null) {
			return null;
		}
		String literal = value.strip();
		if (literal.length() > 2 && literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		boolean v4 = IPV4.matcher(literal).matches();
		boolean v6 = !v4 && literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches();
		if (!v4 && !v6) {
			return null;
		}
		try {
			// A literal with ':' or a dotted quad is parsed, never looked up.
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException notAnAddress) {
			return null;
		}
	}

	static String normalised(String value) {
		InetAddress address = parse(value);
		if (address == null) {
			return null;
		}
		return address instanceof Inet6Address ? compressed(address.getHostAddress()) : address.getHostAddress();
	}

	/** {@code 2001:db8:0:0:0:0:0:1} → {@code 2001:db8::1} (Java already drops leading zeros and lower-cases). */
	private static String compressed(String full) {
		String[] groups = full.split(":");
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < groups.length; i++) {
			int j = i;
			while (j < groups.length && groups[j].equals("0")) {
				j++;
			}
			if (j - i > bestLength) {
				bestStart = i;
				bestLength = j - i;
			}
			i = Math.max(i, j);
		}
		if (bestStart < 0) {
			return full;
		}
		String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
		String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
		return head + "::" + tail;
	}
}
