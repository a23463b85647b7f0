package ec.gob.iess.clave.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.htmlunit.HttpMethod;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the script of the passkey pages ({@code js/llave-de-acceso.js}) does, done from a test's HtmlUnit
 * browser without JavaScript: the JSON posts with the page's CSRF token and the site's origin, the
 * browser's part played by a {@link SoftAuthenticator}.
 */
public final class PasskeyPages {

	private PasskeyPages() {
	}

	/**
	 * On "Registrar una llave de acceso" ({@code page}, the clave typed recently): the creation options, the
	 * passkey made, and the server's answer to it.
	 */
	public static WebResponse register(WebClient client, HtmlPage page, SoftAuthenticator key, String name) {
		WebResponse options = post(client, page, "/seguridad/llave-nueva/opciones", "{}");
		assertThat(options.getStatusCode()).as(options.getContentAsString()).isEqualTo(200);
		JsonNode creation = json(options);
		assertThat(creation.get("rp").get("id").asString()).isEqualTo("clave.iess.test");
		assertThat(creation.get("authenticatorSelection").get("userVerification").asString()).isEqualTo("required");
		return post(client, page, "/seguridad/llave-nueva", "{\"name\":" + TestFixtures.quote(name)
				+ ",\"publicKey\":{\"credential\":" + key.create(creation) + ",\"label\":" + TestFixtures.quote(name) + "}}");
	}

	/** "Ingresar con llave de acceso" on the Ingresar page shown in {@code client}: the server's answer. */
	public static WebResponse login(WebClient client, HtmlPage ingresar, SoftAuthenticator key) {
		WebResponse options = post(client, ingresar, "/ingresar/llave/opciones", "{}");
		assertThat(options.getStatusCode()).as(options.getContentAsString()).isEqualTo(200);
		JsonNode request = json(options);
		assertThat(request.get("userVerification").asString()).isEqualTo("required");
		return post(client, ingresar, "/ingresar/llave", key.get(request));
	}

	/** A JSON post from the page, as its script sends it: the form's CSRF token in the header, the site's origin. */
	public static WebResponse post(WebClient client, HtmlPage page, String path, String body) {
		String csrf = page.querySelector("input[name=_csrf]").getAttributes().getNamedItem("value").getNodeValue();
		try {
			URL here = page.getUrl();
			WebRequest request = new WebRequest(new URL(here.getProtocol(), here.getHost(), here.getPort(), path),
					HttpMethod.POST);
			request.setAdditionalHeader("Content-Type", "application/json");
			request.setAdditionalHeader("Accept", "application/json");
			request.setAdditionalHeader("X-CSRF-TOKEN", csrf);
			request.setAdditionalHeader("Origin", TestFixtures.SITE);
			request.setCharset(StandardCharsets.UTF_8);
			request.setRequestBody(body);
			return client.loadWebResponse(request);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static JsonNode json(WebResponse response) {
		return TestFixtures.JSON.readTree(response.getContentAsString());
	}
}
