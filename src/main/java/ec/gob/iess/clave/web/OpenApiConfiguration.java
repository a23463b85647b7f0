package ec.gob.iess.clave.web;

import ec.gob.iess.clave.refusal.RefusalCode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * The published contract at {@code /v3/api-docs} (docs/api.md says the same in words). Its server is
 * {@code clave.base-url}, never the request's Host. What is specific to a call (summary, operation id,
 * success status, its own refusals: {@link Refuses}) is annotated on the controller; what every call
 * shares is added here by rule: the {@code Problem} schema with every refusal as problem+json and one
 * example per code, 400 INVALID_REQUEST and 503 UNAVAILABLE everywhere, {@code Retry-After} on 429 and
 * 503, and the bearer scheme with its 401/403 on exactly the calls {@link ApiAccess} says need a token.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM = "Problem";
	static final String BEARER = "bearer";
	private static final String PROBLEM_JSON = Problems.PROBLEM_JSON.toString();

	@Bean
	OpenAPI claveOpenApi(ClaveSettings settings) {
		return new OpenAPI()
			.info(new Info().title("Clave API").version("v1")
				.description("The credentials of IESS's online services: log in, change, recover and unlock a clave, and "
						+ "the Centro de Atención Universal's counter. Every refusal is application/problem+json with a "
						+ "stable `code`; `detail` is Spanish, for people. Described in words in the project's docs/api.md."))
			.addServersItem(new Server().url(settings.baseUrl().toString()))
			.addTagsItem(new Tag().name("Captcha").description("The proof of work that recovery, unlock and a login "
					+ "after failures ask for (ALTCHA)."))
			.addTagsItem(new Tag().name("Asegurados y empleadores").description("A person's or an employer's own "
					+ "clave: log in with a cédula or RUC, change, recover and unlock it."))
			.addTagsItem(new Tag().name("Staff").description("The Centro de Atención Universal: staff log in with a "
					+ "TOTP code and act on people and employers according to their roles."));
	}

	/** A call's own refusals, as its controller names them. */
	@Bean
	OperationCustomizer claveRefusals(Problems problems) {
		return (operation, handler) -> {
			Refuses refuses = handler.getMethodAnnotation(Refuses.class);
			if (refuses != null) {
				addRefusals(operation, Arrays.asList(refuses.value()), problems);
			}
			return operation;
		};
	}

	/** What every call shares, and the bearer token where {@link ApiAccess} asks for one. */
	@Bean
	OpenApiCustomizer claveSharedAnswers(Problems problems) {
		return openApi -> {
			Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
			openApi.components(components.addSchemas(PROBLEM, problemSchema())
				.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
					.description("The opaque accessToken of POST /api/v1/login or /api/v1/staff/login.")));
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				List<RefusalCode> shared = new ArrayList<>(List.of(RefusalCode.INVALID_REQUEST, RefusalCode.UNAVAILABLE));
				switch (ApiAccess.token(HttpMethod.valueOf(method.name()), path)) {
					case NONE -> operation.setSecurity(null);
					case OPTIONAL -> operation.setSecurity(List.of(new SecurityRequirement(),
							new SecurityRequirement().addList(BEARER)));
					case REQUIRED -> {
						operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
						shared.addAll(List.of(RefusalCode.UNAUTHENTICATED, RefusalCode.FORBIDDEN));
						if (ApiAccess.refusesTemporary(path)) {
							shared.add(RefusalCode.PASSWORD_CHANGE_REQUIRED);
						}
					}
				}
				addRefusals(operation, shared, problems);
				sortByStatus(operation);
			}));
		};
	}

	/**
	 * Adds each code to the problem+json response of its status (made when missing): the code becomes an
	 * example with the very body Clave answers, and the description lists the codes.
	 */
	static void addRefusals(Operation operation, Collection<RefusalCode> codes, Problems problems) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		for (RefusalCode code : codes) {
			HttpStatus status = RefusalStatus.of(code);
			ApiResponse response = operation.getResponses()
				.computeIfAbsent(Integer.toString(status.value()), key -> refusal(status));
			MediaType media = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
			if (media == null) {
				throw new IllegalStateException(operation.getOperationId() + " declares " + status.value()
						+ " by annotation: refusals are declared with @Refuses only");
			}
			var problem = problems.problem(code, code == RefusalCode.WEAK_PASSWORD ? List.of("TOO_SHORT") : List.of());
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("type", problem.type());
			body.put("title", problem.title());
			body.put("status", problem.status());
			body.put("detail", problem.detail());
			body.put("code", problem.code());
			if (!problem.reasons().isEmpty()) {
				body.put("reasons", problem.reasons());
			}
			media.addExamples(code.name(), new Example().summary(problem.title()).value(body));
			// In RefusalCode's order, whichever added them first.
			media.setExamples(media.getExamples().entrySet().stream()
				.sorted(Comparator.comparing(example -> RefusalCode.valueOf(example.getKey())))
				.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new)));
			response.setDescription(status.getReasonPhrase() + ": "
					+ media.getExamples().keySet().stream().map(name -> "`" + name + "`").collect(Collectors.joining(", ")));
		}
	}

	private static ApiResponse refusal(HttpStatus status) {
		ApiResponse response = new ApiResponse().content(new Content().addMediaType(PROBLEM_JSON,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
		if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before trying again.")
				.schema(typed("integer").format("int32")));
		}
		return response;
	}

	private static void sortByStatus(Operation operation) {
		ApiResponses sorted = new ApiResponses();
		operation.getResponses().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
			.forEach(entry -> sorted.addApiResponse(entry.getKey(), entry.getValue()));
		operation.setResponses(sorted);
	}

	/** {@link Problem}, described by hand: its codes are {@link RefusalCode}'s and its order is fixed. */
	private static Schema<Object> problemSchema() {
		Schema<Object> schema = typed("object");
		schema
			.description("RFC 9457 problem details with Clave's stable code.")
			.addProperty("type", string("urn:iess:clave:problem: and the code in lower case with dashes.").format("uri"))
			.addProperty("title", string("Short Spanish title of the code."))
			.addProperty("status", typed("integer").format("int32").description("The HTTP status."))
			.addProperty("detail", string("Spanish text for the person; programs decide by code."))
			.addProperty("code", string("The stable code.")._enum(Arrays.stream(RefusalCode.values()).<Object>map(Enum::name).toList()))
			.addProperty("reasons", typed("array").items(typed("string"))
				.description("Only with WEAK_PASSWORD (the rules the clave breaks: TOO_SHORT, TOO_LONG, COMMON, "
						+ "CONTAINS_IDENTIFIER, CONTAINS_NAME, CONTAINS_BIRTH_DATE, CONTAINS_INSTITUTION, REPETITIVE, "
						+ "SAME_AS_CURRENT) and with the counter's INVALID_REQUEST for an email address (EMAIL_INVALID, "
						+ "EMAIL_NOT_ASCII)."))
			.required(List.of("type", "title", "status", "detail", "code"));
		return schema;
	}

	private static Schema<Object> string(String description) {
		return typed("string").description(description);
	}

	/** The document is OpenAPI 3.1, whose schemas carry their JSON Schema {@code types}. */
	private static Schema<Object> typed(String type) {
		Schema<Object> schema = new Schema<>();
		schema.addType(type);
		return schema.type(type);
	}
}
