package ec.gob.iess.clave.mail;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * SMTP when {@code spring.mail.host} is set; otherwise the development mailbox, where messages are kept
 * in the outbox and marked delivered there. Its page exists only in the embedded default (H2 too).
 */
final class MailMode {

	private MailMode() {
	}

	static boolean smtp(Environment environment) {
		return StringUtils.hasText(environment.getProperty("spring.mail.host"));
	}

	static boolean developmentMailboxPage(Environment environment) {
		return !smtp(environment) && environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:");
	}

	static final class DevelopmentMailboxPage implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return developmentMailboxPage(context.getEnvironment());
		}
	}
}
