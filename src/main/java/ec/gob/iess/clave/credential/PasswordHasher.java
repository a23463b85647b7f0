package ec.gob.iess.clave.credential;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.jna.Library;
import com.sun.jna.Native;
import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id hashing of claves, stored as standard PHC strings:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (16-byte random salt, 32-byte hash, both in base64 without
 * padding), so the stored value carries its own parameters and any Argon2 implementation can read it.
 *
 * <p>
 * Three interchangeable implementations compute the same bytes (decision 165), best first:
 * <ol>
 * <li>{@link Implementation#LIBSODIUM libsodium}, the system's library (Debian's {@code libsodium23}) through JNA: its
 * Argon2 picks SSSE3, AVX2 or AVX-512 code at run time and hashes about 15 % faster than the reference build,
 * nearly twice as fast where transparent huge pages are "always" (decision 166). It
 * computes only Argon2id version 0x13 with p = 1 and a 16-byte salt, our own shape; anything else goes to the next
 * one.</li>
 * <li>{@link Implementation#LIBARGON2 libargon2}, the portable reference C library through {@code argon2-jvm}
 * (the system's or the one in its jar).</li>
 * <li>{@link Implementation#BOUNCY_CASTLE Bouncy Castle}'s pure Java one, about half as fast, for any shape.</li>
 * </ol>
 * The native ones keep their 19 MiB outside the Java heap. Which ones are used is decided once, at construction: each
 * native library is used only when it loads and agrees with Bouncy Castle on small known-answer computations. Hashes
 * made by any verify with the others. That choice and the dummy hash are made on a thread of their own, off the
 * start's path ({@link StartupLoad}); the first call that needs them waits for them.
 *
 * <p>
 * The clave is encoded as UTF-8 (never truncated); byte copies are cleared after use. {@link #verify} compares in
 * constant time and does a full computation even when the stored value is missing or malformed, so its duration
 * does not tell whether an account exists; {@link #dummyHash()} is the value to verify against for an unknown
 * account. Older argon2i/argon2d and version 0x10 hashes are still verified, and {@link #needsRehash} flags them.
 * Thread-safe.
 */
public final class PasswordHasher {

	private static final System.Logger LOG = System.getLogger(PasswordHasher.class.getName());

	static final int SALT_BYTES = 16;

	static final int HASH_BYTES = 32;

	private static final int VERSION_13 = 0x13;

	private static final int VERSION_10 = 0x10;

	private static final Path TRANSPARENT_HUGE_PAGES = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

	private static final Pattern SELECTED = Pattern.compile("\\[(\\w+)]");

	private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

	private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

	private static final Pattern PHC = Pattern.compile("\\$(argon2id|argon2i|argon2d)(?:\\$v=(\\d{1,3}))?"
			+ "\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{10,88})\\$([A-Za-z0-9+/]{21,88})");

	enum Type {

		ARGON2ID("argon2id", Argon2Parameters.ARGON2_id, Argon2Types.ARGON2id),
		ARGON2I("argon2i", Argon2Parameters.ARGON2_i, Argon2Types.ARGON2i),
		ARGON2D("argon2d", Argon2Parameters.ARGON2_d, Argon2Types.ARGON2d);

		final String id;
		final int bouncyCastle;
		final Argon2Types argon2jvm;

		Type(String id, int bouncyCastle, Argon2Types argon2jvm) {
			this.id = id;
			this.bouncyCastle = bouncyCastle;
			this.argon2jvm = argon2jvm;
		}

		static Type of(String id) {
			for (Type type : values()) {
				if (type.id.equals(id)) {
					return type;
				}
			}
			throw new IllegalArgumentException(id);
		}
	}

	/** A parsed PHC string. */
	record Phc(Type type, int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {

		/** The parsed value, or null when the string is not a well-formed Argon2 PHC string within our bounds. */
		static Phc parse(String phc) {
			if (phc == null || phc.length() > 256) {
				return null;
			}
			Matcher m = PHC.matcher(phc);
			if (!m.matches()) {
				return null;
			}
			long version = m.group(2) == null ? VERSION_10 : Long.parseLong(m.group(2));
			long memory = Long.parseLong(m.group(3));
			long iterations = Long.parseLong(m.group(4));
			long parallelism = Long.parseLong(m.group(5));
			if ((version != VERSION_13 && version != VERSION_10) || parallelism < 1
					|| parallelism > HashingSettings.MAX_PARALLELISM || iterations < 1
					|| iterations > HashingSettings.MAX_ITERATIONS || memory < 8 * parallelism
					|| memory > HashingSettings.MAX_MEMORY_KIB) {
				return null;
			}
			byte[] salt;
			byte[] hash;
			try {
				salt = B64_DECODER.decode(m.group(6));
				hash = B64_DECODER.decode(m.group(7));
			}
			catch (IllegalArgumentException e) {
				return null;
			}
			if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
				return null;
			}
			return new Phc(Type.of(m.group(1)), (int) version, (int) memory, (int) iterations, (int) parallelism, salt,
					hash);
		}

		String format() {
			return "$" + type.id + "$v=" + version + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
					+ B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
		}
	}

	/** The implementations, best first; a hasher uses the best one that loads, from the one it is allowed. */
	public enum Implementation {

		LIBSODIUM("libsodium"), LIBARGON2("libargon2"), BOUNCY_CASTLE("bouncycastle");

		private final String id;

		Implementation(String id) {
			this.id = id;
		}

		/** "libsodium", "libargon2" or "bouncycastle", as logged and as {@link PasswordHasher#implementation()}. */
		public String id() {
			return id;
		}
	}

	/** Computes raw Argon2 output; all implementations answer the same bytes for the same input. */
	interface Engine {

		byte[] compute(Type type, int version, int memoryKib, int iterations, int parallelism, byte[] password,
				byte[] salt, int hashLength);

	}

	private static final Engine BOUNCY_CASTLE = (type, version, memoryKib, iterations, parallelism, password, salt,
			hashLength) -> {
		Argon2Parameters parameters = new Argon2Parameters.Builder(type.bouncyCastle)
			.withVersion(version == VERSION_10 ? Argon2Parameters.ARGON2_VERSION_10 : Argon2Parameters.ARGON2_VERSION_13)
			.withMemoryAsKB(memoryKib)
			.withIterations(iterations)
			.withParallelism(parallelism)
			.withSalt(salt)
			.build();
		Argon2BytesGenerator generator = new Argon2BytesGenerator();
		generator.init(parameters);
		byte[] out = new byte[hashLength];
		generator.generateBytes(password, out);
		parameters.clear();
		return out;
	};

	/**
	 * libargon2 through argon2-jvm for the usual shape (version 0x13, 32-byte output); anything else (old or foreign
	 * hashes) goes to Bouncy Castle, which gives the same bytes.
	 */
	private static final class Libargon2Engine implements Engine {

		private final Map<Type, Argon2Advanced> argon2 = new EnumMap<>(Type.class);

		Libargon2Engine() {
			for (Type type : Type.values()) {
				argon2.put(type, Argon2Factory.createAdvanced(type.argon2jvm, SALT_BYTES, HASH_BYTES));
			}
		}

		@Override
		public byte[] compute(Type type, int version, int memoryKib, int iterations, int parallelism, byte[] password,
				byte[] salt, int hashLength) {
			if (version != VERSION_13 || hashLength != HASH_BYTES) {
				return BOUNCY_CASTLE.compute(type, version, memoryKib, iterations, parallelism, password, salt,
						hashLength);
			}
			return argon2.get(type).rawHash(iterations, memoryKib, parallelism, password, salt);
		}
	}

	/** The part of libsodium's C API this uses ({@code sodium.h}); size_t is mapped to long, so 64-bit only. */
	interface Sodium extends Library {

		int sodium_init();

		String sodium_version_string();

		int crypto_pwhash_alg_argon2id13();

		int crypto_pwhash(byte[] out, long outlen, byte[] passwd, long passwdlen, byte[] salt, long opslimit,
				long memlimit, int alg);

	}

	/**
	 * libsodium's {@code crypto_pwhash} for Argon2id version 0x13, p = 1, a 16-byte salt and an output of 16 to 64
	 * bytes, the only shape it computes; anything else goes to {@code next}. It maps its 19 MiB with {@code mmap}
	 * for every hash and unmaps them after: nothing stays in the process, but on a kernel whose transparent huge
	 * pages are not "always" each hash page-faults some 4,900 times, about 7 ms of kernel time (decision 166).
	 */
	private static final class LibsodiumEngine implements Engine {

		private final Sodium sodium;
		private final int argon2id13;
		private final Engine next;
		final String version;

		LibsodiumEngine(Engine next) {
			if (Native.SIZE_T_SIZE != Long.BYTES) {
				throw new UnsatisfiedLinkError("libsodium is used on 64-bit platforms only");
			}
			this.sodium = Native.load("sodium", Sodium.class);
			if (sodium.sodium_init() < 0) {
				throw new IllegalStateException("sodium_init failed");
			}
			this.argon2id13 = sodium.crypto_pwhash_alg_argon2id13();
			this.version = sodium.sodium_version_string();
			this.next = next;
		}

		@Override
		public byte[] compute(Type type, int version, int memoryKib, int iterations, int parallelism, byte[] password,
				byte[] salt, int hashLength) {
			if (type != Type.ARGON2ID || version != VERSION_13 || parallelism != 1 || salt.length != SALT_BYTES
					|| hashLength < 16 || hashLength > 64) {
				return next.compute(type, version, memoryKib, iterations, parallelism, password, salt, hashLength);
			}
			byte[] out = new byte[hashLength];
			if (sodium.crypto_pwhash(out, hashLength, password, password.length, salt, iterations, memoryKib * 1024L,
					argon2id13) != 0) {
				// Only when the 19 MiB cannot be allocated: the same answer as libargon2's.
				throw new IllegalStateException("libsodium crypto_pwhash failed (out of memory?)");
			}
			return out;
		}
	}

	private final HashingSettings settings;
	private final SecureRandom random = new SecureRandom();
	private final StartupLoad<Loaded> loaded;

	/** What the constructor starts: the engine chosen and the dummy hash made with it. */
	private record Loaded(Engine engine, String implementation, String dummyHash, Phc dummy) {
	}

	/** The best implementation that loads. */
	public PasswordHasher(HashingSettings settings) {
		this(settings, Implementation.LIBSODIUM);
	}

	/**
	 * @param best the best implementation allowed: the hasher uses the best one, from this one down, that loads
	 * and passes its known-answer checks (tests and benchmarks name one; {@code BOUNCY_CASTLE} is pure Java always)
	 */
	public PasswordHasher(HashingSettings settings, Implementation best) {
		this.settings = Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(best, "best");
		this.loaded = StartupLoad.start("clave-hasher-load", () -> {
			Engine engine = BOUNCY_CASTLE;
			String implementation = Implementation.BOUNCY_CASTLE.id();
			String library = "";
			if (best.compareTo(Implementation.LIBARGON2) <= 0) {
				Engine libargon2 = checked(Implementation.LIBARGON2, Libargon2Engine::new);
				if (libargon2 != null) {
					engine = libargon2;
					implementation = Implementation.LIBARGON2.id();
				}
			}
			if (best == Implementation.LIBSODIUM) {
				Engine next = engine;
				LibsodiumEngine libsodium = (LibsodiumEngine) checked(Implementation.LIBSODIUM,
						() -> new LibsodiumEngine(next));
				if (libsodium != null) {
					engine = libsodium;
					// Our hashes are always p = 1 (CredentialConfiguration); other shapes go to the next engine.
					if (settings.parallelism() == 1) {
						implementation = Implementation.LIBSODIUM.id();
						library = " " + libsodium.version;
						adviseOnHugePages();
					}
				}
			}
			byte[] secret = new byte[HASH_BYTES];
			random.nextBytes(secret);
			String dummyHash = hashBytes(engine, secret);
			Arrays.fill(secret, (byte) 0);
			LOG.log(Level.INFO, "Argon2id m={0,number,#} KiB, t={1}, p={2} through {3}{4}", settings.memoryKib(),
					settings.iterations(), settings.parallelism(), implementation, library);
			return new Loaded(engine, implementation, dummyHash, Phc.parse(dummyHash));
		});
	}

	/** Waits until the engine is chosen and the dummy hash made; throws what that failed with, if it did. */
	void awaitLoaded() {
		loaded.get();
	}

	/** libsodium's hash pays for every page of its fresh mapping unless the pages are huge (decision 166). */
	private static void adviseOnHugePages() {
		String pages = transparentHugePages();
		if (pages != null && !pages.equals("always")) {
			LOG.log(Level.INFO, () -> "Transparent huge pages are '" + pages + "' on this machine: libsodium maps every "
					+ "hash's 19 MiB afresh, and with 'always' a login costs about 30 % less CPU on the reference "
					+ "machine (docs/operations.md, decision 166)");
		}
	}

	/** This machine's mode of transparent huge pages ("always", "madvise", "never"), null when not known. */
	public static String transparentHugePages() {
		return transparentHugePages(TRANSPARENT_HUGE_PAGES);
	}

	/**
	 * The kernel's mode of transparent huge pages, the bracketed word of {@code file} ("always [madvise] never" is
	 * "madvise"); null when there is no such file (not Linux) or it cannot be read.
	 */
	static String transparentHugePages(Path file) {
		try {
			Matcher selected = SELECTED.matcher(Files.readString(file));
			return selected.find() ? selected.group(1) : null;
		}
		catch (IOException | RuntimeException e) {
			return null;
		}
	}

	/**
	 * The engine {@code load} makes, when it loads and answers what Bouncy Castle answers for every type on small
	 * inputs (the shapes it does not compute itself go to the next engine, so they are checked too); null, with a
	 * warning, otherwise.
	 */
	static Engine checked(Implementation implementation, java.util.function.Supplier<Engine> load) {
		try {
			Engine candidate = load.get();
			byte[] password = "clave de prueba ñ 🙂".getBytes(StandardCharsets.UTF_8);
			byte[] salt = "IESS-clave-salt!".getBytes(StandardCharsets.US_ASCII);
			for (Type type : Type.values()) {
				for (byte[] input : new byte[][] { password, new byte[0] }) {
					for (int iterations = 1; iterations <= 2; iterations++) {
						byte[] expected = BOUNCY_CASTLE.compute(type, VERSION_13, 8, iterations, 1, input, salt,
								HASH_BYTES);
						byte[] actual = candidate.compute(type, VERSION_13, 8, iterations, 1, input, salt, HASH_BYTES);
						if (!Arrays.equals(expected, actual)) {
							LOG.log(Level.WARNING, "{0} disagrees with Bouncy Castle for {1}; not using it",
									implementation.id(), type.id);
							return null;
						}
					}
				}
			}
			return candidate;
		}
		catch (LinkageError | RuntimeException e) {
			// JNA's message goes on to list every jar searched: its first line says what failed.
			String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceFirst(":$", "");
			LOG.log(Level.WARNING, "{0} unavailable ({1}: {2}); using the next Argon2 implementation{3}",
					implementation.id(), e.getClass().getSimpleName(), reason, implementation == Implementation.LIBSODIUM
							? " (logins cost 15–40 % more CPU without it: install libsodium, Debian's libsodium23)" : "");
			return null;
		}
	}

	/** The implementation used for hashes of the configured shape: "libsodium", "libargon2" or "bouncycastle". */
	public String implementation() {
		return loaded.get().implementation();
	}

	public HashingSettings settings() {
		return settings;
	}

	/** A new PHC string for this clave with the configured parameters and a fresh random salt. */
	public String hash(CharSequence clave) {
		Objects.requireNonNull(clave, "clave");
		byte[] password = utf8(clave);
		try {
			return hashBytes(loaded.get().engine(), password);
		}
		finally {
			Arrays.fill(password, (byte) 0);
		}
	}

	private String hashBytes(Engine engine, byte[] password) {
		byte[] salt = new byte[SALT_BYTES];
		random.nextBytes(salt);
		byte[] hash = engine.compute(Type.ARGON2ID, VERSION_13, settings.memoryKib(), settings.iterations(),
				settings.parallelism(), password, salt, HASH_BYTES);
		return new Phc(Type.ARGON2ID, VERSION_13, settings.memoryKib(), settings.iterations(), settings.parallelism(),
				salt, hash)
			.format();
	}

	/**
	 * Whether the clave matches the stored PHC string. A null clave, or a null or malformed stored value, answers
	 * false after the same work as a real verification.
	 */
	public boolean verify(CharSequence clave, String phc) {
		Phc stored = Phc.parse(phc);
		byte[] password = clave == null ? new byte[0] : utf8(clave);
		try {
			if (stored == null || clave == null) {
				compute(loaded.get().dummy(), password);
				return false;
			}
			byte[] actual = compute(stored, password);
			try {
				return MessageDigest.isEqual(actual, stored.hash());
			}
			finally {
				Arrays.fill(actual, (byte) 0);
			}
		}
		finally {
			Arrays.fill(password, (byte) 0);
		}
	}

	private byte[] compute(Phc phc, byte[] password) {
		return loaded.get()
			.engine()
			.compute(phc.type(), phc.version(), phc.memoryKib(), phc.iterations(), phc.parallelism(), password, phc.salt(),
					phc.hash().length);
	}

	/**
	 * True when the stored value should be replaced at the next successful login: not argon2id version 0x13, memory
	 * or iterations below the configured ones, salt or hash shorter than ours, or not readable at all.
	 */
	public boolean needsRehash(String phc) {
		Phc stored = Phc.parse(phc);
		return stored == null || stored.type() != Type.ARGON2ID || stored.version() != VERSION_13
				|| stored.memoryKib() < settings.memoryKib() || stored.iterations() < settings.iterations()
				|| stored.salt().length < SALT_BYTES || stored.hash().length < HASH_BYTES;
	}

	/**
	 * A valid hash, with the configured parameters, of a random secret made at construction: verify an unknown
	 * account's clave against it so that the answer takes as long as for a real one (and is always false).
	 */
	public String dummyHash() {
		return loaded.get().dummyHash();
	}

	private static byte[] utf8(CharSequence clave) {
		CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
		ByteBuffer buffer;
		try {
			buffer = encoder.encode(CharBuffer.wrap(clave));
		}
		catch (CharacterCodingException e) {
			throw new IllegalStateException("UTF-8 encoding with replacement cannot fail", e);
		}
		byte[] backing = buffer.array();
		byte[] bytes = Arrays.copyOfRange(backing, buffer.arrayOffset() + buffer.position(),
				buffer.arrayOffset() + buffer.limit());
		Arrays.fill(backing, (byte) 0);
		return bytes;
	}

	@Override
	public String toString() {
		return "PasswordHasher[argon2id m=" + settings.memoryKib() + " KiB, t=" + settings.iterations() + ", p="
				+ settings.parallelism() + ", " + implementation() + "]";
	}
}
