package ec.gob.iess.clave.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Addresses as the tables hold them. Rows written before {@link EmailAddress} existed may hold an
 * address the mail path refuses ({@code a,b@x.ec}); such a value is read as no address (nothing is
 * mailed to it, recovery asks for a visit to the counter) instead of failing every read of the row.
 */
final class StoredAddresses {

	private static final Logger log = LoggerFactory.getLogger(StoredAddresses.class);

	private StoredAddresses() {
	}

	static EmailAddress read(String stored) {
		if (stored == null) {
			return null;
		}
		return EmailAddress.tryParse(stored).orElseGet(() -> {
			log.warn("A stored email address is not deliverable and is ignored until the counter verifies a new one");
			return null;
		});
	}

	static String write(EmailAddress address) {
		return address == null ? null : address.value();
	}
}
