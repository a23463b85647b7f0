package ec.gob.iess.clave.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param chunkRows {@code clave.import.chunk-rows}: rows merged and checkpointed in one transaction; a restart
 *        after a crash repeats at most this many (nothing is duplicated, only re-read)
 */
@ConfigurationProperties("clave.import")
public record ImportSettings(@DefaultValue("100000") int chunkRows) {

	public ImportSettings {
		if (chunkRows < 1) {
			throw new IllegalArgumentException("clave.import.chunk-rows must be at least 1");
		}
	}
}
