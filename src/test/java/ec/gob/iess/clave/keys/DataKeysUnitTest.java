package ec.gob.iess.clave.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataKeysUnitTest {

	static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	@TempDir
	Path dir;

	@Test
	void aConfiguredKeyIsUsedWhateverTheDatabase() {
		var environment = new MockEnvironment().withProperty("clave.staff.totp-key", KEY)
			.withProperty("spring.datasource.url", "jdbc:postgresql://db/clave");

		assertThat(new DataKeys(environment).key("clave.staff.totp-key", "totp.key")).isEqualTo(new byte[32]);
	}

	@Test
	void withPostgresqlAMissingKeyRefusesToStart() {
		var environment = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/clave");

		assertThatThrownBy(() -> new DataKeys(environment).sealer("clave.staff.totp-key", "totp.key"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("clave.staff.totp-key is required");
	}

	@Test
	void aKeyThatIsNotBase64Or256BitsRefusesToStart() {
		for (String bad : new String[] { "no es base64!", Base64.getEncoder().encodeToString(new byte[16]) }) {
			var environment = new MockEnvironment().withProperty("clave.staff.totp-key", bad);
			assertThatThrownBy(() -> new DataKeys(environment).key("clave.staff.totp-key", "totp.key"))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageNotContaining(bad);
		}
	}

	@Test
	void onTheEmbeddedFileDatabaseAKeyIsMadeOnceBesideIt() throws Exception {
		String url = "jdbc:h2:file:" + dir.resolve("data/clave") + ";DB_CLOSE_ON_EXIT=FALSE";
		var environment = new MockEnvironment().withProperty("spring.datasource.url", url);

		byte[] first = new DataKeys(environment).key("clave.staff.totp-key", "totp.key");
		byte[] again = new DataKeys(environment).key("clave.staff.totp-key", "totp.key");

		Path file = dir.resolve("data/totp.key");
		assertThat(file).exists();
		assertThat(first).hasSize(32).isEqualTo(again);
		assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(first);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(new DataKeys(environment).key("clave.biometric.key", "biometric.key")).as("one file per key")
			.isNotEqualTo(first);
	}

	@Test
	void theDefaultUrlPutsTheKeyInTheDataFolder() {
		assertThat(DataKeys.embeddedFile("jdbc:h2:file:./data/clave;DB_CLOSE_ON_EXIT=FALSE")).isEqualTo(Path.of("./data/clave"));
		assertThat(DataKeys.embeddedFile("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isNull();
		assertThat(DataKeys.embeddedFile("jdbc:h2:tcp://db/clave")).isNull();
	}

	@Test
	void sealedValuesOpenOnlyWithTheirKeyAndContext() {
		Sealer sealer = new Sealer(new byte[32]);
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;

		String sealed = sealer.seal("JBSWY3DPEHPK3PXP", "staff_users.totp_secret:admin");

		assertThat(sealed).startsWith("v1:").doesNotContain("JBSWY3DPEHPK3PXP");
		assertThat(sealer.seal("JBSWY3DPEHPK3PXP", "staff_users.totp_secret:admin")).as("a fresh nonce each time")
			.isNotEqualTo(sealed);
		assertThat(sealer.open(sealed, "staff_users.totp_secret:admin")).isEqualTo("JBSWY3DPEHPK3PXP");
		assertThatThrownBy(() -> sealer.open(sealed, "staff_users.totp_secret:agente"))
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> new Sealer(otherKey).open(sealed, "staff_users.totp_secret:admin"))
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> sealer.open(sealed.substring(0, sealed.length() - 2) + "AA", "staff_users.totp_secret:admin"))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void binaryValuesSealAndOpenBoundToTheirContext() {
		Sealer sealer = new Sealer(new byte[32]);
		byte[] template = { 0, 1, 2, (byte) 0xff, (byte) 0xa5, 0x7f };

		String sealed = sealer.sealBytes(template, "fingerprint_templates.template:1710034065");

		assertThat(sealed).startsWith("v1:");
		assertThat(sealer.openBytes(sealed, "fingerprint_templates.template:1710034065")).isEqualTo(template);
		assertThatThrownBy(() -> sealer.openBytes(sealed, "fingerprint_templates.template:0926687856"))
			.as("copied to another person's row, it does not open")
			.isInstanceOf(IllegalStateException.class);
	}
}
