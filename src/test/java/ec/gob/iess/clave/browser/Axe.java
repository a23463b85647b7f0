package ec.gob.iess.clave.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import org.openqa.selenium.JavascriptExecutor;

/**
 * axe-core (its WebJar, {@code org.webjars.npm:axe-core}) run on the page a browser shows: the WCAG 2.0,
 * 2.1 and 2.2 A and AA rules. The script is injected by WebDriver, which Chromium does not subject to the
 * page's Content-Security-Policy: the application's policy stays as strict as it is in production.
 */
final class Axe {

	static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

	private static final String SCRIPT = load();

	/**
	 * Runs the rules and answers each violation as readable lines: rule, impact, help, then each element's
	 * selector and what is wrong with it. {@code target-size} (WCAG 2.2, 2.5.8: 24×24 px) is still
	 * experimental in the newest WebJar on Maven Central (4.6.3), so it is switched on by name.
	 */
	static List<String> violations(JavascriptExecutor page) {
		page.executeScript("if (typeof window.axe === 'undefined') { " + SCRIPT + "\n}");
		Object answer = page.executeAsyncScript("""
				var done = arguments[arguments.length - 1];
				window.axe.run(document, {
				  runOnly: { type: 'tag', values: arguments[0] },
				  rules: { 'target-size': { enabled: true } },
				  resultTypes: ['violations']
				}).then(function (results) {
				  done(results.violations.map(function (v) {
				    return v.id + ' (' + v.impact + '): ' + v.help + ' ' + v.helpUrl
				      + v.nodes.map(function (n) {
				        return '\\n    ' + n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s*\\n\\s*/g, ' ');
				      }).join('');
				  }));
				}, function (error) { done(['axe failed: ' + error]); });
				""", TAGS);
		@SuppressWarnings("unchecked")
		List<String> lines = (List<String>) answer;
		return lines;
	}

	private static String load() {
		String version = property("META-INF/maven/org.webjars.npm/axe-core/pom.properties", "version");
		try (InputStream in = resource("META-INF/resources/webjars/axe-core/" + version + "/axe.min.js")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String property(String path, String name) {
		try (InputStream in = resource(path)) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty(name);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static InputStream resource(String path) {
		InputStream in = Axe.class.getClassLoader().getResourceAsStream(path);
		if (in == null) {
			throw new IllegalStateException(path + " is not on the test classpath: the axe-core WebJar is missing");
		}
		return in;
	}

	private Axe() {
	}
}
