package ec.gob.iess.clave.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.registry.PersonColumns.Parsed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code import --persons FILE.csv}: reads the file on one thread (parsing and validating, encoding the good rows
 * for the database) while this one loads each chunk into the staging table and merges it, set-based, into the
 * people and their accounts; each chunk commits with its checkpoint, so a crash or a Ctrl-C loses at most the chunk
 * under way, and running the same command again continues after the last committed one (decision 146). Bad rows
 * go to the report with their line number and reason, and are skipped. One audit event records the finished
 * import with its counts.
 */
@Service
public class PersonImport {

	private static final Logger log = LoggerFactory.getLogger(PersonImport.class);

	/** Who verified a contact that the registry says was verified in person: the registry, at its centre. */
	static final String AGENT = "registro";

	private static final Locale SPANISH = Locale.forLanguageTag("es");
	private static final int FINGERPRINT_BYTES = 1 << 20;
	static final String REPORT_HEADER = "linea,columna,motivo\n";

	private final DataSource dataSource;
	private final JdbcClient jdbc;
	private final TransactionTemplate transactions;
	private final AuditLog audit;
	private final MessageSource messages;
	private final Clock clock;
	private final ImportSettings settings;

	PersonImport(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit,
			MessageSource messages, Clock clock, ImportSettings settings) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.messages = messages;
		this.clock = clock;
		this.settings = settings;
	}

	/** The file cannot be imported at all: its header is not the contract's (the message says why). */
	public static final class BadFileException extends RuntimeException {

		BadFileException(String message) {
			super(message);
		}
	}

	/** Where the report of bad rows goes unless told: beside the file, {@code personas.csv} → {@code personas.rechazos.csv}. */
	public static Path defaultReport(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String base = dot > 0 ? name.substring(0, dot) : name;
		return file.toAbsolutePath().resolveSibling(base + ".rechazos.csv");
	}

	/**
	 * Imports {@code file}, continuing an interrupted import of the same file (same size, same first MiB) when there
	 * is one, and then writing to that import's report.
	 *
	 * @throws BadFileException when the header is not the contract's
	 * @throws IOException when the file or the report cannot be read or written
	 */
	public ImportStatus run(Path file, Path report, ImportProgress progress) throws IOException {
		return run(file, report, progress, settings.chunkRows());
	}

	ImportStatus run(Path file, Path report, ImportProgress progress, int chunkRows) throws IOException {
		long size = Files.size(file);
		String fileKey = fileKey(file, size);
		PersonColumns columns;
		long headerEnd;
		try (LineReader reader = new LineReader(file, 0)) {
			String header = reader.next();
			headerEnd = reader.offset();
			try {
				columns = PersonColumns.of(header);
			}
			catch (IllegalArgumentException e) {
				throw new BadFileException(e.getMessage());
			}
		}
		Checkpoint checkpoint = unfinished(fileKey).orElse(null);
		long resumedAtLine = 0;
		if (checkpoint == null) {
			checkpoint = start(fileKey, file, report, headerEnd);
		}
		else {
			resumedAtLine = checkpoint.nextLine;
		}
		try (FileChannel reportChannel = openReport(Path.of(checkpoint.reportPath), checkpoint)) {
			return merge(file, size, columns, checkpoint, reportChannel, progress, chunkRows, resumedAtLine);
		}
	}

	private ImportStatus merge(Path file, long size, PersonColumns columns, Checkpoint checkpoint, FileChannel report,
			ImportProgress progress, int chunkRows, long resumedAtLine) throws IOException {
		long started = System.nanoTime();
		long bytesAtStart = checkpoint.nextOffset;
		long rowsThisRun = 0;
		try (Connection connection = dataSource.getConnection()) {
			Staging staging = Staging.of(connection);
			staging.create(connection);
			Reading reading = new Reading(file, columns, staging, checkpoint, chunkRows);
			Thread reader = new Thread(reading, "import-reader");
			reader.setDaemon(true);
			reader.start();
			connection.setAutoCommit(false);
			try (AccountsSide accounts = new AccountsSide(staging);
					PreparedStatement persons = connection.prepareStatement(staging.mergePersons());
					PreparedStatement save = connection.prepareStatement("""
							update person_imports set next_offset = ?, next_line = ?, report_offset = ?, rows_read = ?,
							rows_imported = ?, rows_existing = ?, rows_rejected = ?, updated_at = ? where id = ?""")) {
				while (true) {
					Phases phases = new Phases();
					Chunk chunk = reading.take();
					if (chunk.last) {
						break;
					}
					phases.reached("wait");
					writeRejections(report, chunk.rejections);
					long imported = 0;
					if (chunk.rows.size() > 0) {
						Timestamp now = Timestamp.from(clock.instant());
						Future<?> accountsDone = accounts.merge(chunk.rows, now);
						staging.load(connection, chunk.rows);
						phases.reached("load");
						persons.setTimestamp(1, now);
						persons.setTimestamp(2, now);
						persons.setTimestamp(3, now);
						imported = persons.executeUpdate();
						phases.reached("persons");
						await(accountsDone);
						phases.reached("accounts (more)");
					}
					checkpoint = checkpoint.after(chunk, imported, report.position());
					save.setLong(1, checkpoint.nextOffset);
					save.setLong(2, checkpoint.nextLine);
					save.setLong(3, checkpoint.reportOffset);
					save.setLong(4, checkpoint.rowsRead);
					save.setLong(5, checkpoint.imported);
					save.setLong(6, checkpoint.existing);
					save.setLong(7, checkpoint.rejected);
					save.setTimestamp(8, Timestamp.from(clock.instant()));
					save.setLong(9, checkpoint.id);
					save.executeUpdate();
					connection.commit();
					phases.reached("commit");
					log.debug("Import chunk of {} rows, ms: {}", chunk.rowsRead, phases);
					rowsThisRun += chunk.rowsRead;
					progress.chunkCommitted(checkpoint.status(file, size, rowsThisRun, System.nanoTime() - started,
							resumedAtLine, bytesAtStart));
				}
			}
			catch (SQLException | IOException | RuntimeException e) {
				connection.rollback();
				throw e;
			}
			finally {
				reader.interrupt();
				connection.setAutoCommit(true);
				staging.drop(connection);
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException("la base de datos rechazó la importación: " + e.getMessage(), e);
		}
		finish(file, checkpoint);
		return checkpoint.status(file, size, rowsThisRun, System.nanoTime() - started, resumedAtLine, bytesAtStart);
	}

	/**
	 * The accounts of each chunk, on a second connection while the first one merges the chunk's people: the two
	 * statements touch different tables, and a database with two cores does both at once. Committed before the
	 * chunk's checkpoint, so the checkpoint never runs ahead of them; a crash between the two commits leaves
	 * accounts whose people the restart then adds (decision 146).
	 */
	private final class AccountsSide implements AutoCloseable {

		private final Connection connection;
		private final Staging staging;
		private final PreparedStatement insert;
		private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
			Thread thread = new Thread(task, "import-accounts");
			thread.setDaemon(true);
			return thread;
		});

		AccountsSide(Staging staging) throws SQLException {
			this.staging = staging;
			this.connection = dataSource.getConnection();
			try {
				staging.create(connection);
				connection.setAutoCommit(false);
				this.insert = connection.prepareStatement(staging.mergeAccounts());
			}
			catch (SQLException | RuntimeException e) {
				connection.close();
				throw e;
			}
		}

		Future<?> merge(Staging.Chunk rows, Timestamp now) {
			return worker.submit(() -> {
				try {
					staging.load(connection, rows);
					insert.setTimestamp(1, now);
					insert.executeUpdate();
					connection.commit();
				}
				catch (SQLException | IOException | RuntimeException e) {
					connection.rollback();
					throw e;
				}
				return null;
			});
		}

		@Override
		public void close() throws SQLException {
			worker.shutdownNow();
			try {
				worker.awaitTermination(1, TimeUnit.MINUTES);
				connection.rollback();
				connection.setAutoCommit(true);
				insert.close();
				staging.drop(connection);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			finally {
				connection.close();
			}
		}
	}

	/** Waits for the accounts of the chunk, passing on what went wrong there. */
	private static void await(Future<?> done) throws SQLException, IOException {
		try {
			done.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("importación interrumpida", e);
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof SQLException sql) {
				throw sql;
			}
			if (e.getCause() instanceof IOException io) {
				throw io;
			}
			if (e.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(e.getCause());
		}
	}

	/** The import is over: one audit event with its counts, in the transaction that marks it finished. */
	private void finish(Path file, Checkpoint done) {
		transactions.executeWithoutResult(status -> {
			jdbc.sql("update person_imports set finished_at = ? where id = ?")
				.params(Timestamp.from(clock.instant()), done.id)
				.update();
			audit.record(AuditType.PERSONS_IMPORTED, null, Outcome.SUCCESS, Origin.system(),
					"file " + file.getFileName() + ": " + done.rowsRead + " rows, " + done.imported + " imported, "
							+ done.existing + " already registered, " + done.rejected + " rejected (import " + done.id + ")");
		});
	}

	private void writeRejections(FileChannel report, List<Rejected> rejections) throws IOException {
		if (rejections.isEmpty()) {
			return;
		}
		StringBuilder text = new StringBuilder();
		for (Rejected rejected : rejections) {
			String reason = messages.getMessage(rejected.reason, null, SPANISH).replace("\"", "\"\"");
			text.append(rejected.line).append(',').append(rejected.column == null ? "" : rejected.column).append(",\"")
				.append(reason).append("\"\n");
		}
		ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
		while (bytes.hasRemaining()) {
			report.write(bytes);
		}
		report.force(false);
	}

	/** The report, fresh with its header, or on a restart cut back to what the last committed chunk had written. */
	private static FileChannel openReport(Path report, Checkpoint checkpoint) throws IOException {
		Path parent = report.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		FileChannel channel = FileChannel.open(report, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		boolean fresh = checkpoint.reportOffset == 0 || channel.size() < checkpoint.reportOffset;
		channel.truncate(fresh ? 0 : checkpoint.reportOffset);
		channel.position(channel.size());
		if (fresh) {
			channel.write(ByteBuffer.wrap(REPORT_HEADER.getBytes(StandardCharsets.UTF_8)));
		}
		return channel;
	}

	private Checkpoint start(String fileKey, Path file, Path report, long headerEnd) {
		Timestamp now = Timestamp.from(clock.instant());
		String reportPath = report.toAbsolutePath().toString();
		jdbc.sql("""
				insert into person_imports (file_key, file_name, report_path, next_offset, next_line, report_offset,
				rows_read, rows_imported, rows_existing, rows_rejected, started_at, updated_at)
				values (?, ?, ?, ?, 2, 0, 0, 0, 0, 0, ?, ?)""")
			.params(fileKey, file.toAbsolutePath().toString(), reportPath, headerEnd, now, now)
			.update();
		return unfinished(fileKey).orElseThrow();
	}

	private Optional<Checkpoint> unfinished(String fileKey) {
		return jdbc.sql("""
				select id, report_path, next_offset, next_line, report_offset, rows_read, rows_imported, rows_existing,
				rows_rejected from person_imports where file_key = ? and finished_at is null order by id desc
				fetch first 1 rows only""")
			.param(fileKey)
			.query((rs, n) -> new Checkpoint(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
					rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)))
			.optional();
	}

	/** The size and the SHA-256 of the first MiB: the same file again, without reading millions of rows to know it. */
	static String fileKey(Path file, long size) throws IOException {
		MessageDigest sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		try (InputStream in = Files.newInputStream(file)) {
			sha256.update(in.readNBytes(FINGERPRINT_BYTES));
		}
		return size + ":" + HexFormat.of().formatHex(sha256.digest());
	}

	/** What is committed of one import: where to continue, and the counts so far. */
	private record Checkpoint(long id, String reportPath, long nextOffset, long nextLine, long reportOffset, long rowsRead,
			long imported, long existing, long rejected) {

		Checkpoint after(Chunk chunk, long newlyImported, long reportEnd) {
			return new Checkpoint(id, reportPath, chunk.endOffset, chunk.endLine, reportEnd, rowsRead + chunk.rowsRead,
					imported + newlyImported, existing + chunk.valid - newlyImported, rejected + chunk.rejections.size());
		}

		ImportStatus status(Path file, long size, long rowsThisRun, long nanos, long resumedAtLine, long bytesAtStart) {
			return new ImportStatus(file, Path.of(reportPath), nextOffset, size, nextLine, rowsRead, imported, existing,
					rejected, rowsThisRun, Duration.ofNanos(nanos), resumedAtLine, bytesAtStart);
		}
	}

	/** Where a chunk's time went, for {@code logging.level.ec.gob.iess.clave.registry=DEBUG} (no personal data). */
	private static final class Phases {

		private final StringBuilder text = new StringBuilder();
		private long last = System.nanoTime();

		void reached(String phase) {
			long now = System.nanoTime();
			text.append(text.isEmpty() ? "" : ", ").append(phase).append(' ').append((now - last) / 1_000_000);
			last = now;
		}

		@Override
		public String toString() {
			return text.toString();
		}
	}

	private record Rejected(long line, String column, String reason) {
	}

	/** One chunk as read: the good rows for the staging table, the bad ones for the report, where it ends. */
	private record Chunk(Staging.Chunk rows, List<Rejected> rejections, long valid, long rowsRead, long endOffset,
			long endLine, boolean last, Throwable failure) {
	}

	/** The reading thread: from the checkpoint to the end of the file, one chunk at a time, one chunk ahead. */
	private final class Reading implements Runnable {

		private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(1);
		private final Path file;
		private final PersonColumns columns;
		private final Staging staging;
		private final long startOffset;
		private final long startLine;
		private final int chunkRows;

		Reading(Path file, PersonColumns columns, Staging staging, Checkpoint from, int chunkRows) {
			this.file = file;
			this.columns = columns;
			this.staging = staging;
			this.startOffset = from.nextOffset;
			this.startLine = from.nextLine;
			this.chunkRows = chunkRows;
		}

		@Override
		public void run() {
			try (LineReader reader = new LineReader(file, startOffset)) {
				LocalDate today = LocalDate.now(clock.withZone(PersonColumns.ECUADOR));
				long line = startLine;
				while (true) {
					Staging.Chunk rows = staging.newChunk();
					List<Rejected> rejections = new ArrayList<>();
					Set<String> cedulas = new HashSet<>();
					List<PersonColumns.PersonRow> good = new ArrayList<>();
					long read = 0;
					long valid = 0;
					boolean end = false;
					while (read < chunkRows) {
						String text = reader.next();
						if (text == null) {
							end = true;
							break;
						}
						long number = line++;
						if (text.isBlank()) {
							continue;
						}
						read++;
						Parsed parsed = columns.parse(text, today);
						if (parsed.rejection() != null) {
							rejections.add(new Rejected(number, parsed.rejection().column(), parsed.rejection().reason()));
							continue;
						}
						valid++;
						// A cédula twice in one chunk: the first row counts, the other is an existing person.
						if (cedulas.add(parsed.row().cedula())) {
							good.add(parsed.row());
						}
					}
					if (end && read == 0) {
						put(new Chunk(null, List.of(), 0, 0, reader.offset(), line, true, null));
						return;
					}
					// In cédula order, the primary keys' pages are met one after another rather than at random.
					good.sort(Comparator.comparing(PersonColumns.PersonRow::cedula));
					good.forEach(rows::add);
					rows.complete();
					put(new Chunk(rows, rejections, valid, read, reader.offset(), line, false, null));
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			catch (IOException | RuntimeException e) {
				try {
					put(new Chunk(null, List.of(), 0, 0, 0, 0, true, e));
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}

		private void put(Chunk chunk) throws InterruptedException {
			chunks.put(chunk);
		}

		Chunk take() throws IOException {
			Chunk chunk;
			try {
				chunk = chunks.take();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IOException("importación interrumpida", e);
			}
			if (chunk.failure instanceof IOException io) {
				throw io;
			}
			if (chunk.failure instanceof RuntimeException runtime) {
				throw runtime;
			}
			return chunk;
		}
	}
}
