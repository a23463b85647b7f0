package ec.gob.iess.clave.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends bytes exactly as written over a socket and reads the answer until the server closes:
 * for requests that an HTTP client would refuse or normalise (a forged {@code Host}, {@code %2e%2e},
 * a path parameter, {@code TRACE}, broken percent-escapes).
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** One answer: status, headers in order (names as sent), body as text. */
	public record Answer(int status, List<String[]> headers, String body) {

		public Optional<String> header(String name) {
			return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
		}

		public List<String> names() {
			return headers.stream().map(h -> h[0].toLowerCase(Locale.ROOT)).toList();
		}
	}

	/** {@code head} is the request line and headers without the final blank line; {@code Connection: close} is added. */
	public static Answer send(int port, String head, String body) {
		String request = head + "\r\nConnection: close\r\n"
				+ (body == null ? "" : "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n") + "\r\n"
				+ (body == null ? "" : body);
		return raw(port, request);
	}

	/** The whole request exactly as given, for framing errors (a broken chunk). */
	public static Answer raw(int port, String request) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			return parse(readAll(socket.getInputStream()));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static Answer get(int port, String target, String... headers) {
		return send(port, "GET " + target + " HTTP/1.1\r\nHost: localhost:" + port + lines(headers), null);
	}

	private static String lines(String... headers) {
		StringBuilder text = new StringBuilder();
		for (String header : headers) {
			text.append("\r\n").append(header);
		}
		return text.toString();
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int n;
		while ((n = in.read(buffer)) != -1) {
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private static Answer parse(byte[] raw) {
		String text = new String(raw, StandardCharsets.UTF_8);
		int end = text.indexOf("\r\n\r\n");
		String head = end < 0 ? text : text.substring(0, end);
		String body = end < 0 ? "" : text.substring(end + 4);
		String[] lines = head.split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		List<String[]> headers = new ArrayList<>();
		boolean chunked = false;
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			String name = lines[i].substring(0, colon).trim();
			String value = lines[i].substring(colon + 1).trim();
			headers.add(new String[] { name, value });
			chunked |= name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked");
		}
		return new Answer(status, headers, chunked ? dechunk(body) : body);
	}

	private static String dechunk(String body) {
		StringBuilder out = new StringBuilder();
		int at = 0;
		while (at < body.length()) {
			int lineEnd = body.indexOf("\r\n", at);
			if (lineEnd < 0) {
				break;
			}
			int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
			if (size == 0) {
				break;
			}
			// Sizes count bytes; the body was decoded as UTF-8, so take the chunk by its bytes.
			byte[] rest = body.substring(lineEnd + 2).getBytes(StandardCharsets.UTF_8);
			String chunk = new String(rest, 0, Math.min(size, rest.length), StandardCharsets.UTF_8);
			out.append(chunk);
			at = lineEnd + 2 + chunk.length() + 2;
		}
		return out.toString();
	}
}
