package ec.gob.iess.clave.counter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit export's cells: RFC 4180 quoting, and no cell a spreadsheet would run as a formula. */
class AuditCsvUnitTest {

	@Test
	void plainCellsStayAsTheyAre() {
		assertThat(AuditCsv.row("2026-11-30 10:00:00", "LOGIN_FAILED", "1710034065", null, ""))
			.isEqualTo("2026-11-30 10:00:00,LOGIN_FAILED,1710034065,,\r\n");
	}

	@Test
	void commasQuotesAndLineBreaksAreQuoted() {
		assertThat(AuditCsv.cell("Quito, Norte")).isEqualTo("\"Quito, Norte\"");
		assertThat(AuditCsv.cell("dijo \"no fui yo\"")).isEqualTo("\"dijo \"\"no fui yo\"\"\"");
		assertThat(AuditCsv.cell("dos\nlíneas")).isEqualTo("\"dos\nlíneas\"");
	}

	@Test
	void aCellThatWouldRunAsAFormulaGetsALeadingApostrophe() {
		assertThat(AuditCsv.cell("=1+1")).isEqualTo("'=1+1");
		assertThat(AuditCsv.cell("+593991234567")).isEqualTo("'+593991234567");
		assertThat(AuditCsv.cell("-2")).isEqualTo("'-2");
		assertThat(AuditCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(AuditCsv.cell("\t=1")).isEqualTo("'\t=1");
		assertThat(AuditCsv.cell("=HYPERLINK(\"x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
		assertThat(AuditCsv.cell("a=1")).isEqualTo("a=1");
	}
}
