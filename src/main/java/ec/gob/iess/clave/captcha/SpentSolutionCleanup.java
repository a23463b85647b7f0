package ec.gob.iess.clave.captcha;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes the rows of expired solutions; any node may run it, the delete is idempotent. */
@Component
class SpentSolutionCleanup {

	private final SpentSolutions spent;

	SpentSolutionCleanup(SpentSolutions spent) {
		this.spent = spent;
	}

	@Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
	void deleteExpired() {
		spent.deleteExpired();
	}
}
