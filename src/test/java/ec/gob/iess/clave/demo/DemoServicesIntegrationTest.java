package ec.gob.iess.clave.demo;

import org.junit.jupiter.api.Test;

import ec.gob.iess.clave.support.ClaveIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo services follow the demo data's switch (decision 116): off in the tests, which set it false. */
@ClaveIntegrationTest
class DemoServicesIntegrationTest {

	@Autowired
	DemoServices services;

	@Test
	void withTheDemoDataOffNoDemoServiceStarts() {
		assertThat(services.running()).isZero();
		services.start();
		assertThat(services.running()).isZero();
	}
}
