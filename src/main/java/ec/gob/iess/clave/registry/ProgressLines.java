package ec.gob.iess.clave.registry;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * What the command prints while it imports: on a terminal one line redrawn in place, a bar with the share of the
 * file, rows, rows/s and the time left; otherwise (a log, a pipe) a plain line at most every few seconds.
 */
public final class ProgressLines implements ImportProgress {

	private static final Locale SPANISH = Locale.forLanguageTag("es");
	private static final int BAR = 30;
	private static final long PLAIN_EVERY_NANOS = Duration.ofSeconds(2).toNanos();

	private final PrintStream out;
	private final boolean terminal;
	private final MessageSource messages;
	private boolean printed;
	private long lastPrinted;

	public ProgressLines(PrintStream out, boolean terminal, MessageSource messages) {
		this.out = out;
		this.terminal = terminal;
		this.messages = messages;
	}

	/** Whether standard output is a terminal someone watches (not redirected to a file or a pipe). */
	public static boolean onTerminal() {
		return System.console() != null;
	}

	@Override
	public void chunkCommitted(ImportStatus status) {
		long now = System.nanoTime();
		if (!terminal && now - lastPrinted < PLAIN_EVERY_NANOS && status.bytesDone() < status.bytesTotal()) {
			return;
		}
		lastPrinted = now;
		printed = true;
		String line = line(status);
		if (terminal) {
			int filled = (int) Math.round(status.fraction() * BAR);
			out.print("\r[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + line + "   ");
		}
		else {
			out.println(line);
		}
		out.flush();
	}

	/** Ends the redrawn line, so that what follows starts on its own. */
	public void end() {
		if (terminal && printed) {
			out.println();
		}
	}

	/** The closing lines: where this run continued from, the counts of the whole import, and where the report is. */
	public String summary(ImportStatus status) {
		String done = messages.getMessage("import.done", new Object[] { number(status.rowsRead()), number(status.imported()),
				number(status.existing()), number(status.rejected()), status.report().toString(),
				String.format(SPANISH, "%,.0f", status.rowsPerSecond()), clock(status.elapsed()) }, SPANISH);
		return status.resumedAtLine() == 0 ? done
				: messages.getMessage("import.resumed", new Object[] { number(status.resumedAtLine()) }, SPANISH) + "\n" + done;
	}

	private static String number(long value) {
		return String.format(SPANISH, "%,d", value);
	}

	String line(ImportStatus status) {
		Duration left = status.remaining();
		return messages.getMessage("import.progress",
				new Object[] { String.format(SPANISH, "%.0f", status.fraction() * 100), number(status.rowsRead()),
						String.format(SPANISH, "%,.0f", status.rowsPerSecond()), left == null ? "?" : clock(left) },
				SPANISH);
	}

	static String clock(Duration duration) {
		long seconds = duration.toSeconds();
		return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
				: String.format("%d:%02d", seconds / 60, seconds % 60);
	}
}
