package ec.gob.iess.clave.mail;

import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders {@code templates/mail/<kind>.txt} (Thymeleaf TEXT mode) and {@code .html} (HTML mode, escaped).
 * Its own engines, not beans: the web's engine stays Spring Boot's, and mail never reads the request.
 */
@Component
class MailTemplates {

	record Rendered(String subject, String text, String html) {
	}

	/** Emails are Spanish (PRODUCT.md §4.9), whatever the language of the request that caused them. */
	private static final Locale SPANISH = Locale.forLanguageTag("es-EC");

	private final TemplateEngine text = engine(TemplateMode.TEXT, ".txt");
	private final TemplateEngine html = engine(TemplateMode.HTML, ".html");

	Rendered render(MailKind kind, Map<String, Object> model) {
		Context context = new Context(SPANISH, model);
		context.setVariable("subject", kind.subject());
		return new Rendered(kind.subject(), text.process(kind.template(), context).strip() + "\n",
				html.process(kind.template(), context));
	}

	private static TemplateEngine engine(TemplateMode mode, String suffix) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(MailTemplates.class.getClassLoader());
		resolver.setPrefix("templates/mail/");
		resolver.setSuffix(suffix);
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCacheable(true);
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		return engine;
	}
}
