package ec.gob.iess.clave.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlLabel;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.WebConnectionWrapper;

/** Drives pages as a person does: by the visible text of labels, buttons and links. */
public final class Pages {

	private Pages() {
	}

	public static WebClient browser() {
		// A browser in Ecuador: Spanish first, as the pages are.
		WebClient client = new WebClient(new BrowserVersion.BrowserVersionBuilder(BrowserVersion.BEST_SUPPORTED)
			.setAcceptLanguageHeader("es-EC,es;q=0.9")
			.build());
		client.getOptions().setJavaScriptEnabled(false);
		client.getOptions().setCssEnabled(false);
		client.getOptions().setThrowExceptionOnFailingStatusCode(false);
		client.getOptions().setRedirectEnabled(true);
		new SiteOrigin(client);
		return client;
	}

	/**
	 * The test browser opens the pages at {@code http://localhost:<port>}, but stands for a browser on
	 * the site: its form posts carry the site's origin ({@code clave.base-url}), as a real browser's do
	 * in production, where the pages are only reached at that address. The server accepts no other.
	 */
	private static final class SiteOrigin extends WebConnectionWrapper {

		SiteOrigin(WebClient client) {
			super(client);
		}

		@Override
		public WebResponse getResponse(WebRequest request) throws IOException {
			String origin = request.getAdditionalHeader("Origin");
			if (origin != null && origin.startsWith("http://localhost:")) {
				request.setAdditionalHeader("Origin", TestFixtures.SITE);
			}
			return super.getResponse(request);
		}
	}

	public static HtmlPage open(WebClient client, String url) {
		try {
			return client.getPage(url);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static HtmlElement field(HtmlPage page, String label) {
		for (HtmlLabel candidate : page.getDocumentElement().getElementsByTagName("label").stream()
			.map(HtmlLabel.class::cast).toList()) {
			if (candidate.getTextContent().strip().equals(label)) {
				return candidate.getLabeledElement();
			}
		}
		throw new AssertionError("no field labelled «" + label + "» on " + page.getUrl() + ":\n" + page.asNormalizedText());
	}

	public static void fill(HtmlPage page, String label, String value) {
		((HtmlInput) field(page, label)).setValue(value);
	}

	/** Chooses the file for the file field with this label, as a person does with the browser's dialog. */
	public static void upload(HtmlPage page, String label, java.nio.file.Path file) {
		((org.htmlunit.html.HtmlFileInput) field(page, label)).setFiles(file.toFile());
	}

	public static void check(HtmlPage page, String label) {
		((HtmlCheckBoxInput) field(page, label)).setChecked(true);
	}

	public static HtmlPage press(HtmlPage page, String buttonText) {
		for (DomElement element : page.getDocumentElement().getElementsByTagName("button")) {
			if (element.getTextContent().strip().equals(buttonText)) {
				try {
					return ((HtmlButton) element).click();
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}
		}
		throw new AssertionError("no button «" + buttonText + "» on " + page.getUrl());
	}

	public static HtmlPage follow(HtmlPage page, String linkText) {
		try {
			return page.getAnchorByText(linkText).click();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
