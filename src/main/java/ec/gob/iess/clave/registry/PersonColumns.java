package ec.gob.iess.clave.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.DateTimeException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ec.gob.iess.clave.identity.Cedula;
import ec.gob.iess.clave.identity.EmailAddress;
import ec.gob.iess.clave.identity.FingerprintCode;
import ec.gob.iess.clave.identity.IdentifierField;
import ec.gob.iess.clave.identity.InvalidIdentifierException;
import ec.gob.iess.clave.identity.MobileNumbers;
import ec.gob.iess.clave.identity.PersonFields;
import ec.gob.iess.clave.identity.PersonRole;

/**
 * The columns of the import file, found by the header (API.md "Command line"): the eight of the contract, in any
 * order, and two optional ones that say the contact was verified in person ({@code contactVerifiedAt},
 * {@code contactCenter}, decision 147). Each data line becomes a {@link PersonRow} or a {@link Rejection}
 * naming the first field that is wrong.
 */
final class PersonColumns {

	static final List<String> REQUIRED = List.of("cedula", "firstNames", "lastNames", "birthDate", "fingerprintCode",
			"roles", "email", "mobile");
	static final List<String> OPTIONAL = List.of("contactVerifiedAt", "contactCenter");

	/** Ecuador's time: a verification date without a time is taken as that day's start in Quito. */
	private static final Pattern ROLE_SEPARATORS = Pattern.compile("[;|,\\s]+");

	static final ZoneId ECUADOR = ZoneId.of("America/Guayaquil");
	private static final int MAX_CENTER = 100;

	/** Why a row was skipped: the column (as the header names it, or {@code null} for the whole line) and the reason's key. */
	record Rejection(String column, String reason) {
	}

	/** A row that passed every rule, in the form the tables hold. Email and mobile are {@code null} when absent. */
	record PersonRow(String cedula, String firstNames, String lastNames, LocalDate birthDate, String fingerprintCode,
			String roles, String email, String mobile, Instant verifiedAt, String center) {
	}

	/** Either a row or why not. */
	record Parsed(PersonRow row, Rejection rejection) {
	}

	private final int[] index;
	private final int width;

	private PersonColumns(int[] index, int width) {
		this.index = index;
		this.width = width;
	}

