package ec.gob.iess.clave.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.support.ClaveIntegrationTest;
import ec.gob.iess.clave.support.TestDatabase;
import ec.gob.iess.clave.support.TestFixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * The published contract ({@code /v3/api-docs}, read from the running application) says what
 * {@code docs/api.md}'s table of calls says: the same calls, the same statuses and problem codes per
 * call, the same operation ids, the bearer scheme on exactly the calls that need a token. Each
 * refusal is problem+json of the {@code Problem} schema; 429 and 503 carry {@code Retry-After}. Once,
 * on H2: it reads the web layer's description, which no database changes.
 */
@ClaveIntegrationTest
class OpenApiContractIntegrationTest {

	private static final Pattern CALL = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH) (/api/[^`?\\s]+)[^`]*`");
	private static final Pattern TOKEN = Pattern.compile("`([^`]+)`");
	private static final Set<String> CODES = Arrays.stream(RefusalCode.values()).map(Enum::name).collect(Collectors.toSet());

	@LocalServerPort
	int port;

	private JsonNode docs;

	/** One row of the table: the call, its operation id, its token column and its answers (status → codes). */
	record Row(String method, String path, String operationId, String token, Map<String, Set<String>> answers) {

		String call() {
			return method + " " + path;
		}
	}

	@BeforeAll
	static void onceOnH2() {
		assumeTrue("h2".equals(TestDatabase.kind()), "the published document does not depend on the database; once, on H2");
	}

	@BeforeEach
	void readTheDocument() {
		var answer = new TestFixtures(port).get("/v3/api-docs", null);
		assertThat(answer.statusCode()).isEqualTo(200);
		docs = TestFixtures.json(answer);
	}

	@Test
	void theDocumentHasExactlyTheCallsOfTheTable() throws IOException {
		Set<String> documented = new TreeSet<>(operations().keySet());
		Set<String> tabled = rows().stream().map(Row::call).collect(Collectors.toCollection(TreeSet::new));
		assertThat(documented).as("calls in /v3/api-docs against docs/api.md").isEqualTo(tabled);
	}

	@Test
	void everyCallHasASummaryTheTablesOperationIdAndItsTag() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Map.Entry<Row, JsonNode> call : documentedRows().entrySet()) {
			Row row = call.getKey();
			JsonNode operation = call.getValue();
			if (operation.path("summary").asString("").isBlank()) {
				problems.add(row.call() + ": no summary");
			}
			String id = operation.path("operationId").asString("");
			if (!id.equals(row.operationId()) || id.matches(".*_\\d+")) {
				problems.add(row.call() + ": operationId '" + id + "', the table says '" + row.operationId() + "'");
			}
			if (operation.path("tags").isEmpty()) {
				problems.add(row.call() + ": no tag");
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyCallDocumentsExactlyTheTablesStatusesAndCodes() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Map.Entry<Row, JsonNode> call : documentedRows().entrySet()) {
			Row row = call.getKey();
			JsonNode operation = call.getValue();
			JsonNode responses = operation.path("responses");
			Map<String, Set<String>> documented = new TreeMap<>();
			for (Map.Entry<String, JsonNode> response : responses.properties()) {
				documented.put(response.getKey(), codesOf(response.getValue()));
			}
			if (!documented.equals(row.answers())) {
				problems.add(row.call() + ": documented " + documented + ", the table says " + row.answers());
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyRefusalIsAProblemOfTheProblemSchemaAndWaitsAreSaid() throws IOException {
		List<String> problems = new ArrayList<>();
		for (Map.Entry<String, JsonNode> operation : operations().entrySet()) {
			for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
				int status = Integer.parseInt(response.getKey());
				JsonNode content = response.getValue().path("content");
				String where = operation.getKey() + " " + status;
				if (status < 400) {
					if (status == 204 && !content.isEmpty()) {
						problems.add(where + ": a 204 with a body");
					}
					if (status != 204 && content.path("application/json").path("schema").isMissingNode()) {
						problems.add(where + ": no JSON schema for the answer");
					}
					continue;
				}
				Set<String> types = new TreeSet<>();
				content.propertyNames().forEach(types::add);
				if (!types.equals(Set.of("application/problem+json"))) {
					problems.add(where + ": content " + types);
				}
				if (!content.path("application/problem+json").path("schema").path("$ref").asString("")
					.equals("#/components/schemas/Problem")) {
					problems.add(where + ": not the Problem schema");
				}
				if ((status == 429 || status == 503) && response.getValue().path("headers").path("Retry-After").isMissingNode()) {
					problems.add(where + ": no Retry-After");
				}
			}
		}
		assertThat(problems).isEmpty();
		JsonNode problem = docs.path("components").path("schemas").path("Problem");
		assertThat(strings(problem.path("required"))).containsExactlyInAnyOrder("type", "title", "status", "detail", "code");
		assertThat(strings(problem.path("properties").path("code").path("enum"))).containsExactlyInAnyOrderElementsOf(CODES);
		assertThat(problem.path("properties").path("reasons").path("type").asString("")).isEqualTo("array");
	}

	@Test
	void theBearerSchemeIsOnExactlyTheCallsThatTakeAToken() throws IOException {
		JsonNode scheme = docs.path("components").path("securitySchemes").path("bearer");
		assertThat(scheme.path("type").asString("")).isEqualTo("http");
		assertThat(scheme.path("scheme").asString("")).isEqualTo("bearer");
		assertThat(docs.path("security").isEmpty()).as("no document-wide requirement").isTrue();
		List<String> problems = new ArrayList<>();
		for (Map.Entry<Row, JsonNode> call : documentedRows().entrySet()) {
			Row row = call.getKey();
			JsonNode operation = call.getValue();
			List<String> requirements = new ArrayList<>();
			for (JsonNode requirement : operation.path("security")) {
				requirements.add(String.join(",", requirement.propertyNames()));
			}
			List<String> expected = row.token().startsWith("Bearer (optional)") ? List.of("", "bearer")
					: row.token().startsWith("Bearer") ? List.of("bearer") : List.of();
			if (!requirements.equals(expected)) {
				problems.add(row.call() + ": security " + requirements + ", the table says " + row.token());
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void requestsAndAnswersNameTheirRequiredFieldsAndFormats() {
		JsonNode schemas = docs.path("components").path("schemas");
		assertThat(strings(schemas.path("LoginRequest").path("required"))).containsExactlyInAnyOrder("username", "password");
		assertThat(strings(schemas.path("RecoveryRequest").path("required")))
			.containsExactlyInAnyOrder("username", "captcha", "birthDate", "fingerprintCode");
		assertThat(schemas.path("RecoveryRequest").path("properties").path("birthDate").path("format").asString(""))
			.isEqualTo("date");
		assertThat(schemas.path("PersonRequest").path("properties").path("birthDate").path("format").asString(""))
			.isEqualTo("date");
		assertThat(strings(schemas.path("LoginResponse").path("required")))
			.contains("accessToken", "tokenType", "expiresIn", "passwordChangeRequired", "roles");
		assertThat(schemas.path("TemporaryPasswordResponse").path("properties").path("expiresAt").path("format").asString(""))
			.isEqualTo("date-time");
		assertThat(schemas.path("AuditRow").path("properties").propertyNames()).containsExactlyInAnyOrder("at",
				"type", "account", "actor", "center", "channel", "ip", "outcome");
	}

	// ------------------------------------------------------------------ reading both sides

	/** The table's rows with their operation in the document; the calls themselves are compared on their own. */
	private Map<Row, JsonNode> documentedRows() throws IOException {
		Map<String, JsonNode> operations = operations();
		Map<Row, JsonNode> documented = new java.util.LinkedHashMap<>();
		for (Row row : rows()) {
			if (operations.containsKey(row.call())) {
				documented.put(row, operations.get(row.call()));
			}
		}
		return documented;
	}

	/** {@code "POST /api/v1/login"} → the operation, for every operation of the document. */
	private Map<String, JsonNode> operations() {
		Map<String, JsonNode> operations = new TreeMap<>();
		for (Map.Entry<String, JsonNode> path : docs.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
				operations.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), method.getValue());
			}
		}
		return operations;
	}

	/** The codes of a refusal: the names of its examples, one per code. */
	private static Set<String> codesOf(JsonNode response) {
		Set<String> codes = new TreeSet<>();
		response.path("content").path("application/problem+json").path("examples").propertyNames().forEach(codes::add);
		return codes;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(value -> values.add(value.asString()));
		return values;
	}

	/** The rows of docs/api.md's table under "## Calls". */
	static List<Row> rows() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("docs", "api.md"), StandardCharsets.UTF_8);
		List<Row> rows = new ArrayList<>();
		boolean inCalls = false;
		for (String line : lines) {
			if (line.startsWith("## ")) {
				inCalls = line.equals("## Calls");
				continue;
			}
			if (!inCalls || !line.startsWith("| `")) {
				continue;
			}
			String[] cells = line.replace("\\|", "¦").split("\\|");
			Matcher call = CALL.matcher(cells[1]);
			assertThat(call.find()).as("a call in: %s", line).isTrue();
			String operationId = cells[2].strip().replace("`", "");
			rows.add(new Row(call.group(1), call.group(2), operationId, cells[3].strip(), answers(cells[5])));
		}
		assertThat(rows).as("rows of the table in docs/api.md").isNotEmpty();
		return rows;
	}

	/** {@code `400` `INVALID_REQUEST` `INVALID_CEDULA`; `401` …} → 400 → {INVALID_REQUEST, INVALID_CEDULA}, 401 → …. */
	private static Map<String, Set<String>> answers(String cell) {
		Map<String, Set<String>> answers = new TreeMap<>();
		String status = null;
		Matcher token = TOKEN.matcher(cell);
		while (token.find()) {
			String value = token.group(1);
			if (value.matches("[1-5]\\d\\d")) {
				status = value;
				answers.putIfAbsent(status, new TreeSet<>());
			}
			else if (status != null && CODES.contains(value)) {
				answers.get(status).add(value);
			}
		}
		return answers;
	}
}
