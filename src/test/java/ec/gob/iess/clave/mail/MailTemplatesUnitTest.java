package ec.gob.iess.clave.mail;

import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of email in Spanish, text and HTML, saying what, when, where and how to report fraud, with
 * no clave and no full cédula: the check that stands for the message bundles' one (see MessageBundlesTest).
 */
class MailTemplatesUnitTest {

	static final String LINK = "https://clave.iess.gob.ec/recuperar/clave?token=abcDEF123_-xyz";

	final MailTemplates templates = new MailTemplates();

	static Map<String, Object> model() {
		return Map.of("names", "Rosa Elena Quishpe Tipán", "accountEnding", "065", "when", "24/11/2026 14:05 (hora de Ecuador)",
				"where", "CAU Quito Norte", "unlockPage", "https://clave.iess.gob.ec/desbloqueo", "link", LINK,
				"validMinutes", 15);
	}

	@ParameterizedTest
	@EnumSource(MailKind.class)
	void everyKindHasASpanishTextAndHtmlVersionThatTellsHowToReportFraud(MailKind kind) {
		MailTemplates.Rendered mail = templates.render(kind, model());

		assertThat(mail.subject()).isEqualTo(kind.subject()).isNotBlank();
		for (String body : new String[] { mail.text(), mail.html() }) {
			assertThat(body).contains("Rosa Elena Quishpe Tipán", "140", "Centro de Atención Universal",
					"El IESS nunca le pedirá su clave");
			assertThat(body).doesNotContain("${", "[(", "[#", " th:", "null");
		}
		assertThat(mail.text()).contains("Si usted no realizó esta acción").doesNotContain("<p>");
		assertThat(mail.html()).startsWith("<!DOCTYPE html>").contains("lang=\"es\"", "<strong>Si usted no realizó esta acción</strong>");
	}

	@ParameterizedTest
	@EnumSource(value = MailKind.class, names = { "RECOVERY_LINK", "UNLOCK_LINK", "CONTACT_CONFIRMATION_LINK" },
			mode = EnumSource.Mode.EXCLUDE)
	void everyNoticeSaysWhatWhenAndWhere(MailKind kind) {
		MailTemplates.Rendered mail = templates.render(kind, model());

		for (String body : new String[] { mail.text(), mail.html() }) {
			assertThat(body).contains("cédula terminada en", "065", "24/11/2026 14:05 (hora de Ecuador)", "CAU Quito Norte");
			assertThat(body).doesNotContain(LINK);
		}
	}

	@ParameterizedTest
	@EnumSource(value = MailKind.class, names = { "RECOVERY_LINK", "UNLOCK_LINK", "CONTACT_CONFIRMATION_LINK" })
	void linkEmailsCarryExactlyOneLinkAndItsValidityInMinutes(MailKind kind) {
		MailTemplates.Rendered mail = templates.render(kind, model());

		assertThat(Pattern.compile("https?://").matcher(mail.text()).results().count()).isEqualTo(1);
		assertThat(mail.text()).contains("\n" + LINK + "\n", "válido por 15 minutos");
		assertThat(Pattern.compile("https?://").matcher(mail.html()).results().count()).isEqualTo(1);
		assertThat(mail.html()).contains("href=\"" + LINK + "\"", "válido por <span>15 minutos</span>");
		assertThat(kind.carriesLink()).isTrue();
	}

	/** API.md "Emails": every notice carries one "No fui yo" link, and says for how long it works. */
	@ParameterizedTest
	@EnumSource(value = MailKind.class, names = { "RECOVERY_LINK", "UNLOCK_LINK", "CONTACT_CONFIRMATION_LINK" },
			mode = EnumSource.Mode.EXCLUDE)
	void aNoticeCarriesItsNoFuiYoLinkOnce(MailKind kind) {
		Map<String, Object> model = new java.util.HashMap<>(model());
		model.put("fraudLink", FRAUD_LINK);
		model.put("fraudLinkDays", 30);

		MailTemplates.Rendered mail = templates.render(kind, model);

		assertThat(Pattern.compile(Pattern.quote(FRAUD_LINK)).matcher(mail.text()).results().count()).isEqualTo(1);
		assertThat(mail.text()).contains("«No fui yo»", "durante 30 días");
		assertThat(Pattern.compile("href=\"" + Pattern.quote(FRAUD_LINK) + "\"").matcher(mail.html()).results().count())
			.isEqualTo(1);
		assertThat(mail.html()).contains("No fui yo: suspender mi cuenta");
	}

