package ec.gob.iess.clave.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.support.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Desbloqueo de clave and Generar/recuperar clave in headless Chromium (Debian's chromium and
 * chromium-driver), clicking through the real pages by their labels, solving the real captcha
 * widget, and reading the emails from a real SMTP server. Runs when /usr/bin/chromedriver exists
 * (Maven profile {@code browser}; CI installs it).
 */
@ClaveIntegrationTest
@TestPropertySource(properties = "clave.captcha.max-number=20000")
class SelfServiceBrowserTest {

	static final TestMailServer SMTP = new TestMailServer().start();

	static final String NEW_CLAVE = "el cóndor pasa sobre el chimborazo";

	/** The browser must reach the address the emails' links name, so the server gets a known port. */
	static final int PORT = TestMailServer.freePort();

	static final String BASE = "http://localhost:" + PORT;

	@DynamicPropertySource
	static void mailAndAddress(DynamicPropertyRegistry registry) {
		SMTP.register(registry);
		registry.add("server.port", () -> PORT);
		registry.add("clave.base-url", () -> BASE);
	}

	@AfterAll
	static void stopMail() {
		SMTP.stop();
	}

	TestFixtures api;
	WebDriver browser;
	int shots;

	@BeforeEach
	void startBrowser() throws IOException {
		api = new TestFixtures(PORT);
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=es-EC",
				"--window-size=412,915", "--user-data-dir=" + Files.createTempDirectory("chromium"));
		options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "es-EC,es"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
	}

	@AfterEach
	void stopBrowser() {
		browser.quit();
	}

	@Test
	void aLockedPensionerUnlocksAndRegistersANewClaveFromTheirPhone() throws Exception {
		String agent = api.agent();
		String cedula = api.activePerson(agent);
		String email = "p" + cedula + "@correo.example.ec";
		api.post("/api/v1/staff/persons/" + cedula + "/verification",
				"{\"email\":\"" + email + "\",\"mobile\":\"0991234567\"}", agent);
		for (int i = 0; i < 5; i++) {
			api.login(cedula, "una clave equivocada cualquiera");
		}

		browser.get(BASE + "/");
		link("Desbloqueo de clave").click();
		field("Número de cédula").sendKeys(cedula);
		solveCaptcha();
		shot("desbloqueo");
		press("Desbloquear");
		assertThat(text()).contains("recibirá un correo con un enlace válido por 3 minutos");

		browser.get(linkFrom(SMTP.await(email, 2, Duration.ofSeconds(10)), "/desbloqueo/enlace"));
		assertThat(browser.getCurrentUrl()).doesNotContain("token=");
		shot("confirmar-desbloqueo");
		press("Confirmar desbloqueo");

		assertThat(text()).contains("Ahora registre su nueva clave");
		assertThat(field("Número de cédula").getAttribute("value")).isEqualTo(cedula);
		solveCaptcha();
		press("Buscar");

		field("Fecha de nacimiento").sendKeys("21/04/1958");
		field("Código dactilar").sendKeys("v4343v4242");
		shot("identidad");
		press("Continuar");
		assertThat(text()).contains("Le enviamos un enlace a p***" + cedula.charAt(9) + "@c***.ec");

		List<MimeMessage> mails = SMTP.await(email, 4, Duration.ofSeconds(10));
		browser.get(linkFrom(mails, "/recuperar/enlace"));
		assertThat(browser.getCurrentUrl()).doesNotContain("token=");
		field("Nueva clave").sendKeys(NEW_CLAVE);
		field("Confirmar nueva clave").sendKeys(NEW_CLAVE);
		field("He leído y acepto el acuerdo de uso de clave").click();
		shot("nueva-clave");
		press("Generar clave");

		assertThat(text()).contains("Su clave fue registrada. Ingrese con su nueva clave.");
		field("Número de cédula").sendKeys(cedula);
		field("Clave").sendKeys(NEW_CLAVE);
		press("Ingresar");
		assertThat(text()).contains("Servicios en línea");
		shot("servicios");
	}

	/** The newest link to the path, exactly as the email gives it: built on clave.base-url. */
	private String linkFrom(List<MimeMessage> mails, String path) {
		for (int i = mails.size() - 1; i >= 0; i--) {
			for (String link : TestMailServer.links(mails.get(i))) {
				if (link.startsWith(BASE + path + "?token=")) {
					return link;
				}
			}
		}
		throw new AssertionError("no link to " + path);
	}

	private void solveCaptcha() {
		field("No soy un robot").click();
		new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver -> !driver
			.findElement(By.cssSelector("input[name=captcha]")).getAttribute("value").isEmpty());
	}

	/** Waits for the field: right after a click the old page may still be there, or going stale. */
	private WebElement field(String label) {
		try {
			return new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
				.until(driver -> {
					for (WebElement candidate : driver.findElements(By.tagName("label"))) {
						if (candidate.getText().strip().equals(label)) {
							return driver.findElement(By.id(candidate.getAttribute("for")));
						}
					}
					return null;
				});
		}
		catch (TimeoutException e) {
			throw new AssertionError("no field labelled «" + label + "»:\n" + text());
		}
	}

	/** Clicks the button and waits until its page is gone, so that what follows reads the next page. */
	private void press(String text) {
		WebElement button = button(text);
		button.click();
		new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> gone(button));
	}

	/**
	 * Whether the element's page has been replaced. While the next page loads, Chromium may answer a
	 * stale node with "does not belong to the document" instead of a stale-element error: gone too.
	 */
	private static boolean gone(WebElement element) {
		try {
			element.isEnabled();
			return false;
		}
		catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
			return true;
		}
		catch (org.openqa.selenium.WebDriverException e) {
			if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
				return true;
			}
			throw e;
		}
	}

	private WebElement button(String text) {
		return browser.findElements(By.tagName("button")).stream().filter(b -> b.getText().strip().equals(text))
			.findFirst().orElseThrow(() -> new AssertionError("no button «" + text + "»:\n" + text()));
	}

	private WebElement link(String text) {
		return browser.findElements(By.linkText(text)).get(0);
	}

	private String text() {
		return browser.findElement(By.tagName("body")).getText();
	}

	private void shot(String name) throws IOException {
		Path dir = Path.of("target", "screenshots");
		Files.createDirectories(dir);
		byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
		Files.write(dir.resolve(String.format("%02d-%s.png", ++shots, name)), png);
	}
}
