package ec.gob.iess.clave.counter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.List;

import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;

import ec.gob.iess.clave.support.Pages;
import ec.gob.iess.clave.support.TestFixtures;

/** The back office's pages as a member of staff drives them: by labels, with a browser of their own. */
final class CentroPages {

	private CentroPages() {
	}

	static HtmlPage login(WebClient browser, String base, String username, String password, String code) {
		HtmlPage page = Pages.open(browser, base + "/centro/ingresar");
		Pages.fill(page, "Usuario", username);
		Pages.fill(page, "Contraseña", password);
		Pages.fill(page, "Código de verificación", code == null ? "" : code);
		return Pages.press(page, "Ingresar");
	}

	static String path(Page page) {
		return page.getWebResponse().getWebRequest().getUrl().getPath();
	}

	static int status(Page page) {
		return page.getWebResponse().getStatusCode();
	}

	/** A form post as the browser would send it, with or without the page's CSRF token. */
	static Page post(WebClient browser, String base, String path, String csrf, List<NameValuePair> fields) {
		try {
			WebRequest request = new WebRequest(new URL(base + path), HttpMethod.POST);
			List<NameValuePair> parameters = new java.util.ArrayList<>(fields);
			if (csrf != null) {
				parameters.add(new NameValuePair("_csrf", csrf));
			}
			request.setRequestParameters(parameters);
			request.setAdditionalHeader("Origin", TestFixtures.SITE);
			return browser.getPage(request);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static boolean has(HtmlPage page, String selector) {
		return page.querySelector(selector) != null;
	}

	/** A new member of staff of the centre with this role, signed in on the pages (a context without TOTP). */
	static WebClient staffBrowser(TestFixtures api, String role, String center) {
		String username = role.toLowerCase() + "-" + System.nanoTime() % 10_000_000;
		java.net.http.HttpResponse<String> created = api.post("/api/v1/staff/users", "{\"username\":"
				+ TestFixtures.quote(username) + ",\"password\":" + TestFixtures.quote(TestFixtures.STAFF_PASSWORD)
				+ ",\"roles\":[\"" + role + "\"],\"center\":" + TestFixtures.quote(center) + "}", api.adminToken());
		org.assertj.core.api.Assertions.assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		WebClient browser = Pages.browser();
		HtmlPage home = login(browser, api.base(), username, TestFixtures.STAFF_PASSWORD, null);
		org.assertj.core.api.Assertions.assertThat(path(home)).isEqualTo("/centro");
		return browser;
	}

	/** "agent @ centre" of the account's newest event of this type, which must be a counter's (two columns). */
	static String counterEvent(org.springframework.jdbc.core.simple.JdbcClient jdbc, String type, String account) {
		return jdbc.sql("""
				select actor || ' @ ' || center from audit_events where type = ? and account = ? and channel = 'COUNTER'
				order by id desc""").params(type, account).query(String.class).list().get(0);
	}

	/** The CSRF token of the first form of the page. */
	static String csrf(HtmlPage page) {
		return page.getElementsByName("_csrf").get(0).getAttribute("value");
	}
}
