package ec.gob.iess.clave.selfservice;

import ec.gob.iess.clave.support.CaptchaSolver;
import ec.gob.iess.clave.support.MailServerTest;
import ec.gob.iess.clave.support.MutableClock;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;
import ec.gob.iess.clave.token.OneTimeLinks;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the self-service page tests share: the test SMTP server, an agent for the counter's part, a browser without
 * JavaScript driven by labels ({@link Pages}), links issued directly, and the test clock put back.
 */
abstract class SelfServicePageTest extends MailServerTest {

	@LocalServerPort
	int port;

	@Autowired
	OneTimeLinks links;

	@Autowired
	MutableClock clock;

	TestFixtures api;
	String agent;
	WebClient browser;

	@BeforeEach
	void startBrowser() {
		api = new TestFixtures(port);
		agent = api.agent();
		browser = Pages.browser();
	}

	@AfterEach
	void closeBrowser() {
		browser.close();
		clock.reset();
	}

	HtmlPage open(String path) {
		return Pages.open(browser, api.base() + path);
	}

	/** Ticks "No soy un robot" as the widget does: a real solution in the field. */
	void solveCaptcha(HtmlPage page) {
		((HtmlInput) page.getElementsByName("captcha").get(0)).setValue(CaptchaSolver.solve(api));
	}

	/** As a browser with JavaScript sends it when nobody ticked the box (without it, the page's ticket goes). */
	void leaveCaptchaUnticked(HtmlPage page) {
		((HtmlInput) page.getElementsByName("captcha").get(0)).setValue("");
	}
}
