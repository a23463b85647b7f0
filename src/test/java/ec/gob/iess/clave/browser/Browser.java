package ec.gob.iess.clave.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Headless Chromium (Debian's chromium and chromium-driver) driven as a person drives it: by the visible
 * texts of links, buttons and labels, on a phone-sized screen. Every page it lands on — by
 * {@link #open}, {@link #follow} or {@link #press} — is checked before the test goes on, so no page can
 * be left out: axe finds no WCAG 2.2 A/AA violation at phone size (390×844) nor at desktop size
 * (1280×800), and with the browser's text twice its normal size (on the phone) nothing scrolls sideways
 * and nothing is cut off. A screenshot of each page at double text size lands in
 * {@code target/screenshots/}. A page identical to one already checked in this run (the same address
 * and markup, hidden fields aside) is not checked again: the checks would find the same, and it shows
 * at once, as it does to a person (docs/decisions.md 73).
 *
 * <p>{@link #withoutJavaScript} starts one in which pages run no script at all ({@code <noscript>} shows,
 * the captcha widget never appears); the checks still run (they switch scripts on for a moment after
 * the page has loaded, which runs none of the page's own scripts). There {@link #solveCaptcha} does what
 * a person does: waits the seconds the page asks for, counted from when it was shown.
 */
final class Browser implements AutoCloseable {

	record Screen(int width, int height) {
	}

	static final Screen PHONE = new Screen(390, 844);

	static final Screen DESKTOP = new Screen(1280, 800);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/** Screenshots taken by this test run; the first one clears those of earlier runs. */
	private static int shots;

	/** The pages that passed the checks in this test run: with or without JavaScript, and {@link #FINGERPRINT}. */
	private static final Set<String> CHECKED = new HashSet<>();

	/**
	 * A page as the checks see it: its address without the query, its language and its markup as it is
	 * now (with the page's scripts' changes, without typed values), with the values of hidden fields
	 * left out: the CSRF token and the captcha's ticket differ on every view of the same page.
	 */
	private static final String FINGERPRINT = """
			var page = document.documentElement.cloneNode(true);
			page.querySelectorAll('input[type=hidden]').forEach(function (i) { i.removeAttribute('value'); });
			return location.pathname + '\\n' + page.outerHTML;
			""";

	/**
	 * Scripts on for the checks hide every {@code <noscript>} (Chromium's own stylesheet, which no page
	 * style outranks), so for a browser without JavaScript its content is moved, for the checks only,
	 * into an element of no meaning that shows it as {@code <noscript>} did: inline, like any unknown
	 * element. {@link #NOSCRIPT_BACK} puts it back.
	 */
	private static final String NOSCRIPT_SHOWN = """
			document.querySelectorAll('noscript').forEach(function (n) {
			  var shown = document.createElement('clave-sin-js');
			  while (n.firstChild) { shown.appendChild(n.firstChild); }
			  n.parentNode.insertBefore(shown, n);
			});
			""";

	private static final String NOSCRIPT_BACK = """
			document.querySelectorAll('clave-sin-js').forEach(function (shown) {
			  var n = shown.nextElementSibling;
			  while (shown.firstChild) { n.appendChild(shown.firstChild); }
			  shown.remove();
			});
			""";

	/** What the captcha's {@code <noscript>} asks of a person: "espere 5 segundos". */
	private static final Pattern WAIT = Pattern.compile("espere (\\d+) segundos");

	private final ChromeDriver driver;

	private final String base;

	private final boolean javaScript;

	private final Path profile;

	/** When the page shown now had loaded: the captcha's ticket was made just before. */
	private Instant shownAt = Instant.now();

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
		WebElement button = button(text);
		button.click();
		leave(button);
	}

	private WebElement button(String text) {
		return buttons(text).stream().findFirst()
			.orElseThrow(() -> new AssertionError("no button «" + text + "» on " + url() + ":\n" + text()));
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

	/** Chooses the file for the file field with this label, as a person does in the browser's file dialog. */
	void upload(String label, Path file) {
		field(label).sendKeys(file.toAbsolutePath().toString());
	}

	/** The text of the element with this id on the page shown (a value the page gives once, to be copied). */
	String textOf(String id) {
		return driver.findElement(By.id(id)).getText().strip();
	}

	/**
	 * "No soy un robot" as a person passes it. With JavaScript: ticks the box, waits for the proof of work,
	 * and checks the page in its solved state. Without: reads how many seconds the page asks to wait and
	 * waits until that many have passed since the page was shown (the checks' time counts, as a
	 * person's reading does), so that the button's next press is in time.
	 */
	void solveCaptcha() {
		if (!javaScript) {
			Matcher wait = WAIT.matcher(text());
			if (!wait.find()) {
				throw new AssertionError("no «espere N segundos» on " + url() + ":\n" + text());
			}
			Duration left = Duration.between(Instant.now(), shownAt.plusSeconds(Long.parseLong(wait.group(1))));
			if (!left.isNegative()) {
				try {
					Thread.sleep(left.toMillis() + 1);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new AssertionError("interrupted while waiting for the captcha's ticket", e);
				}
			}
			return;
		}
		field("No soy un robot").click();
		new WebDriverWait(driver, Duration.ofSeconds(60)).until(
				d -> !d.findElement(By.cssSelector("input[name=captcha]")).getAttribute("value").isEmpty());
		check();
	}

	/** Replaces what the field with this label holds by the text. */
	void retype(String label, String text) {
		WebElement field = field(label);
		field.clear();
		field.sendKeys(text);
	}

	/** Whether the page shown has a field with exactly this label. */
	boolean hasField(String label) {
		return driver.findElements(By.tagName("label")).stream().anyMatch(l -> l.getText().strip().equals(label));
	}

	/**
	 * Clicks the button with exactly this text where a script answers on the same page (a refusal shown
	 * beside the button), waits until the page says {@code expected}, and checks the page.
	 */
	void pressAndSee(String text, String expected) {
		button(text).click();
		try {
			new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> text().contains(expected));
		}
		catch (TimeoutException e) {
			throw new AssertionError("«" + expected + "» never showed on " + url() + ":\n" + text());
		}
		check();
	}

	/** Empties the field with this label and types {@code text} (a field the page filled in). */
	void replace(String label, String text) {
		WebElement field = field(label);
		field.clear();
		field.sendKeys(text);
	}

	/**
	 * A platform authenticator for this browser as Chrome's DevTools emulate it: a passkey kept on the device
	 * (resident key), with the owner's fingerprint or PIN always verified, and a signature counter.
	 */
	VirtualAuthenticator passkeyAuthenticator() {
		return driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
			.setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
			.setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
			.setHasResidentKey(true)
			.setHasUserVerification(true)
			.setIsUserVerified(true)
			.setIsUserConsenting(true));
	}

	/** The buttons with exactly this text. */
	List<WebElement> buttons(String text) {
		return driver.findElements(By.tagName("button")).stream().filter(b -> b.getText().strip().equals(text)).toList();
	}

	/** Clicks the button with exactly this text that changes the page without leaving it, and checks the page. */
	void toggle(String text) {
		button(text).click();
		check();
	}

	/**
	 * The error summary of a refused form: asserts that it has the focus (a screen reader starts there)
	 * and that each of its links leads to a field that exists (an input, or the box that holds one);
	 * answers the ids they lead to, in order.
	 */
	List<String> errorSummaryLinks() {
		List<WebElement> summaries = driver.findElements(By.id("resumen-errores"));
		if (summaries.isEmpty()) {
			throw new AssertionError("no error summary on " + url() + ":\n" + text());
		}
		WebElement focused = driver.switchTo().activeElement();
		if (!summaries.get(0).equals(focused)) {
			throw new AssertionError("the focus is on <" + focused.getTagName() + " id=" + focused.getDomAttribute("id")
					+ ">, not on the error summary, on " + url());
		}
		List<String> ids = new ArrayList<>();
		for (WebElement link : summaries.get(0).findElements(By.cssSelector("a[href^='#']"))) {
			String id = link.getDomAttribute("href").substring(1);
			List<WebElement> targets = driver.findElements(By.id(id));
			if (targets.isEmpty() || !isField(targets.get(0))) {
				throw new AssertionError("the error «" + link.getText() + "» links to #" + id + ", which is "
						+ (targets.isEmpty() ? "no element" : "no field") + ", on " + url());
			}
			ids.add(id);
		}
		return ids;
	}

	private static boolean isField(WebElement element) {
		return List.of("input", "select", "textarea").contains(element.getTagName())
				|| !element.findElements(By.cssSelector("input, select, textarea")).isEmpty();
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
		shownAt = Instant.now();
		check();
	}

	/**
	 * The checks of the page shown, unless an identical page passed them: axe at phone and desktop size,
	 * then double text size on the phone; without JavaScript, with the {@code <noscript>} content shown.
	 * Fails with every problem found, named by page.
	 */
	private void check() {
		scripts(true);
		try {
			String page = javaScript + " " + driver.executeScript(FINGERPRINT);
			if (CHECKED.contains(page)) {
				return;
			}
			if (!javaScript) {
				driver.executeScript(NOSCRIPT_SHOWN);
			}
			try {
				problems();
			}
			finally {
				if (!javaScript) {
					driver.executeScript(NOSCRIPT_BACK);
				}
			}
			CHECKED.add(page);
		}
		finally {
			scripts(javaScript);
		}
	}

	private void problems() {
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
