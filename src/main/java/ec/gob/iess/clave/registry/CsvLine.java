package ec.gob.iess.clave.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a CSV file (RFC 4180, comma-separated): a field may be quoted, with {@code ""} for a quote inside.
 * A line is one record: a quoted field that runs past the end of the line is a bad row, not a multi-line field,
 * so that line numbers in the report are the file's own.
 */
final class CsvLine {

	private CsvLine() {
	}

	/** The fields of {@code line}, or {@code null} when a quote is not closed. */
	static List<String> split(String line) {
		List<String> fields = new ArrayList<>(10);
		int i = 0;
		int length = line.length();
		while (true) {
			if (i < length && line.charAt(i) == '"') {
				StringBuilder field = new StringBuilder();
				i++;
				while (true) {
					if (i >= length) {
						return null;
					}
					char c = line.charAt(i++);
					if (c == '"') {
						if (i < length && line.charAt(i) == '"') {
							field.append('"');
							i++;
						}
						else {
							break;
						}
					}
					else {
						field.append(c);
					}
				}
				fields.add(field.toString());
				if (i < length && line.charAt(i) != ',') {
					return null;
				}
			}
			else {
				int comma = line.indexOf(',', i);
				int end = comma < 0 ? length : comma;
				fields.add(line.substring(i, end));
				i = end;
			}
			if (i >= length) {
				return fields;
			}
			i++; // the comma
		}
	}
}
