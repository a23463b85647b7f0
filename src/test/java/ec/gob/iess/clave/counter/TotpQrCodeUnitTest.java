package ec.gob.iess.clave.counter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an authenticator app reads from the enrolment page's QR code. */
class TotpQrCodeUnitTest {

	@Test
	void theAddressNamesTheIssuerAndTheUserAsAuthenticatorAppsExpect() {
		assertThat(Totp.uri("agente.norte", "JBSWY3DPEHPK3PXP"))
			.isEqualTo("otpauth://totp/IESS%20Clave:agente.norte?secret=JBSWY3DPEHPK3PXP&issuer=IESS%20Clave");
	}

	@Test
	void theQrCodeIsInlineSvgWithItsLabelEscaped() {
		String svg = TotpQrCode.svg(Totp.uri("agente", "JBSWY3DPEHPK3PXP"), "Código \"QR\" <para> la app");

		assertThat(svg).startsWith("<svg ").endsWith("</svg>").contains("role=\"img\"", "<path fill=\"#000\" d=\"M4,4h1v1h-1z")
			.contains("aria-label=\"Código &quot;QR&quot; &lt;para&gt; la app\"").doesNotContain("<para>");
	}
}
