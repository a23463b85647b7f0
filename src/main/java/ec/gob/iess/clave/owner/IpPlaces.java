package ec.gob.iess.clave.owner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.maxmind.db.Reader;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * An approximate place for an IP address, from the IP-to-country database shipped in
 * {@code src/main/resources/geoip} (decision 134): read from the class path into memory at the first look,
 * never an online lookup. Private, loopback and link-local addresses are the local network; what the
 * database does not know, or is no address, is unknown.
 */
@Component
public class IpPlaces {

	static final String DATABASE = "geoip/geo-whois-asn-country.mmdb.gz";

	/** Only literals reach {@link InetAddress#getByName}, which would otherwise ask the DNS. */
	private static final Pattern LITERAL = Pattern
		.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	/** Where an address is, as far as Clave can tell. */
	public sealed interface Place {
	}

	/** A private, loopback or link-local address: the local network. */
	public record LocalNetwork() implements Place {
	}

	/** @param country ISO 3166-1 alpha-2, upper case */
	public record Country(String country) implements Place {
	}

	public record Unknown() implements Place {
	}

	private volatile Reader reader;

	public Place of(String ip) {
		InetAddress address = literal(ip);
		if (address == null) {
			return new Unknown();
		}
		if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
				|| address.isAnyLocalAddress() || uniqueLocal(address)) {
			return new LocalNetwork();
		}
		try {
			Map<?, ?> entry = reader().get(address, Map.class);
			return entry != null && entry.get("country_code") instanceof String code && code.matches("[A-Z]{2}")
					? new Country(code) : new Unknown();
		}
		catch (IOException e) {
			return new Unknown();
		}
	}

	private static InetAddress literal(String ip) {
		if (ip == null || ip.length() > 45 || !LITERAL.matcher(ip).matches()) {
			return null;
		}
		try {
			return InetAddress.getByName(ip);
		}
		catch (UnknownHostException e) {
			return null;
		}
	}

	/** IPv6 unique local addresses (fc00::/7), which Java does not call site-local. */
	private static boolean uniqueLocal(InetAddress address) {
		return address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc;
	}

	private Reader reader() {
		Reader loaded = reader;
		if (loaded == null) {
			synchronized (this) {
				if (reader == null) {
					try (InputStream in = new GZIPInputStream(new ClassPathResource(DATABASE).getInputStream())) {
						reader = new Reader(in);
					}
					catch (IOException e) {
						throw new UncheckedIOException("cannot read " + DATABASE, e);
					}
				}
				loaded = reader;
			}
		}
		return loaded;
	}
}
