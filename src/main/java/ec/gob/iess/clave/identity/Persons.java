package ec.gob.iess.clave.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The people registered at the counters. */
@Repository
public class Persons {

	private final JdbcClient jdbc;
	private final Clock clock;

	Persons(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public Optional<Person> find(Cedula cedula) {
		return jdbc.sql("select * from persons where cedula = ?").param(cedula.value()).query(Persons::person).optional();
	}

	/** The person, its row locked until the caller's transaction ends: two counters do not change one person at once. */
	public Optional<Person> lock(Cedula cedula) {
		return jdbc.sql("select * from persons where cedula = ? for update").param(cedula.value()).query(Persons::person)
			.optional();
	}

	/** Inserts or updates names, birth date, código dactilar and roles; the verified contact is kept. Returns true when new. */
	public boolean save(Person person) {
		Timestamp now = Timestamp.from(clock.instant());
		String roles = person.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
		int updated = jdbc.sql("""
				update persons set first_names = ?, last_names = ?, birth_date = ?, fingerprint_code = ?, roles = ?,
				updated_at = ? where cedula = ?""")
			.params(person.firstNames(), person.lastNames(), person.birthDate(), person.fingerprintCode().value(), roles, now,
					person.cedula().value())
			.update();
		if (updated == 1) {
			return false;
		}
		jdbc.sql("""
				insert into persons (cedula, first_names, last_names, birth_date, fingerprint_code, roles, created_at, updated_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(person.cedula().value(), person.firstNames(), person.lastNames(), person.birthDate(),
					person.fingerprintCode().value(), roles, now, now)
			.update();
		return true;
	}

	/**
	 * The contact verified in person now; it ends any contact changed online (its cooling-off included):
	 * what the person confirms at the counter, with the finger, is what counts (decision 107).
	 */
	public void verifyContact(Cedula cedula, VerifiedContact contact) {
		jdbc.sql("delete from contact_changes where cedula = ?").param(cedula.value()).update();
		jdbc.sql("""
				update persons set contact_email = ?, contact_mobile = ?, contact_verified_at = ?, contact_center = ?,
				contact_agent = ?, updated_at = ? where cedula = ?""")
			.params(StoredAddresses.write(contact.email()), contact.mobile(), Timestamp.from(contact.verifiedAt()), contact.center(),
					contact.agent(), Timestamp.from(clock.instant()), cedula.value())
			.update();
	}

	private static Person person(ResultSet rs, int row) throws SQLException {
		Set<PersonRole> roles = EnumSet.noneOf(PersonRole.class);
		Arrays.stream(rs.getString("roles").split(",")).filter(r -> !r.isBlank()).map(PersonRole::valueOf)
			.forEach(roles::add);
		VerifiedContact contact = null;
		Timestamp verifiedAt = rs.getTimestamp("contact_verified_at");
		if (verifiedAt != null) {
			contact = new VerifiedContact(StoredAddresses.read(rs.getString("contact_email")), rs.getString("contact_mobile"),
					verifiedAt.toInstant(), rs.getString("contact_center"), rs.getString("contact_agent"));
		}
		return new Person(Cedula.parse(rs.getString("cedula")), rs.getString("first_names"), rs.getString("last_names"),
				rs.getDate("birth_date").toLocalDate(), FingerprintCode.parse(rs.getString("fingerprint_code")), roles, contact);
	}
}
