package ec.gob.iess.clave.web;

/**
 * The paths that take a multipart body: only the back office's fingerprint form uploads a file
 * (decision 88). {@link UnreadableRequestFilter} refuses a multipart body anywhere else.
 */
public final class Uploads {

	/** The counter's fingerprint and contact verification form (the scanner's picture). */
	public static final String FINGERPRINT = "/centro/personas/{cedula}/verificacion";

	private Uploads() {
	}
}
