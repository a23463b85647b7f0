package ec.gob.iess.clave.registry;

/**
 * Told of each committed chunk; what the command prints ({@code ProgressLines}), and where a test stops an import
 * midway as a crash would (throwing here leaves the last checkpoint committed and the rest undone).
 */
@FunctionalInterface
public interface ImportProgress {

	void chunkCommitted(ImportStatus status);
}
