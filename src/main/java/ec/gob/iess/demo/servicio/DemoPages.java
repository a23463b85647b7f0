package ec.gob.iess.demo.servicio;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The service's two pages: its entry ({@code /}: who is in, or nobody) and {@link DemoServiceSettings#START},
 * which needs a session and so signs the person in through Clave. Plain HTML, in Spanish, no script.
 */
@RestController
class DemoPages {

	private final DemoServiceSettings settings;

	DemoPages(DemoServiceSettings settings) {
		this.settings = settings;
	}

	@GetMapping("/")
	ResponseEntity<String> home(@AuthenticationPrincipal OidcUser person, HttpServletRequest request) {
		if (person != null) {
			return consulta(person, request);
		}
		return page("""
				<p id="estado">Usted no ha ingresado a este servicio.</p>
				<p><a href="%s">Ingresar con su clave del IESS</a></p>
				""".formatted(DemoServiceSettings.START));
	}

	@GetMapping(DemoServiceSettings.START)
	ResponseEntity<String> consulta(@AuthenticationPrincipal OidcUser person, HttpServletRequest request) {
		CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		StringBuilder claims = new StringBuilder();
		new TreeMap<>(person.getClaims()).forEach((name, value) -> {
			if (!"nonce".equals(name) && !"at_hash".equals(name)) {
				claims.append("<tr><th scope=\"row\">").append(escape(name)).append("</th><td>").append(escape(shown(value)))
					.append("</td></tr>\n");
			}
		});
		String other = settings.otherAddress() == null ? ""
				: "<p><a href=\"%s\">Ir a %s</a></p>".formatted(escape(settings.otherAddress() + DemoServiceSettings.START),
						escape(settings.otherTitle()));
		return page("""
				<p id="estado">Hola, %s. Usted ingresó con su clave del IESS, sin escribirla en este servicio.</p>
				<h2>Lo que Clave le dijo a este servicio</h2>
				<table>
				<thead><tr><th scope="col">Dato</th><th scope="col">Valor</th></tr></thead>
				<tbody>
				%s</tbody>
				</table>
				<p>El identificador (<code>sub</code>) es propio de este servicio: otro servicio recibe uno distinto.</p>
				%s
				<p><a href="%s/servicios">Volver a sus servicios en Clave</a></p>
				<form method="post" action="/logout">
				<input type="hidden" name="%s" value="%s">
				<button type="submit">Salir</button>
				</form>
				""".formatted(escape(person.getGivenName() != null ? person.getGivenName() : person.getSubject()), claims, other,
				escape(settings.clave()), escape(csrf.getParameterName()), escape(csrf.getToken())));
	}

	private ResponseEntity<String> page(String body) {
		String html = """
				<!DOCTYPE html>
				<html lang="es">
				<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%1$s</title>
				<style>body{font-family:sans-serif;font-size:1.15rem;max-width:48rem;margin:1rem auto;padding:0 1rem;line-height:1.5;
				overflow-wrap:anywhere;hyphens:auto}h1{font-size:1.6rem}table{width:100%%;table-layout:fixed}
				th,td{text-align:left;vertical-align:top;padding:.3rem .6rem;border-bottom:1px solid #ccc}
				th{width:35%%}td{word-break:break-all}
				button{font-size:1.15rem;padding:.6rem 1.4rem;min-height:48px}a{color:#00427a}</style>
				</head>
				<body><main>
				<h1>%1$s</h1>
				%2$s</main></body>
				</html>
				""".formatted(escape(settings.title()), body);
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.header("Cache-Control", "no-store")
			.body(html);
	}

	private static String shown(Object value) {
		if (value instanceof Collection<?> values) {
			return String.join(", ", values.stream().map(String::valueOf).toList());
		}
		if (value instanceof Map<?, ?> map) {
			return map.toString();
		}
		return String.valueOf(value);
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text);
	}
}
