package ec.gob.iess.clave.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The published contract at {@code /v3/api-docs}: its server is {@code clave.base-url}, never the request's Host. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI claveOpenApi(ClaveSettings settings) {
		return new OpenAPI()
			.info(new Info().title("Clave API").version("v1")
				.description("Credenciales de los trámites virtuales del IESS: ingreso, cambio, recuperación y desbloqueo "
						+ "de clave, y el Centro de Atención Universal."))
			.addServersItem(new Server().url(settings.baseUrl().toString()));
	}
}
