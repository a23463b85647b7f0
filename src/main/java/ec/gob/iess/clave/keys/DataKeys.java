package ec.gob.iess.clave.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where each data key comes from (API.md, {@code clave.biometric.key}): a configured base64 AES-256 key
 * ({@code clave.staff.totp-key}, {@code clave.biometric.key}…); unset on the embedded H2 file database, one
 * made once and kept in a file beside it (so {@code java -jar clave.jar} works on a fresh machine and the
 * key is still not in the database); unset with any other database — PostgreSQL in production — the
 * application refuses to start, because a key made on one node would not be known to the others.
 */
@Component
public class DataKeys {

	private static final int KEY_BYTES = 32;
	private static final SecureRandom RANDOM = new SecureRandom();
	/** Keys of an in-memory H2 database: they die with it. */
	private static final Map<String, byte[]> IN_MEMORY = new ConcurrentHashMap<>();

	private final Environment environment;

	public DataKeys(Environment environment) {
		this.environment = environment;
	}

	/**
	 * The 256-bit key named by {@code property}.
	 *
	 * @param fileName the key file beside the embedded database, e.g. {@code totp.key}
	 * @throws IllegalStateException when the key is misconfigured, or missing where it is required
	 */
	public Sealer sealer(String property, String fileName) {
		return new Sealer(key(property, fileName));
	}

	byte[] key(String property, String fileName) {
		String configured = environment.getProperty(property);
		if (configured != null && !configured.isBlank()) {
			return decode(property, configured.strip());
		}
		String url = environment.getProperty("spring.datasource.url", "");
		if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
			throw new IllegalStateException(property + " is required outside the embedded database: set it to a base64 "
					+ "AES-256 key (32 bytes), the same on every node, kept out of the database");
		}
		Path database = embeddedFile(url);
		if (database == null) {
			return IN_MEMORY.computeIfAbsent(url + "|" + fileName, k -> random());
		}
		Path file = database.toAbsolutePath().getParent().resolve(fileName);
		return decode(file.toString(), readOrCreate(file));
	}

	/** The file path of {@code jdbc:h2:file:./data/clave;…} or {@code jdbc:h2:./data/clave}; null for memory and servers. */
	static Path embeddedFile(String url) {
		String rest = url.substring("jdbc:h2:".length());
		int options = rest.indexOf(';');
		rest = options >= 0 ? rest.substring(0, options) : rest;
		if (rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:") || rest.startsWith("zip:")) {
			return null;
		}
		rest = rest.startsWith("file:") ? rest.substring("file:".length()) : rest;
		if (rest.startsWith("~")) {
			rest = System.getProperty("user.home") + rest.substring(1);
		}
		return Path.of(rest);
	}

	private static synchronized String readOrCreate(Path file) {
		try {
			if (!Files.exists(file)) {
				Files.createDirectories(file.getParent());
				byte[] key = random();
				try {
					Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.CREATE_NEW,
							StandardOpenOption.WRITE);
					restrict(file);
				}
				catch (FileAlreadyExistsException raced) {
					// another process made it first: use theirs
				}
			}
			return Files.readString(file).strip();
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read or create the key file " + file, e);
		}
	}

	private static void restrict(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException notPosix) {
			// Windows: the file keeps its directory's permissions
		}
	}

	private static byte[] decode(String where, String base64) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalStateException(where + " is not base64");
		}
		if (key.length != KEY_BYTES) {
			throw new IllegalStateException(where + " must be a 256-bit key (32 bytes in base64)");
		}
		return key;
	}

	private static byte[] random() {
		byte[] key = new byte[KEY_BYTES];
		RANDOM.nextBytes(key);
		return key;
	}
}
