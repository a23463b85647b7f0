package ec.gob.iess.clave.token;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes links long past their expiry; any node may run it, the delete is idempotent. */
@Component
class LinkCleanup {

	private final OneTimeLinks links;

	LinkCleanup(OneTimeLinks links) {
		this.links = links;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void deleteExpired() {
		links.deleteExpired();
	}
}
