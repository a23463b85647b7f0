package ec.gob.iess.clave.web;

import ec.gob.iess.clave.refusal.RefusalCode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.counter.StaffRole;
import ec.gob.iess.clave.credential.CredentialStatus;
import ec.gob.iess.clave.credential.WeakReason;
import ec.gob.iess.clave.identity.PersonRole;
import ec.gob.iess.clave.portal.ServiceCatalog;

/**
 * The message bundles and the templates stay in step, without a Spring context: the Spanish and English bundles
 * hold the same keys, every key a template names exists, and no template shows text that is not behind a
 * {@code th:text}-like attribute (in the spirit of spring-petclinic's {@code I18nPropertiesSyncTest}).
 */
class MessageBundlesTest {

	private static final Path RESOURCES = Path.of("src/main/resources");

	private static final Path TEMPLATES = RESOURCES.resolve("templates");

	private static final Path MIGRATIONS = RESOURCES.resolve("db/migration");

	/** The codes {@code ErrorPages}/{@code ErrorHandling} put on the error page as {@code error.<CODE>}. */
	private static final List<String> ERROR_PAGE_CODES = List.of("INVALID_REQUEST", "NOT_FOUND", "FORBIDDEN",
			"UNAUTHENTICATED", "RATE_LIMITED", "UNAVAILABLE");

	/** Prefixes of keys built in templates ({@code #{'service.' + ...}}) whose families are checked below. */
	private static final Set<String> CHECKED_DYNAMIC_FAMILIES = Set.of("service.", "error.", "centro.role.",
			"centro.status.", "audit.type.", "audit.channel.", "audit.outcome.", "centro.done.", "centro.refused.", "centro.staffRole.",
			"centro.clients.scope.", "security.events.");

	private static final Pattern LITERAL_KEY = Pattern.compile("#\\{\\s*([A-Za-z0-9_.\\-]+)\\s*[}(]");

	private static final Pattern DYNAMIC_KEY = Pattern.compile("#\\{\\s*(?!\\s*[A-Za-z0-9_.\\-]+\\s*[}(])([^}]*)");

