package ec.gob.iess.clave.registry;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where an import stands after a committed chunk, or at its end. The counts cover the whole import of the file,
 * earlier interrupted runs included; {@code rowsThisRun} and {@code elapsed} are this run's, for its speed.
 *
 * @param resumedAtLine the line this run started from when it continued an interrupted one, otherwise 0
 * @param bytesAtRunStart where in the file this run started
 */
public record ImportStatus(Path file, Path report, long bytesDone, long bytesTotal, long nextLine, long rowsRead,
		long imported, long existing, long rejected, long rowsThisRun, Duration elapsed, long resumedAtLine,
		long bytesAtRunStart) {

	/** Rows of this run per second, for the progress line. */
	public double rowsPerSecond() {
		double seconds = elapsed.toNanos() / 1e9;
		return seconds <= 0 ? 0 : rowsThisRun / seconds;
	}

	/** The share of the file done, 0 to 1. */
	public double fraction() {
		return bytesTotal == 0 ? 1 : (double) bytesDone / bytesTotal;
	}

	/** The time left at this run's pace so far, or {@code null} before anything was done. */
	public Duration remaining() {
		long doneThisRun = bytesDone - bytesAtRunStart;
		if (doneThisRun <= 0) {
			return null;
		}
		return Duration.ofNanos((long) (elapsed.toNanos() * ((double) (bytesTotal - bytesDone) / doneThisRun)));
	}
}
