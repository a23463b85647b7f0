package ec.gob.iess.clave.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ec.gob.iess.clave.registry.PersonColumns.PersonRow;

import org.postgresql.PGConnection;

/**
 * The session-local table a chunk of good rows lands in before the merge, and how it gets there: PostgreSQL's
 * {@code COPY} (text format) from the chunk already encoded by the reading thread, or batched inserts on H2.
 * Temporary, so it is never logged, never seen by another connection, and gone with the session.
 */
abstract sealed class Staging permits Staging.Copy, Staging.Batched {

	static final String TABLE = "person_import_rows";

	private static final String COLUMNS = "cedula, first_names, last_names, birth_date, fingerprint_code, roles, email, "
			+ "mobile, verified_at, center";

	/** The rows of one chunk, gathered by the reading thread. */
	abstract static class Chunk {

		abstract void add(PersonRow row);

		abstract int size();

		/** The reading thread is done with the chunk: whatever can be prepared off the database's path is. */
		void complete() {
		}
	}

	static Staging of(Connection connection) throws SQLException {
		return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres") ? new Copy() : new Batched();
	}

	/** Creates the table for this session (dropping a leftover one of an earlier run on this pooled connection). */
	final void create(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists " + TABLE);
			statement.execute(createPrefix() + " table " + TABLE + " (cedula varchar(10) not null, "
					+ "first_names varchar(200) not null, last_names varchar(200) not null, birth_date date not null, "
					+ "fingerprint_code varchar(12) not null, roles varchar(100) not null, email varchar(320), "
					+ "mobile varchar(20), verified_at timestamp with time zone, center varchar(100))");
		}
	}

	final void drop(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists " + TABLE);
		}
	}

	abstract Chunk newChunk();

	/** Empties the table and loads the chunk into it, in the caller's transaction. */
	abstract void load(Connection connection, Chunk chunk) throws SQLException, IOException;

	/**
	 * The people of the staged rows who are not there yet; an existing person is left as it is (decision 145).
	 * Contact verified in person goes to the {@code contact_*} columns, any other to {@code registry_*}
	 * (decision 147).
	 */
	final String mergePersons() {
		return "insert into persons (cedula, first_names, last_names, birth_date, fingerprint_code, roles, contact_email, "
				+ "contact_mobile, contact_verified_at, contact_center, contact_agent, registry_email, registry_mobile, "
				+ "registry_imported_at, created_at, updated_at) "
				+ "select s.cedula, s.first_names, s.last_names, s.birth_date, s.fingerprint_code, s.roles, "
				+ "case when s.verified_at is null then null else s.email end, "
				+ "case when s.verified_at is null then null else s.mobile end, s.verified_at, s.center, "
				+ "case when s.verified_at is null then null else '" + PersonImport.AGENT + "' end, "
				+ "case when s.verified_at is null then s.email else null end, "
				+ "case when s.verified_at is null then s.mobile else null end, "
				+ "case when s.verified_at is null and (s.email is not null or s.mobile is not null) then cast(? as timestamp with time zone) else null end, "
				+ "cast(? as timestamp with time zone), cast(? as timestamp with time zone) from " + TABLE + " s" + newOnly("persons p", "p.cedula", "cedula");
	}

	/** An account without a clave for every staged cédula that has none; an existing account is never touched. */
	final String mergeAccounts() {
		return "insert into accounts (username, kind, status, failed_attempts, created_at) "
				+ "select s.cedula, 'ASEGURADO', 'SIN_CLAVE', 0, cast(? as timestamp with time zone) from " + TABLE + " s"
				+ newOnly("accounts a", "a.username", "username");
	}

	/** The rows whose key is not in {@code table} yet: one set-based statement, each database its own way. */
	abstract String newOnly(String table, String keyColumn, String conflictColumn);

	abstract String createPrefix();

	/** PostgreSQL: {@code COPY … FROM STDIN} through the driver's {@code CopyManager}. */
	static final class Copy extends Staging {

		@Override
		Chunk newChunk() {
			return new Encoded();
		}

		@Override
		void load(Connection connection, Chunk chunk) throws SQLException, IOException {
			try (Statement statement = connection.createStatement()) {
				statement.execute("truncate " + TABLE);
			}
			connection.unwrap(PGConnection.class).getCopyAPI()
				.copyIn("copy " + TABLE + " (" + COLUMNS + ") from stdin", ((Encoded) chunk).stream());
		}

		@Override
		String newOnly(String table, String keyColumn, String conflictColumn) {
			return " on conflict (" + conflictColumn + ") do nothing";
		}

		@Override
		String createPrefix() {
			return "create temporary";
		}

		/**
		 * The chunk as COPY text, in UTF-8 as it is written: tab-separated, {@code \\N} for null, backslash escapes.
		 * Bytes from the start (not a {@code StringBuilder} turned into bytes later): half the copying, and no
		 * second large array per chunk.
		 */
		private static final class Encoded extends Chunk {

			private byte[] bytes = new byte[1 << 16];
			private int length;
			private int size;

			@Override
			void add(PersonRow row) {
				field(row.cedula()).tab();
				field(row.firstNames()).tab();
				field(row.lastNames()).tab();
				field(row.birthDate().toString()).tab();
				field(row.fingerprintCode()).tab();
				field(row.roles()).tab();
				field(row.email()).tab();
				field(row.mobile()).tab();
				field(row.verifiedAt() == null ? null : row.verifiedAt().toString()).tab();
				field(row.center()).put('\n');
				size++;
			}

			@Override
			int size() {
				return size;
			}

			@Override
			void complete() {
				bytes = Arrays.copyOf(bytes, length);
			}

			InputStream stream() {
				return new ByteArrayInputStream(bytes, 0, length);
			}

			private Encoded tab() {
				return put('\t');
			}

			private Encoded field(String value) {
				if (value == null) {
					return put('\\').put('N');
				}
				for (int i = 0; i < value.length();) {
					int c = value.codePointAt(i);
					i += Character.charCount(c);
					switch (c) {
						case '\\' -> put('\\').put('\\');
						case '\t' -> put('\\').put('t');
						case '\n' -> put('\\').put('n');
						case '\r' -> put('\\').put('r');
						default -> utf8(c);
					}
				}
				return this;
			}

			private void utf8(int c) {
				if (c < 0x80) {
					put(c);
				}
				else if (c < 0x800) {
					put(0xC0 | c >> 6).put(0x80 | c & 0x3F);
				}
				else if (c < 0x10000) {
					put(0xE0 | c >> 12).put(0x80 | c >> 6 & 0x3F).put(0x80 | c & 0x3F);
				}
				else {
					put(0xF0 | c >> 18).put(0x80 | c >> 12 & 0x3F).put(0x80 | c >> 6 & 0x3F).put(0x80 | c & 0x3F);
				}
			}

			private Encoded put(int b) {
				if (length == bytes.length) {
					bytes = Arrays.copyOf(bytes, bytes.length * 2);
				}
				bytes[length++] = (byte) b;
				return this;
			}
		}
	}

	/** H2 (and any other database): batched inserts, slower, the same merge. */
	static final class Batched extends Staging {

		@Override
		Chunk newChunk() {
			return new Rows();
		}

		@Override
		void load(Connection connection, Chunk chunk) throws SQLException {
			try (Statement statement = connection.createStatement()) {
				statement.execute("delete from " + TABLE); // TRUNCATE would commit on H2
			}
			try (PreparedStatement insert = connection.prepareStatement(
					"insert into " + TABLE + " (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
				int pending = 0;
				for (PersonRow row : ((Rows) chunk).rows) {
					insert.setString(1, row.cedula());
					insert.setString(2, row.firstNames());
					insert.setString(3, row.lastNames());
					insert.setDate(4, Date.valueOf(row.birthDate()));
					insert.setString(5, row.fingerprintCode());
					insert.setString(6, row.roles());
					insert.setString(7, row.email());
					insert.setString(8, row.mobile());
					insert.setTimestamp(9, row.verifiedAt() == null ? null : Timestamp.from(row.verifiedAt()));
					insert.setString(10, row.center());
					insert.addBatch();
					if (++pending == 1000) {
						insert.executeBatch();
						pending = 0;
					}
				}
				if (pending > 0) {
					insert.executeBatch();
				}
			}
		}

		@Override
		String newOnly(String table, String keyColumn, String conflictColumn) {
			return " where not exists (select 1 from " + table + " where " + keyColumn + " = s.cedula)";
		}

		@Override
		String createPrefix() {
			return "create local temporary";
		}

		private static final class Rows extends Chunk {

			private final List<PersonRow> rows = new ArrayList<>();

			@Override
			void add(PersonRow row) {
				rows.add(row);
			}

			@Override
			int size() {
				return rows.size();
			}
		}
	}
}
