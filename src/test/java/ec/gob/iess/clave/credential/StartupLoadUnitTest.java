package ec.gob.iess.clave.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class StartupLoadUnitTest {

	@Test
	void theValueIsMadeOnAThreadOfItsOwnAndGetWaitsForIt() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<Thread> maker = new AtomicReference<>();
		StartupLoad<String> load = StartupLoad.start("test-load", () -> {
			maker.set(Thread.currentThread());
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return "listo";
		});
		// start() returned while the maker is still blocked: the caller went on.
		release.countDown();
		assertThat(load.get()).isEqualTo("listo");
		assertThat(maker.get()).isNotSameAs(Thread.currentThread());
		assertThat(maker.get().getName()).isEqualTo("test-load");
		assertThat(maker.get().isDaemon()).isTrue();
	}

	@Test
	void aFailedLoadThrowsItsOwnExceptionToEveryCaller() {
		StartupLoad<String> load = StartupLoad.start("test-load", () -> {
			throw new IllegalStateException("no blocklist");
		});
		assertThatThrownBy(load::get).isInstanceOf(IllegalStateException.class).hasMessage("no blocklist");
		assertThatThrownBy(load::get).isInstanceOf(IllegalStateException.class).hasMessage("no blocklist");
	}

	@Test
	void aPolicyWhoseBlocklistIsStillLoadingWaitsForItAndThenRefusesCommonClaves() {
		CountDownLatch release = new CountDownLatch(1);
		StartupLoad<Blocklist> load = StartupLoad.start("test-blocklist", () -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return Blocklist.of(java.util.List.of("margaritasdelcampo"));
		});
		PasswordPolicy policy = new PasswordPolicy(15, 128, load);
		release.countDown();
		assertThat(policy.check("margaritasdelcampo", PasswordContext.none())).contains(WeakReason.COMMON);
		assertThat(policy.check("tortuga verde del rio napo", PasswordContext.none())).isEmpty();
	}
}
