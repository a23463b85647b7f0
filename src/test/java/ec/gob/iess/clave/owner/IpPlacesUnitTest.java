package ec.gob.iess.clave.owner;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The place of an address from the shipped database, and never a name lookup. */
class IpPlacesUnitTest {

	final IpPlaces places = new IpPlaces();

	@Test
	void knownPublicAddressesHaveTheirCountry() {
		// Google's public resolver and CNT's address space in Ecuador (LACNIC).
		assertThat(places.of("8.8.8.8")).isEqualTo(new IpPlaces.Country("US"));
		assertThat(places.of("190.152.0.1")).isEqualTo(new IpPlaces.Country("EC"));
		assertThat(places.of("2001:4860:4860::8888")).isEqualTo(new IpPlaces.Country("US"));
	}

	@Test
	void privateAndLoopbackAddressesAreTheLocalNetwork() {
		for (String local : new String[] { "127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.4", "::1", "fd00::1",
				"fe80::1" }) {
			assertThat(places.of(local)).as(local).isEqualTo(new IpPlaces.LocalNetwork());
		}
	}

	@Test
	void whatIsNoAddressOrNotInTheDatabaseIsUnknown() {
		for (String unknown : new String[] { null, "", "localhost", "example.com", "999.1.1.1", "240.0.0.1" }) {
			assertThat(places.of(unknown)).as(String.valueOf(unknown)).isEqualTo(new IpPlaces.Unknown());
		}
	}
}
