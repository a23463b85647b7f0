package ec.gob.iess.clave.ratelimit;

import java.time.Clock;

import ec.gob.iess.clave.keys.DataKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key of the per-clave counter (decision 153): the same on every node, never made by one. */
class ClaveKeyUnitTest {

	static final String POSTGRES = "jdbc:postgresql://db/clave";
	static final String KEY = "dGVzdC1rZXktZm9yLXRoZS1wZXItY2xhdmUtbGltaXQ=";
	static final String OTHER_KEY = "b3RoZXIta2V5LWZvci10aGUtcGVyLWNsYXZlLWxpbWk=";

	/** A limiter as a node builds it; what it would need the database for is left out, as nothing here counts. */
	static RateLimiter node(MockEnvironment environment) {
		return new RateLimiter(null, null, Clock.systemUTC(), environment, null, null, new SimpleMeterRegistry(),
				new DataKeys(environment));
	}

	static MockEnvironment postgres() {
		return new MockEnvironment().withProperty("spring.datasource.url", POSTGRES);
	}

	@Test
	void twoNodesWithTheConfiguredKeyCountAClaveUnderOneTargetThatIsNotTheClave() {
		RateLimiter first = node(postgres().withProperty("clave.rate-limit.clave-key", KEY));
		RateLimiter second = node(postgres().withProperty("clave.rate-limit.clave-key", KEY));
		RateLimiter otherKey = node(postgres().withProperty("clave.rate-limit.clave-key", OTHER_KEY));

		String target = first.claveTarget("girasol montaña lluvia 42");
		assertThat(second.claveTarget("girasol montaña lluvia 42")).isEqualTo(target);
		assertThat(target).matches("[0-9a-f]{32}").isNotEqualTo(otherKey.claveTarget("girasol montaña lluvia 42"));
		assertThat(first.claveTarget("girasol montan\u0303a lluvia 42")).as("the same clave typed decomposed").isEqualTo(target);
	}

	@Test
	void withPostgresqlAndNoKeyTheNodeRefusesToStart() {
		assertThatThrownBy(() -> node(postgres())).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("clave.rate-limit.clave-key is required");
	}
}