	static final String FRAUD_LINK = "https://clave.iess.gob.ec/no-fui-yo?token=fraudTOKEN123_-xyz";

	@Test
	void oneMinuteIsSingular() {
		Map<String, Object> model = new java.util.HashMap<>(model());
		model.put("validMinutes", 1);

		MailTemplates.Rendered mail = templates.render(MailKind.UNLOCK_LINK, model);

		assertThat(mail.text()).contains("válido por 1 minuto y");
		assertThat(mail.html()).contains("<span>1 minuto</span>");
	}

	@Test
	void theHtmlVersionEscapesWhatItIsGiven() {
		Map<String, Object> model = new java.util.HashMap<>(model());
		model.put("names", "<script>alert(1)</script>");

		MailTemplates.Rendered mail = templates.render(MailKind.PASSWORD_CHANGED, model);

		assertThat(mail.html()).doesNotContain("<script>").contains("&lt;script&gt;");
	}

	@Test
	void aContactChangeNamesTheCentreWhatChangedAndTheNewAddressMasked() {
		Map<String, Object> model = new java.util.HashMap<>(model());
		model.put("changedWhat", "su correo electrónico");
		model.put("maskedEmail", "r***a@n***.ec");
		model.put("toPrevious", true);

		MailTemplates.Rendered toPrevious = templates.render(MailKind.CONTACT_CHANGED, model);
		model.put("toPrevious", false);
		MailTemplates.Rendered toNew = templates.render(MailKind.CONTACT_CHANGED, model);

		for (String body : new String[] { toPrevious.text(), toPrevious.html(), toNew.text(), toNew.html() }) {
			assertThat(body).contains("CAU Quito Norte", "su correo electrónico", "r***a@n***.ec");
		}
		assertThat(toPrevious.text()).contains("era la registrada hasta ahora").doesNotContain("se registró ahora");
		assertThat(toNew.html()).contains("se registró ahora").doesNotContain("era la registrada");
	}

	@Test
	void aNoticeToAnAddressThatStaysSaysNeitherItWasNorItIsTheNewOne() {
		Map<String, Object> model = new java.util.HashMap<>(model());
		model.put("changedWhat", "su número de celular");
		model.put("maskedEmail", "r***a@n***.ec");

		MailTemplates.Rendered mail = templates.render(MailKind.CONTACT_CHANGED, model);

		for (String body : new String[] { mail.text(), mail.html() }) {
			assertThat(body).contains("su número de celular").doesNotContain("era la registrada", "se registró ahora");
		}
	}

	@ParameterizedTest
	@EnumSource(value = MailKind.class, names = { "EMPLOYER_REGISTERED", "EMPLOYER_UPDATED", "ACCOUNT_UNLOCKED" })
	void anEmployersNoticeNamesTheAccountByItsRuc(MailKind kind) {
		Map<String, Object> model = new java.util.HashMap<>(model());
		model.put("names", "Comercial Andina del Pichincha S.A.");
		model.put("accountEnding", "674001");
		model.put("employer", true);
		model.put("changedWhat", "la razón social y el correo electrónico registrado");
		model.put("maskedEmail", "t***o@a***.ec");

		MailTemplates.Rendered mail = templates.render(kind, model);

		for (String body : new String[] { mail.text(), mail.html() }) {
			assertThat(body).contains("Comercial Andina del Pichincha S.A.", "RUC terminado en 674001", "CAU Quito Norte")
				.doesNotContain("cédula terminada");
		}
		if (kind != MailKind.ACCOUNT_UNLOCKED) {
			assertThat(mail.text()).contains("t***o@a***.ec", "empleador");
		}
	}

	@Test
	void theLockoutNoticeSaysHowToUnlock() {
		MailTemplates.Rendered mail = templates.render(MailKind.ACCOUNT_LOCKED, model());

		assertThat(mail.text()).contains("bloqueada", "Desbloqueo de clave", "https://clave.iess.gob.ec/desbloqueo");
		assertThat(mail.html()).contains("bloqueada", "Desbloqueo de clave", "href=\"https://clave.iess.gob.ec/desbloqueo\"");
	}
}
