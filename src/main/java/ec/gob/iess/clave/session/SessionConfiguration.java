package ec.gob.iess.clave.session;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.SessionIdGenerator;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	/** Session ids with 256 random bits instead of a UUID's 122 (SECURITY.md 17). */
	@Bean
	SessionIdGenerator sessionIdGenerator() {
		return Secrets::newToken;
	}

	@Bean
	ExpiredTokenCleanup expiredTokenCleanup(AccessTokens accessTokens) {
		return new ExpiredTokenCleanup(accessTokens);
	}

	static class ExpiredTokenCleanup {

		private final AccessTokens accessTokens;

		ExpiredTokenCleanup(AccessTokens accessTokens) {
			this.accessTokens = accessTokens;
		}

		@Scheduled(fixedDelayString = "PT1M")
		void deleteExpired() {
			accessTokens.deleteExpired();
		}
	}
}
