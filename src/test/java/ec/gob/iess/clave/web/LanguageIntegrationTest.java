package ec.gob.iess.clave.web;

import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;
import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spanish whatever the browser asks, English only when the person picks it in the header; the page's
 * {@code lang} and {@code Content-Language} name the language actually rendered (issue 8, decision 60).
 */
@ClaveIntegrationTest
class LanguageIntegrationTest {

	@LocalServerPort
	int port;

	TestFixtures api;
	WebClient browser;

	@BeforeEach
	void setUp() {
		api = new TestFixtures(port);
		// A browser set to English, which used to get English pages.
		browser = new WebClient(new BrowserVersion.BrowserVersionBuilder(BrowserVersion.BEST_SUPPORTED)
			.setAcceptLanguageHeader("en-US,en;q=0.9")
			.build());
		browser.getOptions().setJavaScriptEnabled(false);
		browser.getOptions().setCssEnabled(false);
		browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
	}

	@AfterEach
	void tearDown() {
		browser.close();
	}

	HtmlPage open(String path) {
		return Pages.open(browser, api.base() + path);
	}

	static void assertLanguage(HtmlPage page, String language) {
		assertThat(page.getDocumentElement().getAttribute("lang")).as(page.getUrl().toString()).isEqualTo(language);
		assertThat(page.getWebResponse().getResponseHeaderValue("Content-Language")).as(page.getUrl().toString())
			.isEqualTo(language);
	}

	@Test
	void anEnglishBrowserStillGetsSpanishWithASwitchToEnglish() {
		HtmlPage home = open("/");

		assertLanguage(home, "es");
		assertThat(home.asNormalizedText()).contains("Trámites virtuales");
		assertThat(home.getAnchorByText("English").getHrefAttribute()).isEqualTo("/?lang=en");
		assertThat(home.getAnchorByText("English").getAttribute("lang")).isEqualTo("en");
	}

	@Test
	void choosingEnglishRendersEnglishAndTheChoiceSurvivesNavigationUntilSpanishIsChosen() {
		HtmlPage unlock = open("/desbloqueo?tipo=empleador");
		HtmlPage english = Pages.follow(unlock, "English");

		assertThat(english.getUrl().getPath()).isEqualTo("/desbloqueo");
		assertThat(english.getUrl().getQuery()).isEqualTo("tipo=empleador&lang=en");
		assertLanguage(english, "en");
		assertThat(english.asNormalizedText()).contains("Unlock");

		HtmlPage login = open("/ingresar");
		assertLanguage(login, "en");
		assertThat(login.asNormalizedText()).contains("Clave");
		HtmlPage missing = open("/no-existe");
		assertThat(missing.getWebResponse().getStatusCode()).isEqualTo(404);
		assertLanguage(missing, "en");
		assertThat(missing.asNormalizedText()).contains("Page not found");

		HtmlPage spanish = Pages.follow(login, "Español");
		assertLanguage(spanish, "es");
		assertLanguage(open("/"), "es");
	}

	@Test
	void anyOtherLanguageValueIsIgnored() {
		for (String value : new String[] { "fr", "EN", "en-US", "", "es_EC", "<x>" }) {
			assertLanguage(open("/?lang=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)), "es");
		}
		Pages.follow(open("/"), "English");
		assertLanguage(open("/?lang=fr"), "en");
	}

	@Test
	void aCookieNamingAnotherLanguageIsSpanish() {
		browser.getCookieManager().addCookie(new org.htmlunit.util.Cookie("localhost", Languages.COOKIE, "fr"));

		assertLanguage(open("/"), "es");
	}

	@Test
	void problemJsonStaysSpanishWhateverTheClientAsks() throws Exception {
		var problem = java.net.http.HttpClient.newHttpClient().send(
				java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/api/v1/no-existe"))
					.header("Accept-Language", "en").build(),
				java.net.http.HttpResponse.BodyHandlers.ofString());

		assertThat(problem.headers().firstValue("Content-Language")).hasValue("es");
		assertThat(TestFixtures.json(problem).get("detail").asString()).isEqualTo("El recurso solicitado no existe.");
	}
}
