package ec.gob.iess.clave.counter;

/**
 * Rows of the audit export as CSV (RFC 4180): a cell with a comma, a quote or a line break is quoted, its
 * quotes doubled. A cell a spreadsheet would take for a formula (starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return) gets a leading {@code '}, so that an account name or an
 * audit detail typed by someone cannot run in the administrator's spreadsheet.
 */
final class AuditCsv {

	private AuditCsv() {
	}

	/** One line, ended by CRLF; a {@code null} cell is empty. */
	static String row(String... cells) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < cells.length; i++) {
			if (i > 0) {
				line.append(',');
			}
			line.append(cell(cells[i]));
		}
		return line.append("\r\n").toString();
	}

	static String cell(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
		if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
			return '"' + safe.replace("\"", "\"\"") + '"';
		}
		return safe;
	}
}
