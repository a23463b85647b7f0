package ec.gob.iess.clave.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The browser's own text-size setting (Chromium's "Tamaño de fuente", the {@code default_font_size}
 * preference, 16 px out of the box), set through DevTools so that one browser checks a page at normal
 * and at double size. It reproduces what a person does, not what a test could fake: the page grows only
 * where its CSS sizes follow that setting (rem, em, %): a stylesheet in px does not double its
 * {@link #rootPixels}, and {@link Browser} fails such a page.
 */
final class TextSize {

	private static final int NORMAL = 16;

	private static final int NORMAL_FIXED = 13;

	private TextSize() {
	}

	/** Sets the browser's text size to {@code times} its default, for the page shown and those that follow. */
	static void set(ChromeDriver browser, int times) {
		browser.executeCdpCommand("Page.setFontSizes",
				Map.of("fontSizes", Map.of("standard", NORMAL * times, "fixed", NORMAL_FIXED * times)));
	}

	/** The page's root font size in px, as the CSS made it from the browser's setting. */
	static double rootPixels(ChromeDriver browser) {
		return ((Number) browser.executeScript(
				"return parseFloat(getComputedStyle(document.documentElement).fontSize)")).doubleValue();
	}

	/**
	 * What a person with big text cannot read or reach on this page (WCAG 1.4.4 and 1.4.10): a page wider
	 * than the screen, a box that hides part of its content, content spilling out of its box, something
	 * beyond the screen's edges. Fields are left out: a long value scrolls inside its field by design.
	 */
	static List<String> problems(ChromeDriver browser) {
		@SuppressWarnings("unchecked")
		List<String> found = (List<String>) browser.executeScript("""
				var problems = [];
				var root = document.documentElement;
				var width = root.clientWidth;
				if (root.scrollWidth > width) {
				  problems.push('the page scrolls sideways: ' + root.scrollWidth + ' px of content on a '
				    + width + ' px screen');
				}
				function name(e) {
				  var classes = typeof e.className === 'string' && e.className.trim()
				    ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
				  return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + classes
				    + ' «' + (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '»';
				}
				var overflowing = [];
				document.body.querySelectorAll('*').forEach(function (e) {
				  var style = getComputedStyle(e);
				  var box = e.getBoundingClientRect();
				  if (style.display === 'none' || style.visibility === 'hidden' || box.width === 0 || box.height === 0
				      || /^(INPUT|TEXTAREA|SELECT|PROGRESS|SCRIPT)$/.test(e.tagName) || box.bottom <= 0) {
				    return;
				  }
				  var hides = /hidden|clip/.test(style.overflowX + style.overflowY);
				  if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
				      || hides && e.scrollHeight > e.clientHeight + 1 && e.clientHeight > 0) {
				    overflowing.push([e, hides ? ' hides part of its content' : ' has content wider than itself: '
				      + e.scrollWidth + ' px in ' + e.clientWidth]);
				  }
				  var parent = e.parentElement.getBoundingClientRect();
				  var beyond = function (b) { return b.left < -1 || b.right > width + 1; };
				  if (beyond(box) && (e.parentElement === document.body || !beyond(parent))) {
				    problems.push(name(e) + ' reaches beyond the screen: from ' + Math.round(box.left) + ' to '
				      + Math.round(box.right) + ' px on a ' + width + ' px screen');
				  }
				});
				overflowing.forEach(function (o) {
				  var innermost = !overflowing.some(function (p) { return p[0] !== o[0] && o[0].contains(p[0]); });
				  if (innermost) {
				    problems.push(name(o[0]) + o[1]);
				  }
				});
				return problems;
				""");
		return new ArrayList<>(found);
	}
}
