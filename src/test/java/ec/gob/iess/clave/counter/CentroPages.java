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
		return staffBrowser(api, role.toLowerCase() + "-" + System.nanoTime() % 10_000_000, role, center);
	}

	/**
	 * A new member of staff of {@code center} with this role, created through the staff API and signed in on
	 * the pages in a browser of their own (for contexts where TOTP is not required).
	 */
	static WebClient staffBrowser(TestFixtures api, String username, String role, String center) {
		var created = api.post("/api/v1/staff/users", "{\"username\":" + TestFixtures.quote(username) + ",\"password\":"
				+ TestFixtures.quote(TestFixtures.STAFF_PASSWORD) + ",\"roles\":[\"" + role + "\"],\"center\":"
				+ TestFixtures.quote(center) + "}", api.adminToken());
		if (created.statusCode() != 201) {
			throw new AssertionError(created.body());
		}
		WebClient browser = Pages.browser();
		HtmlPage home = login(browser, api.base(), username, TestFixtures.STAFF_PASSWORD, null);
		if (!path(home).equals("/centro")) {
			throw new AssertionError("not signed in: " + home.asNormalizedText());
		}
		return browser;
	}

	/** Presses the button of the table row whose header cell is {@code rowName}. */
	static HtmlPage pressInRow(HtmlPage page, String rowName, String buttonText) {
		for (org.htmlunit.html.DomNode row : page.querySelectorAll("tbody tr")) {
			var header = row.querySelector("th");
			if (header != null && header.getTextContent().strip().equals(rowName)) {
				for (org.htmlunit.html.DomNode button : row.querySelectorAll("button")) {
					if (button.getTextContent().strip().equals(buttonText)) {
						try {
							return ((org.htmlunit.html.HtmlButton) button).click();
						}
						catch (IOException e) {
							throw new UncheckedIOException(e);
						}
					}
				}
			}
		}
		throw new AssertionError("no button «" + buttonText + "» in the row of «" + rowName + "» on " + page.getUrl());
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
