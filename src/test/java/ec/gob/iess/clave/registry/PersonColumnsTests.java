package ec.gob.iess.clave.registry;

import java.time.LocalDate;

import ec.gob.iess.clave.registry.PersonColumns.Parsed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The import file's columns and rules, line by line (the import itself: {@code PersonImportIntegrationTest}). */
class PersonColumnsTests {

	static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
	static final PersonColumns COLUMNS = PersonColumns.of(
			"cedula,firstNames,lastNames,birthDate,fingerprintCode,roles,email,mobile");

	@Test
	void aGoodRowIsNormalisedAsTheTablesHoldIt() {
		Parsed parsed = COLUMNS.parse(" 1710034065 ,\"María José\",\"O'Brien de la Cruz\",1944-12-24,v4343 v4242,"
				+ "beneficiario|Afiliado,Ana@Example.EC,099-123-4567", TODAY);

		assertThat(parsed.rejection()).isNull();
		assertThat(parsed.row()).isEqualTo(new PersonColumns.PersonRow("1710034065", "María José", "O'Brien de la Cruz",
				LocalDate.of(1944, 12, 24), "V4343V4242", "AFILIADO,BENEFICIARIO", "ana@example.ec", "+593991234567", null,
				null));
	}

	@Test
	void theColumnsAreFoundByTheHeaderInAnyOrderAndTheOptionalOnesGoTogether() {
		PersonColumns reordered = PersonColumns.of("roles,cedula,firstNames,lastNames,birthDate,fingerprintCode,mobile,email,"
				+ "contactCenter,contactVerifiedAt");
		Parsed parsed = reordered.parse("AFILIADO,0926687856,Luz,Vera,1990-01-01,A1111A1111,0987654321,luz@example.ec,"
				+ "CAU Manta,2025-06-30", TODAY);
		assertThat(parsed.row().center()).isEqualTo("CAU Manta");
		assertThat(parsed.row().verifiedAt()).hasToString("2025-06-30T05:00:00Z");

		assertThatThrownBy(() -> PersonColumns.of("cedula,firstNames")).hasMessageContaining("lastNames");
		assertThatThrownBy(() -> PersonColumns.of(
				"cedula,firstNames,lastNames,birthDate,fingerprintCode,roles,email,mobile,apodo")).hasMessageContaining("apodo");
		assertThatThrownBy(() -> PersonColumns.of(
				"cedula,firstNames,lastNames,birthDate,fingerprintCode,roles,email,mobile,contactCenter"))
			.hasMessageContaining("contactVerifiedAt");
	}

	@Test
	void eachBadFieldIsNamedWithItsReason() {
		assertRejected("1714307104,Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,,", "cedula", "import.rejected.cedula");
		assertRejected("1710034065,,Ortiz,1980-02-02,V4343V4242,AFILIADO,,", "firstNames", "import.rejected.firstNames");
		assertRejected("1710034065,Ana,O1,1980-02-02,V4343V4242,AFILIADO,,", "lastNames", "import.rejected.lastNames");
		assertRejected("1710034065,Ana,Ortiz,1899-12-31,V4343V4242,AFILIADO,,", "birthDate", "import.rejected.birthDate");
		assertRejected("1710034065,Ana,Ortiz,2026-12-01,V4343V4242,AFILIADO,,", "birthDate", "import.rejected.birthDate");
		assertRejected("1710034065,Ana,Ortiz,02/02/1980,V4343V4242,AFILIADO,,", "birthDate", "import.rejected.birthDate");
		assertRejected("1710034065,Ana,Ortiz,1980-02-30,V4343V4242,AFILIADO,,", "birthDate", "import.rejected.birthDate");
		assertRejected("1710034065,Ana,Ortiz,1980-2-02,V4343V4242,AFILIADO,,", "birthDate", "import.rejected.birthDate");
		assertRejected("1710034065,Ana,Ortiz,1980-0a-02,V4343V4242,AFILIADO,,", "birthDate", "import.rejected.birthDate");
		assertRejected("1710034065,Ana,Ortiz,1980-02-02,V4353V4242,AFILIADO,,", "fingerprintCode",
				"import.rejected.fingerprintCode");
		assertRejected("1710034065,Ana,Ortiz,1980-02-02,V4343V4242,,,", "roles", "import.rejected.roles");
		assertRejected("1710034065,Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO;EMPLEADOR,,", "roles", "import.rejected.roles");
		assertRejected("1710034065,Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,ana.example.ec,", "email",
				"import.rejected.email");
		assertRejected("1710034065,Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,añá@example.ec,", "email",
				"import.rejected.emailNotAscii");
		assertRejected("1710034065,Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,,022345678", "mobile", "import.rejected.mobile");
		assertRejected("1710034065,\"Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,,", null, "import.rejected.quote");
		assertRejected("1710034065,\"Ana\"x,Ortiz,1980-02-02,V4343V4242,AFILIADO,,", null, "import.rejected.quote");
		assertRejected("1710034065,Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,", null, "import.rejected.width");
	}

	@Test
	void aContactVerifiedInPersonNeedsItsDateItsCentreAndBothAddresses() {
		PersonColumns columns = PersonColumns.of(
				"cedula,firstNames,lastNames,birthDate,fingerprintCode,roles,email,mobile,contactVerifiedAt,contactCenter");
		String person = "1710034065,Ana,Ortiz,1980-02-02,V4343V4242,AFILIADO,";
		assertThat(columns.parse(person + ",,,", TODAY).row().verifiedAt()).isNull();
		assertThat(columns.parse(person + "ana@example.ec,,,", TODAY).row().email()).isEqualTo("ana@example.ec");
		assertThat(columns.parse(person + "ana@example.ec,0991234567,2027-01-01,CAU Cuenca", TODAY).rejection())
			.isEqualTo(new PersonColumns.Rejection("contactVerifiedAt", "import.rejected.contactVerifiedAt"));
		assertThat(columns.parse(person + "ana@example.ec,0991234567,2024-01-01,", TODAY).rejection())
			.isEqualTo(new PersonColumns.Rejection("contactCenter", "import.rejected.contactCenter"));
		assertThat(columns.parse(person + "ana@example.ec,0991234567,2024-01-01,CAU\tCuenca", TODAY).rejection())
			.isEqualTo(new PersonColumns.Rejection("contactCenter", "import.rejected.contactCenter"));
		assertThat(columns.parse(person + "ana@example.ec,,2024-01-01,CAU Cuenca", TODAY).rejection())
			.isEqualTo(new PersonColumns.Rejection("contactVerifiedAt", "import.rejected.verifiedWithoutContact"));
	}

	private static void assertRejected(String line, String column, String reason) {
		assertThat(COLUMNS.parse(line, TODAY).rejection()).as(line).isEqualTo(new PersonColumns.Rejection(column, reason));
	}
}