	private static final Pattern DYNAMIC_PREFIX = Pattern.compile("^'([A-Za-z0-9_.\\-]+)'\\s*\\+");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+[^}]*}");

	// ---- bundles ----------------------------------------------------------------------------------------

	@Test
	void everySpanishKeyHasAnEnglishTranslation() throws IOException {
		Set<String> missing = new TreeSet<>(keys(spanish()));
		missing.removeAll(keys(english()));
		assertThat(missing).as("keys of messages.properties missing from messages_en.properties").isEmpty();
	}

	@Test
	void everyEnglishKeyExistsInSpanish() throws IOException {
		Set<String> extra = new TreeSet<>(keys(english()));
		extra.removeAll(keys(spanish()));
		assertThat(extra).as("keys of messages_en.properties that messages.properties does not have").isEmpty();
	}

	@Test
	void translationsKeepThePlaceholders() throws IOException {
		Properties es = spanish();
		Properties en = english();
		List<String> differing = new ArrayList<>();
		for (String key : keys(es)) {
			if (en.containsKey(key)
					&& !placeholders(es.getProperty(key)).equals(placeholders(en.getProperty(key)))) {
				differing.add(key + ": " + es.getProperty(key) + " / " + en.getProperty(key));
			}
		}
		assertThat(differing).as("messages whose {n} placeholders differ between Spanish and English").isEmpty();
	}

	@Test
	void bundlesHoldNoBlankMessages() throws IOException {
		for (String bundle : List.of("messages.properties", "messages_en.properties")) {
			Properties messages = load(bundle);
			assertThat(keys(messages).stream().filter(key -> messages.getProperty(key).isBlank()))
				.as("blank messages in %s", bundle)
				.isEmpty();
		}
	}

	@Test
	void bundlesDefineEveryKeyOnlyOnce() throws IOException {
		for (String bundle : List.of("messages.properties", "messages_en.properties")) {
			Map<String, Integer> seen = new LinkedHashMap<>();
			boolean continuation = false;
			for (String line : Files.readAllLines(RESOURCES.resolve(bundle))) {
				String trimmed = line.strip();
				boolean continued = continuation;
				continuation = !trimmed.startsWith("#") && trimmed.matches(".*(?<!\\\\)(\\\\\\\\)*\\\\$");
				if (continued || trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
					continue;
				}
				String key = trimmed.split("\\s*[=:]", 2)[0].strip();
				seen.merge(key, 1, Integer::sum);
			}
			assertThat(seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
				.as("keys defined more than once in %s (the last one silently wins)", bundle)
				.isEmpty();
		}
	}

	/** MessageFormat swallows a lone ASCII apostrophe whenever a message is rendered with arguments. */
	@Test
	void bundlesUseTypographicApostrophes() throws IOException {
		for (String bundle : List.of("messages.properties", "messages_en.properties")) {
			Properties messages = load(bundle);
			assertThat(keys(messages).stream().filter(key -> messages.getProperty(key).contains("'")))
				.as("messages in %s with an ASCII apostrophe: write ’ instead", bundle)
				.isEmpty();
		}
	}

	// ---- keys used by templates and code ----------------------------------------------------------------

	@Test
	void everyMessageKeyNamedInATemplateExists() throws IOException {
		Set<String> known = keys(spanish());
		Set<String> used = new TreeSet<>();
		List<String> missing = new ArrayList<>();
		for (Path template : templates()) {
			Matcher m = LITERAL_KEY.matcher(Files.readString(template));
			while (m.find()) {
				used.add(m.group(1));
				if (!known.contains(m.group(1))) {
					missing.add(relative(template) + ": #{" + m.group(1) + "}");
				}
			}
		}
		assertThat(used).as("the scan found no #{...} at all: is the pattern still right?").isNotEmpty();
		assertThat(missing).as("message keys used by templates but missing from messages.properties").isEmpty();
	}

	@Test
	void dynamicMessageKeysInTemplatesBelongToCheckedFamilies() throws IOException {
		List<String> unchecked = new ArrayList<>();
		for (Path template : templates()) {
			Matcher m = DYNAMIC_KEY.matcher(Files.readString(template));
			while (m.find()) {
				Matcher prefix = DYNAMIC_PREFIX.matcher(m.group(1).strip());
				if (!prefix.find() || !CHECKED_DYNAMIC_FAMILIES.contains(prefix.group(1))) {
					unchecked.add(relative(template) + ": #{" + m.group(1) + "}");
				}
			}
		}
		assertThat(unchecked)
			.as("message keys built at run time that this test does not check: add a check for their family")
			.isEmpty();
	}

	@Test
	void everyServiceOfTheCatalogueHasANameInBothLanguages() throws IOException {
		Set<String> codes = serviceCodes();
		assertThat(codes).as("service codes inserted by the migrations").contains("historia-laboral", "planillas");
		for (Properties bundle : List.of(spanish(), english())) {
			assertThat(codes.stream().map(code -> "service." + code).filter(key -> !bundle.containsKey(key)))
				.as("services without a service.<code> message")
				.isEmpty();
		}
	}

	@Test
	void everyErrorPageCodeHasATitleAndAText() throws IOException {
		for (Properties bundle : List.of(spanish(), english())) {
			for (String code : ERROR_PAGE_CODES) {
				assertThat(bundle).containsKeys("error." + code + ".title", "error." + code);
			}
		}
	}

	/** Whatever refusal reaches the error page (say a malformed cédula typed into an address), it has words. */
	@Test
	void everyRefusalShowsAnErrorPageWithWords() throws IOException {
		for (Properties bundle : List.of(spanish(), english())) {
			for (RefusalCode code : RefusalCode.values()) {
				String shown = ErrorHandling.pageCode(code, RefusalStatus.of(code).value()).name();
				assertThat(bundle).as(code.name()).containsKeys("error." + shown + ".title", "error." + shown);
			}
			for (RefusalCode code : ErrorHandling.OWN_PAGES) {
				assertThat(bundle).as(code.name()).containsKeys("error." + code.name() + ".title", "error." + code.name());
			}
		}
	}

	@Test
	void everyErrorCodeHasAProblemTitleAndDetail() throws IOException {
		for (Properties bundle : List.of(spanish(), english())) {
			for (RefusalCode code : RefusalCode.values()) {
				assertThat(bundle).containsKeys("problem." + code.name() + ".title", "problem." + code.name());
			}
		}
	}

	/** Mi seguridad says whether a login was with the clave or a passkey; a new passkey's first name comes from the device. */
	@Test
	void everyPasskeyWordHasItsWords() throws IOException {
		for (Properties bundle : List.of(spanish(), english())) {
			for (AuditType login : List.of(AuditType.LOGIN_SUCCEEDED, AuditType.LOGIN_FAILED)) {
				assertThat(bundle).containsKeys("security.events.passkey." + login.name(), "security.events.clave." + login.name());
			}
			for (String device : List.of("iphone", "ipad", "android.phone", "android.tablet", "windows", "mac", "chromebook",
					"linux", "other")) {
				assertThat(bundle).containsKey("passkey.device." + device);
			}
		}
	}

	/** The back office names roles, clave states and audit events in words: every value has its words. */
	@Test
	void everyValueTheBackOfficeShowsHasItsWords() throws IOException {
		Map<String, List<? extends Enum<?>>> families = Map.of("centro.role.", List.of(PersonRole.values()),
				"centro.staffRole.", List.of(StaffRole.values()),
				"centro.status.", List.of(CredentialStatus.values()), "audit.type.", List.of(AuditType.values()),
				"audit.channel.", List.of(Channel.values()), "audit.outcome.", List.of(Outcome.values()));
		for (Properties bundle : List.of(spanish(), english())) {
			families.forEach((family, values) -> values
				.forEach(value -> assertThat(bundle).containsKey(family + value.name())));
			for (String code : List.of("FORBIDDEN", "NOT_FOUND", "INVALID_REQUEST", "RATE_LIMITED",
					"INVALID_REQUEST.noVerifiedContact")) {
				assertThat(bundle).containsKey("centro.refused." + code);
			}
			// The services catalogue's roles are the people's and the employer's.
			ServiceCatalog.ROLES.forEach(role -> assertThat(bundle).containsKey("centro.role." + role));
			// The scopes a service may be registered for, on the administrator's page of services.
			ec.gob.iess.clave.sso.ClientRegistrations.SCOPE_NAMES
				.forEach(scope -> assertThat(bundle).containsKey("centro.clients.scope." + scope));
		}
	}

	/** The back office's results ({@code centro.done.<x>}) are named by the controllers' {@code DONE} flash attributes. */
	@Test
	void everyResultOfTheBackOfficeHasItsMessage() throws IOException {
		Pattern done = Pattern.compile("(?:addFlashAttribute\\((?:CentroPersonController\\.)?DONE,|return act\\()([^;]*)");
		Pattern literal = Pattern.compile("\"([a-z]+(?:\\.[a-z]+)?)\"");
		Set<String> results = new TreeSet<>();
		try (Stream<Path> sources = Files.list(Path.of("src/main/java/ec/gob/iess/clave/counter"))) {
			for (Path source : sources.filter(path -> path.getFileName().toString().startsWith("Centro")).toList()) {
				Matcher m = done.matcher(Files.readString(source));
				while (m.find()) {
					Matcher key = literal.matcher(m.group(1));
					while (key.find()) {
						results.add(key.group(1));
					}
				}
			}
		}
		assertThat(results).as("results found in the controllers").contains("unlocked", "employer.registered");
		for (Properties bundle : List.of(spanish(), english())) {
			results.forEach(result -> assertThat(bundle).containsKey("centro.done." + result));
		}
	}

	/** {@code PasswordChangeController} shows {@code clave.weak.<REASON>} for every reason of a refusal. */
	@Test
	void everyWeakReasonHasAMessage() throws IOException {
		for (Properties bundle : List.of(spanish(), english())) {
			for (WeakReason reason : WeakReason.values()) {
				assertThat(bundle).containsKey("clave.weak." + reason.name());
			}
		}
	}

	// ---- no visible text outside the bundles -------------------------------------------------------------

	/**
	 * Email templates ({@code templates/mail/}) are left out: emails are Spanish whatever the reader's language
	 * (PRODUCT.md §4.9), each one reads as a letter kept in one file per kind and format, and bundles would ask for
	 * an English text that is never sent. {@code MailTemplatesUnitTest} checks them instead.
	 */
	@Test
	void templatesShowNoTextOutsideTheBundles() throws IOException {
		List<Path> templates = templates().stream().filter(template -> !relative(template).startsWith("mail/")).toList();
		assertThat(templates).isNotEmpty();
		List<String> findings = new ArrayList<>();
		for (Path template : templates) {
			LiteralTextChecker.check(Files.readString(template))
				.forEach(finding -> findings.add(relative(template) + ":" + finding));
		}
		assertThat(findings)
			.as("visible text not behind th:text/th:utext/th:errors/th:replace/th:insert: move it to the bundles")
			.isEmpty();
	}

	@Test
	void theCheckerReportsHardCodedText() {
		assertThat(LiteralTextChecker.check("<p>Hola</p>")).singleElement().asString().contains("\"Hola\"");
		assertThat(LiteralTextChecker.check("""
				<div th:if="${x}" class="alert">
				  <strong th:text="#{form.errors}">Revise</strong> y corrija
				</div>""")).singleElement().asString().startsWith("2:").contains("y corrija", "<div>");
		assertThat(LiteralTextChecker.check("<th:block>Texto suelto</th:block>")).hasSize(1);
		assertThat(LiteralTextChecker.check("<p th:text=\"#{a}\">x</p><p>[[#{a}]] fijo</p>")).hasSize(1);
		assertThat(LiteralTextChecker.check("<input type=\"text\" placeholder=\"Cédula\">")).singleElement()
			.asString()
			.contains("placeholder=\"Cédula\"");
		assertThat(LiteralTextChecker.check("<img src=\"x.svg\" alt=\"Logotipo\">")).hasSize(1);
		assertThat(LiteralTextChecker.check("<a href=\"#\" title=\"Ayuda\" aria-label=\"Ayuda\" th:text=\"#{a}\">a</a>"))
			.hasSize(2);
		assertThat(LiteralTextChecker.check("<input type=\"submit\" value=\"Enviar\">")).hasSize(1);
	}

	@Test
	void theCheckerReportsTextAddedToARealTemplate() throws IOException {
		String login = Files.readString(TEMPLATES.resolve("credential/login.html"));
		String tampered = login.replace("</h1>", "</h1>\n  <p>Bienvenido al sistema</p>");
		assertThat(tampered).isNotEqualTo(login);
		assertThat(LiteralTextChecker.check(tampered)).anySatisfy(
				finding -> assertThat(finding).contains("Bienvenido al sistema"));
	}

	@Test
	void theCheckerAcceptsPlaceholdersBehindThymeleafAttributes() {
		assertThat(LiteralTextChecker.check("""
				<!DOCTYPE html>
				<html xmlns:th="http://www.thymeleaf.org">
				<head><meta charset="utf-8"><title th:text="#{t}">Título</title>
				<link rel="stylesheet" th:href="@{/css/clave.css}"></head>
				<body>
				<!-- un comentario con texto -->
				<p th:text="${a > b} ? #{x} : #{y}">Uno</p>
				<p th:utext="#{x}">Dos</p>
				<p th:errors="*{username}">error</p>
				<div th:replace="~{fragments/x :: y}">Tres</div>
				<div data-th-insert="~{fragments/x :: y}">Cuatro</div>
				<p>[[#{x}]] [(${y})]</p>
				<p>&nbsp;</p><br/>
				<input type="text" placeholder="x" th:placeholder="#{p}">
				<img src="a.svg" alt="" th:src="@{/a.svg}">
				<a href="#" th:title="#{t}" title="Ayuda" th:attr="aria-label=#{a}" aria-label="Ayuda" th:text="#{a}">a</a>
				<span class="brand-mark" aria-hidden="true" th:text="#{m}">IESS</span>
				</body>
				</html>""")).isEmpty();
	}

	/**
	 * A small tolerant HTML tokenizer (templates are HTML5, not XML: {@code <!DOCTYPE html>}, unclosed void
	 * elements). It reports, with its line, every text node with non-whitespace content whose own element
	 * carries none of th:text, th:utext, th:errors, th:replace, th:insert (or th:remove="all"/"body"), and every
	 * title/placeholder/aria-label/alt (and button value) with literal text but no th: counterpart.
	 */
	static final class LiteralTextChecker {

		/** Language-neutral text allowed as is: the institution's acronym, the same in Spanish and English. */
		private static final Set<String> LANGUAGE_NEUTRAL = Set.of();

		private static final Set<String> VOID_ELEMENTS = Set.of("area", "base", "br", "col", "embed", "hr", "img",
				"input", "link", "meta", "param", "source", "track", "wbr");

		private static final Set<String> RAW_TEXT_ELEMENTS = Set.of("script", "style");

		private static final List<String> BODY_ATTRIBUTES = List.of("text", "utext", "errors", "replace", "insert",
				"include");

		private static final List<String> TEXT_ATTRIBUTES = List.of("title", "placeholder", "aria-label", "alt");

		private static final Pattern INLINED = Pattern.compile("\\[\\[.*?]]|\\[\\(.*?\\)]", Pattern.DOTALL);

		private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:_.\\-]*");

		private LiteralTextChecker() {
		}

		private record Element(String name, Map<String, String> attributes) {

			boolean has(String thName) {
				return attributes.containsKey("th:" + thName) || attributes.containsKey("data-th-" + thName);
			}

			String th(String thName) {
				String value = attributes.get("th:" + thName);
				return value != null ? value : attributes.get("data-th-" + thName);
			}

			boolean rendersItsOwnBody() {
				String remove = th("remove");
				return BODY_ATTRIBUTES.stream().anyMatch(this::has)
						|| remove != null && (remove.strip().equals("all") || remove.strip().equals("body"));
			}

			boolean setsAttribute(String attribute) {
				if (has(attribute) || ("alt".equals(attribute) || "title".equals(attribute)) && has("alt-title")) {
					return true;
				}
				String attr = th("attr");
				return attr != null && Pattern.compile("(^|,)\\s*" + Pattern.quote(attribute) + "\\s*=").matcher(attr).find();
			}
		}

		static List<String> check(String html) {
			List<String> findings = new ArrayList<>();
			Deque<Element> open = new ArrayDeque<>();
			int i = 0;
			int n = html.length();
			while (i < n) {
				if (html.startsWith("<!--", i)) {
					int end = html.indexOf("-->", i + 4);
					i = end < 0 ? n : end + 3;
				}
				else if (html.startsWith("<!", i) || html.startsWith("<?", i)) {
					int end = html.indexOf('>', i);
					i = end < 0 ? n : end + 1;
				}
				else if (html.startsWith("</", i)) {
					int end = html.indexOf('>', i);
					String name = html.substring(i + 2, end < 0 ? n : end).strip().toLowerCase(Locale.ROOT);
					if (open.stream().anyMatch(e -> e.name().equals(name))) {
						while (!open.pop().name().equals(name)) {
							// implicitly closed elements
						}
					}
					i = end < 0 ? n : end + 1;
				}
				else if (html.charAt(i) == '<' && i + 1 < n && Character.isLetter(html.charAt(i + 1))) {
					i = readTag(html, i, open, findings);
				}
				else {
					int end = html.indexOf('<', i + 1);
					end = end < 0 ? n : end;
					checkText(html, i, html.substring(i, end), open.peek(), findings);
					i = end;
				}
			}
			return findings;
		}

		private static int readTag(String html, int start, Deque<Element> open, List<String> findings) {
			Matcher nameMatcher = NAME.matcher(html).region(start + 1, html.length());
			nameMatcher.lookingAt();
			String name = nameMatcher.group().toLowerCase(Locale.ROOT);
			Map<String, String> attributes = new LinkedHashMap<>();
			int i = nameMatcher.end();
			int n = html.length();
			boolean selfClosing = false;
			while (i < n) {
				char c = html.charAt(i);
				if (Character.isWhitespace(c)) {
					i++;
				}
				else if (c == '>') {
					i++;
					break;
				}
				else if (c == '/' && i + 1 < n && html.charAt(i + 1) == '>') {
					selfClosing = true;
					i += 2;
					break;
				}
				else {
					int nameStart = i;
					while (i < n && !Character.isWhitespace(html.charAt(i)) && "=>".indexOf(html.charAt(i)) < 0
							&& !html.startsWith("/>", i)) {
						i++;
					}
					String attribute = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
					String value = "";
					int j = skipWhitespace(html, i);
					if (j < n && html.charAt(j) == '=') {
						j = skipWhitespace(html, j + 1);
						if (j < n && (html.charAt(j) == '"' || html.charAt(j) == '\'')) {
							int close = html.indexOf(html.charAt(j), j + 1);
							close = close < 0 ? n : close;
							value = html.substring(j + 1, close);
							i = Math.min(n, close + 1);
						}
						else {
							int valueStart = j;
							while (j < n && !Character.isWhitespace(html.charAt(j)) && html.charAt(j) != '>') {
								j++;
							}
							value = html.substring(valueStart, j);
							i = j;
						}
					}
					if (!attribute.isEmpty()) {
						attributes.put(attribute, value);
					}
					else {
						i++;
					}
				}
			}
			Element element = new Element(name, attributes);
			checkAttributes(html, start, element, findings);
			if (RAW_TEXT_ELEMENTS.contains(name) && !selfClosing) {
				int end = html.toLowerCase(Locale.ROOT).indexOf("</" + name, i);
				return end < 0 ? n : end;
			}
			if (!selfClosing && !VOID_ELEMENTS.contains(name)) {
				open.push(element);
			}
			return i;
		}

		private static void checkAttributes(String html, int at, Element element, List<String> findings) {
			if (element.has("replace")) {
				return;
			}
			List<String> checked = new ArrayList<>(TEXT_ATTRIBUTES);
			String type = element.attributes().getOrDefault("type", "").toLowerCase(Locale.ROOT);
			if ("input".equals(element.name()) && Set.of("submit", "button", "reset").contains(type)) {
				checked.add("value");
			}
			for (String attribute : checked) {
				String value = element.attributes().get(attribute);
				if (value != null && isVisible(value) && !element.setsAttribute(attribute)) {
					findings.add(line(html, at) + ": " + attribute + "=\"" + value.strip() + "\" on <" + element.name()
							+ "> has no th:" + attribute + " counterpart");
				}
			}
		}

		private static void checkText(String html, int at, String text, Element parent, List<String> findings) {
			if (parent != null && parent.rendersItsOwnBody()) {
				return;
			}
			String visible = INLINED.matcher(text).replaceAll(" ");
			if (isVisible(visible)) {
				int offset = at + firstVisible(text);
				findings.add(line(html, offset) + ": text \"" + visible.strip().replaceAll("\\s+", " ") + "\" in <"
						+ (parent == null ? "document" : parent.name()) + ">");
			}
		}

		private static boolean isVisible(String text) {
			String stripped = text.replace("&nbsp;", " ").replace("&#160;", " ").replace('\u00A0', ' ').strip();
			return !stripped.isEmpty() && !LANGUAGE_NEUTRAL.contains(stripped);
		}

		private static int firstVisible(String text) {
			int k = 0;
			while (k < text.length() && Character.isWhitespace(text.charAt(k))) {
				k++;
			}
			return k;
		}

		private static int skipWhitespace(String html, int i) {
			while (i < html.length() && Character.isWhitespace(html.charAt(i))) {
				i++;
			}
			return i;
		}

		private static int line(String html, int offset) {
			int line = 1;
			for (int k = 0; k < offset && k < html.length(); k++) {
				if (html.charAt(k) == '\n') {
					line++;
				}
			}
			return line;
		}
	}

	// ---- helpers -----------------------------------------------------------------------------------------

	private static Properties spanish() throws IOException {
		return load("messages.properties");
	}

	private static Properties english() throws IOException {
		return load("messages_en.properties");
	}

	/** Reads as UTF-8 (as {@code spring.messages.encoding} does), failing on malformed bytes. */
	private static Properties load(String name) throws IOException {
		Properties properties = new Properties();
		properties.load(new StringReader(Files.readString(RESOURCES.resolve(name))));
		return properties;
	}

	private static Set<String> keys(Properties properties) {
		return new TreeSet<>(properties.stringPropertyNames());
	}

	private static List<String> placeholders(String message) {
		return PLACEHOLDER.matcher(message).results().map(r -> r.group()).sorted().collect(Collectors.toList());
	}

	private static List<Path> templates() throws IOException {
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			return files.filter(p -> p.toString().endsWith(".html")).sorted().collect(Collectors.toList());
		}
	}

	private static String relative(Path template) {
		return TEMPLATES.relativize(template).toString().replace('\\', '/');
	}

	/** The codes of every {@code insert into services (...) values (...)} of the migrations. */
	private static Set<String> serviceCodes() throws IOException {
		Pattern insert = Pattern.compile("insert\\s+into\\s+services\\s*\\(([^)]*)\\)\\s*values(.*?);",
				Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
		Pattern row = Pattern.compile("\\(\\s*'([^']+)'");
		Set<String> codes = new TreeSet<>();
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			for (Path migration : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
				Matcher statement = insert.matcher(Files.readString(migration));
				while (statement.find()) {
					List<String> columns = Arrays.stream(statement.group(1).split(",")).map(String::strip).toList();
					assertThat(columns).as("%s: the code must be the first column", migration).first().isEqualTo("code");
					row.matcher(statement.group(2)).results().forEach(r -> codes.add(r.group(1)));
				}
			}
		}
		return codes;
	}
}
