package ec.gob.iess.clave.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's chromium and chromium-driver) driven as a person drives it: by the visible
 * texts of links, buttons and labels, on a phone-sized screen. Every page it lands on — by
 * {@link #open}, {@link #follow} or {@link #press} — is checked before the test goes on, so no page can
 * be left out: axe finds no WCAG 2.2 A/AA violation at phone size (390×844) nor at desktop size
 * (1280×800), and with the browser's text twice its normal size (on the phone) nothing scrolls sideways
 * and nothing is cut off. A screenshot of each page at double text size lands in
 * {@code target/screenshots/}.
 *
 * <p>{@link #withoutJavaScript} starts one in which pages run no script at all ({@code <noscript>} shows,
 * the captcha widget never appears); the checks still run (they switch scripts on for a moment after
 * the page has loaded, which runs none of the page's own scripts).
 */
final class Browser implements AutoCloseable {

	record Screen(int width, int height) {
	}

	static final Screen PHONE = new Screen(390, 844);

	static final Screen DESKTOP = new Screen(1280, 800);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/** Screenshots taken by this test run; the first one clears those of earlier runs. */
	private static int shots;

	private final ChromeDriver driver;

	private final String base;

	private final boolean javaScript;

	private final Path profile;

	private Browser(String base, boolean javaScript) {
		this.base = base;
		this.javaScript = javaScript;
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		try {
			profile = Files.createTempDirectory("chromium");
			// --hide-scrollbars: a phone's scrollbars float over the page, which gets all of its 390 px.
			options.addArguments("--headless=new", "--hide-scrollbars", "--no-sandbox", "--disable-gpu", "--disable-quic",
					"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=es-EC",
					"--user-data-dir=" + profile);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "es-EC,es"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		resize(PHONE);
		scripts(javaScript);
	}

	/** A browser as most people have it. {@code base} is the site's address, for {@link #open} paths. */
	static Browser withJavaScript(String base) {
		return new Browser(base, true);
	}

	/**
	 * A browser that runs no page script, like one with JavaScript switched off. DevTools'
	 * {@code Emulation.setScriptExecutionDisabled} rather than Chromium's content setting
	 * ({@code profile.managed_default_content_settings.javascript = 2}): both show {@code <noscript>} in
	 * the new headless mode, but the content setting also stops every WebDriver script that waits for
	 * a callback, and so axe.
	 */
	static Browser withoutJavaScript(String base) {
		return new Browser(base, false);
	}

	/** Goes to a path of the site (or a full address, like an email's link) and checks the page. */
	void open(String pathOrAddress) {
		driver.get(pathOrAddress.startsWith("/") ? base + pathOrAddress : pathOrAddress);
		landed();
	}

	/** Clicks the first link with exactly this text and checks the page it leads to. */
	void follow(String text) {
		WebElement link = driver.findElements(By.linkText(text)).stream().findFirst()
			.orElseThrow(() -> new AssertionError("no link «" + text + "» on " + url() + ":\n" + text()));
		link.click();
		leave(link);
	}

	/** Clicks the button with exactly this text and checks the page it leads to. */
	void press(String text) {
		WebElement button = driver.findElements(By.tagName("button")).stream()
			.filter(b -> b.getText().strip().equals(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no button «" + text + "» on " + url() + ":\n" + text()));
		button.click();
		leave(button);
	}

	/** The field with this label; waits for it, since right after a click the old page may still be there. */
	WebElement field(String label) {
		try {
			return new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
				.until(d -> {
					for (WebElement candidate : d.findElements(By.tagName("label"))) {
						if (candidate.getText().strip().equals(label)) {
							return d.findElement(By.id(candidate.getAttribute("for")));
						}
					}
					return null;
				});
		}
		catch (TimeoutException e) {
			throw new AssertionError("no field labelled «" + label + "» on " + url() + ":\n" + text());
		}
	}

	/** Types into the field with this label, after what it holds. */
	void type(String label, String text) {
		field(label).sendKeys(text);
	}

	/** Ticks "No soy un robot", waits for the proof of work, and checks the page in its solved state. */
	void solveCaptcha() {
		if (!javaScript) {
			throw new AssertionError("«No soy un robot» cannot be solved without JavaScript on " + url() + ":\n" + text());
		}
		field("No soy un robot").click();
		new WebDriverWait(driver, Duration.ofSeconds(60)).until(
				d -> !d.findElement(By.cssSelector("input[name=captcha]")).getAttribute("value").isEmpty());
		check();
	}

	String text() {
		return driver.findElement(By.tagName("body")).getText();
	}

	String url() {
		return driver.getCurrentUrl();
	}

	/** The page's title, as the browser's tab and a screen reader name it. */
	String title() {
		return driver.getTitle();
	}

	@Override
	public void close() {
		driver.quit();
		try (var files = Files.walk(profile)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Waits until the element's page has been replaced by the next, then checks that one. */
	private void leave(WebElement element) {
		new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> gone(element));
		landed();
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
		catch (StaleElementReferenceException | NoSuchElementException e) {
			return true;
		}
		catch (WebDriverException e) {
			if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
				return true;
			}
			throw e;
		}
	}

	private void landed() {
		new WebDriverWait(driver, Duration.ofSeconds(30))
			.until(d -> "complete".equals(driver.executeScript("return document.readyState")));
		check();
	}

	/**
	 * The checks of the page shown: axe at phone and desktop size, then double text size on the phone.
	 * Fails with every problem found, named by page.
	 */
	private void check() {
		scripts(true);
		try {
			List<String> problems = new ArrayList<>();
			Axe.violations(driver).forEach(v -> problems.add("axe, phone: " + v));
			resize(DESKTOP);
			Axe.violations(driver).forEach(v -> problems.add("axe, desktop: " + v));
			resize(PHONE);
			double normal = TextSize.rootPixels(driver);
			TextSize.set(driver, 2);
			try {
				double doubled = TextSize.rootPixels(driver);
				if (doubled < 2 * normal - 0.5) {
					problems.add("text size: the page does not follow the browser's text size (root " + normal
							+ " px, then " + doubled + " px at double size)");
				}
				TextSize.problems(driver).forEach(p -> problems.add("double text size, phone: " + p));
				screenshot();
			}
			finally {
				TextSize.set(driver, 1);
			}
			if (!problems.isEmpty()) {
				throw new AssertionError("«" + title() + "» " + url() + " has " + problems.size() + " problem(s):\n"
						+ String.join("\n", problems));
			}
		}
		finally {
			scripts(javaScript);
		}
	}

	/** The screen size as the page sees it (window.innerWidth), whatever Chromium's minimum window width. */
	private void resize(Screen screen) {
		driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", screen.width(), "height",
				screen.height(), "deviceScaleFactor", 1, "mobile", false));
	}

	/** Switching scripts on after a page has loaded runs none of its scripts: it only lets ours run. */
	private void scripts(boolean on) {
		driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", !on));
	}

	/** The whole page, beyond the screen's height, named by its order and its path. */
	private void screenshot() {
		String path = driver.getCurrentUrl().replaceFirst("^https?://[^/]+", "").replaceFirst("[?#].*", "");
		String name = String.format("%03d%s%s%s.png", ++shots, javaScript ? "" : "-sin-js",
				path.replaceAll("[^a-z0-9]+", "-").replaceAll("-$", ""), "-texto-200");
		// A screen as tall as the page, rather than captureBeyondViewport, which loses the text size.
		long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
		resize(new Screen(PHONE.width(), (int) Math.min(height, 16000)));
		Object png = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png")).get("data");
		resize(PHONE);
		try {
			if (shots == 1 && Files.isDirectory(SCREENSHOTS)) {
				try (var old = Files.list(SCREENSHOTS)) {
					for (Path file : old.toList()) {
						Files.delete(file);
					}
				}
			}
			Files.createDirectories(SCREENSHOTS);
			Files.write(SCREENSHOTS.resolve(name), Base64.getDecoder().decode((String) png));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
