package ec.gob.iess.clave.registry;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lines of a UTF-8 file, each with the byte offset just after it: what a checkpoint records, so that a restart
 * seeks there instead of reading the file again. A line ends at {@code \n} (a {@code \r} before it is dropped);
 * a byte-order mark at the start of the file is skipped.
 */
final class LineReader implements Closeable {

	private final InputStream in;
	private byte[] buffer = new byte[1 << 16];
	private int position;
	private int limit;
	/** The file offset of {@code buffer[position]}. */
	private long offset;

	LineReader(Path file, long start) throws IOException {
		FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
		channel.position(start);
		this.in = Channels.newInputStream(channel);
		this.offset = start;
		if (start == 0 && fill() && limit >= 3 && (buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB
				&& (buffer[2] & 0xff) == 0xBF) {
			position = 3;
			offset = 3;
		}
	}

	/** The next line, or {@code null} at the end of the file. */
	String next() throws IOException {
		int scanned = position;
		while (true) {
			for (int i = scanned; i < limit; i++) {
				if (buffer[i] == '\n') {
					String line = decode(position, i);
					offset += i + 1 - position;
					position = i + 1;
					return line;
				}
			}
			scanned = limit - position;
			if (!fill()) {
				if (position == limit) {
					return null;
				}
				String line = decode(position, limit);
				offset += limit - position;
				position = limit;
				return line;
			}
			scanned += position;
		}
	}

	/** The offset just after the last line returned. */
	long offset() {
		return offset;
	}

	private String decode(int from, int to) {
		int end = to > from && buffer[to - 1] == '\r' ? to - 1 : to;
		return new String(buffer, from, end - from, StandardCharsets.UTF_8);
	}

	/** Keeps the unread bytes, moved to the start (growing the buffer for a long line), and reads more; false at the end. */
	private boolean fill() throws IOException {
		int unread = limit - position;
		if (position > 0) {
			System.arraycopy(buffer, position, buffer, 0, unread);
		}
		else if (unread == buffer.length) {
			byte[] larger = new byte[buffer.length * 2];
			System.arraycopy(buffer, 0, larger, 0, unread);
			buffer = larger;
		}
		position = 0;
		limit = unread;
		int read = in.read(buffer, limit, buffer.length - limit);
		if (read < 0) {
			return false;
		}
		limit += read;
		return true;
	}

	@Override
	public void close() throws IOException {
		in.close();
	}
}
