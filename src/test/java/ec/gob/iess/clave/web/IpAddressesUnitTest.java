package ec.gob.iess.clave.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressesUnitTest {

	@Test
	void addressesAreWrittenInOneCanonicalForm() {
		assertThat(IpAddresses.normalised("203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(IpAddresses.normalised(" 203.0.113.9 ")).isEqualTo("203.0.113.9");
		assertThat(IpAddresses.normalised("2001:DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
		assertThat(IpAddresses.normalised("[2001:db8::1]")).isEqualTo("2001:db8::1");
		assertThat(IpAddresses.normalised("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
		assertThat(IpAddresses.normalised("2001:db8:1:1:1:1:1:1")).isEqualTo("2001:db8:1:1:1:1:1:1");
		assertThat(IpAddresses.normalised("0:0:0:0:0:0:0:1")).isEqualTo("::1");
		assertThat(IpAddresses.normalised("::")).isEqualTo("::");
		assertThat(IpAddresses.normalised("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
		assertThat(IpAddresses.normalised("::ffff:203.0.113.9")).as("IPv4-mapped").isEqualTo("203.0.113.9");
	}

	@Test
	void anythingElseIsNoAddress() {
		for (String value : new String[] { null, "", "unknown", "localhost", "example.com", "<script>", "203.0.113",
				"203.0.113.256", "010.0.0.1", "1.2.3.4.5", "203.0.113.9, 198.51.100.7", "fe80::1%eth0", "2001:db8::1::1",
				"12345::1", ":::", "1".repeat(100) }) {
			assertThat(IpAddresses.normalised(value)).as(String.valueOf(value)).isNull();
		}
	}
}