	/**
	 * The columns of the header line, or a problem: a required column missing, an unknown or repeated one.
	 *
	 * @throws IllegalArgumentException naming what is wrong with the header (the whole file is refused)
	 */
	static PersonColumns of(String header) {
		List<String> names = header == null ? null : CsvLine.split(header.strip());
		if (names == null) {
			throw new IllegalArgumentException("la cabecera no es CSV");
		}
		Map<String, Integer> positions = new HashMap<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i).strip();
			if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
				throw new IllegalArgumentException("columna desconocida en la cabecera: " + name);
			}
			if (positions.put(name, i) != null) {
				throw new IllegalArgumentException("columna repetida en la cabecera: " + name);
			}
		}
		List<String> missing = REQUIRED.stream().filter(name -> !positions.containsKey(name)).toList();
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException("faltan columnas en la cabecera: " + String.join(",", missing));
		}
		if (positions.containsKey("contactVerifiedAt") != positions.containsKey("contactCenter")) {
			throw new IllegalArgumentException("contactVerifiedAt y contactCenter van juntas");
		}
		int[] index = new int[REQUIRED.size() + OPTIONAL.size()];
		for (int i = 0; i < index.length; i++) {
			index[i] = positions.getOrDefault(i < REQUIRED.size() ? REQUIRED.get(i) : OPTIONAL.get(i - REQUIRED.size()), -1);
		}
		return new PersonColumns(index, names.size());
	}

	Parsed parse(String line, LocalDate today) {
		List<String> fields = CsvLine.split(line);
		if (fields == null) {
			return reject(null, "import.rejected.quote");
		}
		if (fields.size() != width) {
			return reject(null, "import.rejected.width");
		}
		String cedula = field(fields, 0);
		if (!Cedula.isValid(cedula)) {
			return reject("cedula", "import.rejected.cedula");
		}
		String firstNames = field(fields, 1);
		if (!PersonFields.validNames(firstNames)) {
			return reject("firstNames", "import.rejected.firstNames");
		}
		String lastNames = field(fields, 2);
		if (!PersonFields.validNames(lastNames)) {
			return reject("lastNames", "import.rejected.lastNames");
		}
		LocalDate birthDate = date(field(fields, 3));
		if (!PersonFields.validBirthDate(birthDate, today)) {
			return reject("birthDate", "import.rejected.birthDate");
		}
		String fingerprint = field(fields, 4);
		if (!FingerprintCode.isValid(fingerprint)) {
			return reject("fingerprintCode", "import.rejected.fingerprintCode");
		}
		String roles = roles(field(fields, 5));
		if (roles == null) {
			return reject("roles", "import.rejected.roles");
		}
		String email = field(fields, 6);
		if (!email.isEmpty()) {
			try {
				email = EmailAddress.parse(email).value();
			}
			catch (InvalidIdentifierException e) {
				return reject("email", e.field() == IdentifierField.EMAIL_NOT_ASCII ? "import.rejected.emailNotAscii"
						: "import.rejected.email");
			}
		}
		String rawMobile = field(fields, 7);
		Optional<String> mobile = rawMobile.isEmpty() ? Optional.empty() : MobileNumbers.normalize(rawMobile);
		if (!rawMobile.isEmpty() && mobile.isEmpty()) {
			return reject("mobile", "import.rejected.mobile");
		}
		Instant verifiedAt = null;
		String center = null;
		String rawVerifiedAt = field(fields, 8);
		String rawCenter = field(fields, 9);
		if (!rawVerifiedAt.isEmpty() || !rawCenter.isEmpty()) {
			LocalDate day = date(rawVerifiedAt);
			if (day == null || day.isAfter(today) || day.getYear() < 2000) {
				return reject("contactVerifiedAt", "import.rejected.contactVerifiedAt");
			}
			if (rawCenter.isEmpty() || rawCenter.length() > MAX_CENTER || rawCenter.chars().anyMatch(Character::isISOControl)) {
				return reject("contactCenter", "import.rejected.contactCenter");
			}
			if (email.isEmpty() || mobile.isEmpty()) {
				return reject("contactVerifiedAt", "import.rejected.verifiedWithoutContact");
			}
			verifiedAt = day.atStartOfDay(ECUADOR).toInstant();
			center = rawCenter;
		}
		return new Parsed(new PersonRow(cedula, firstNames.strip(), lastNames.strip(), birthDate,
				FingerprintCode.parse(fingerprint).value(), roles, email.isEmpty() ? null : email, mobile.orElse(null),
				verifiedAt, center), null);
	}

	/** The field at the column's place, stripped; empty when the column is absent from the file. */
	private String field(List<String> fields, int column) {
		int at = index[column];
		return at < 0 ? "" : fields.get(at).strip();
	}

	/** The roles as the persons table holds them (sorted, comma-separated), or {@code null}. Separated by {@code ; | ,} or spaces. */
	static String roles(String raw) {
		Set<PersonRole> roles = EnumSet.noneOf(PersonRole.class);
		for (String part : ROLE_SEPARATORS.split(raw)) {
			if (part.isEmpty()) {
				continue;
			}
			try {
				roles.add(PersonRole.valueOf(part.toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException e) {
				return null;
			}
		}
		return roles.isEmpty() ? null : roles.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
	}

	/** {@code YYYY-MM-DD}, a real day, or {@code null}; by hand, as {@code LocalDate.parse} costs more than the rest of a row. */
	static LocalDate date(String raw) {
		if (raw.length() != 10 || raw.charAt(4) != '-' || raw.charAt(7) != '-') {
			return null;
		}
		int year = digits(raw, 0, 4);
		int month = digits(raw, 5, 7);
		int day = digits(raw, 8, 10);
		if (year < 0 || month < 0 || day < 0) {
			return null;
		}
		try {
			return LocalDate.of(year, month, day);
		}
		catch (DateTimeException e) {
			return null;
		}
	}

	private static int digits(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private static Parsed reject(String column, String reason) {
		return new Parsed(null, new Rejection(column, reason));
	}
}
