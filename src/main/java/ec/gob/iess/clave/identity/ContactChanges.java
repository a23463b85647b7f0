package ec.gob.iess.clave.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A person's contact changed online (Actualizar datos, PRODUCT.md §4.7), kept apart from the contact
 * verified in person: pending until the link sent to the new email is used, then in its cooling-off,
 * then the address mail goes to (decision 107). At most one per person; a newer request replaces it.
 */
@Repository
public class ContactChanges {

	/**
	 * @param confirmedAt {@code null} while the new email has not been confirmed
	 */
	public record ContactChange(Cedula cedula, EmailAddress email, String mobile, Instant requestedAt, Instant confirmedAt) {

		public boolean confirmed() {
			return confirmedAt != null;
		}
	}

	private final JdbcClient jdbc;
	private final Clock clock;

	ContactChanges(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Records a new request, pending; any earlier one of the person (pending or confirmed) is replaced. */
	public void request(Cedula cedula, EmailAddress email, String mobile) {
		discard(cedula);
		jdbc.sql("insert into contact_changes (cedula, email, mobile, requested_at) values (?, ?, ?, ?)")
			.params(cedula.value(), StoredAddresses.write(email), mobile, Timestamp.from(clock.instant()))
			.update();
	}

	/** The pending request confirmed now; empty when there is none pending. */
	public Optional<ContactChange> confirm(Cedula cedula) {
		int confirmed = jdbc.sql("update contact_changes set confirmed_at = ? where cedula = ? and confirmed_at is null")
			.params(Timestamp.from(clock.instant()), cedula.value())
			.update();
		return confirmed == 1 ? find(cedula) : Optional.empty();
	}

	public Optional<ContactChange> find(Cedula cedula) {
		return jdbc.sql("select cedula, email, mobile, requested_at, confirmed_at from contact_changes where cedula = ?")
			.param(cedula.value())
			.query((rs, n) -> new ContactChange(Cedula.parse(rs.getString(1)), StoredAddresses.read(rs.getString(2)),
					rs.getString(3), rs.getTimestamp(4).toInstant(),
					rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
			.optional();
	}

	/** Forgets the change, pending or confirmed: after a "No fui yo", or a verification in person. */
	public void discard(Cedula cedula) {
		jdbc.sql("delete from contact_changes where cedula = ?").param(cedula.value()).update();
	}
}
