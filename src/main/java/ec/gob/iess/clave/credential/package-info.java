/**
 * The clave itself: accounts and their credential states, the clave policy and Argon2id hashing,
 * login with lockout, Cambio de clave with the acuerdo de uso, and temporary claves from the counter.
 * <p>
 * Its public face, and all that other modules may use (checked by {@code ModularityTests}):
 * {@link ec.gob.iess.clave.credential.CredentialAdministration} (the counter's actions, and
 * {@code find}, which answers a read-only {@link ec.gob.iess.clave.credential.CredentialView}),
 * {@link ec.gob.iess.clave.credential.Username}, {@link ec.gob.iess.clave.credential.AccountKind},
 * {@link ec.gob.iess.clave.credential.CredentialStatus}, {@link ec.gob.iess.clave.credential.CredentialEvents},
 * {@link ec.gob.iess.clave.credential.LoginService} with {@link ec.gob.iess.clave.credential.LoginOutcome},
 * {@link ec.gob.iess.clave.credential.PasswordChangeService}, {@link ec.gob.iess.clave.credential.PasswordResetService},
 * {@link ec.gob.iess.clave.credential.AgreementService} with {@link ec.gob.iess.clave.credential.Agreement}, and
 * {@link ec.gob.iess.clave.credential.StaffPasswords} (staff passwords under the same policy and hashing gate), and
 * {@link ec.gob.iess.clave.credential.NumberFields} (a page's cédula or RUC and captcha refusals on their
 * fields, one rule for every page that asks for the number).
 * {@code PasswordHasher}, {@code HashingSettings} and {@code WeakReason} are public only for the test tree
 * (the login benchmark client, the message bundles test); no production class outside this module uses them.
 * Everything else ({@code Account}, {@code Accounts}, hashing, policies, settings) is package-private.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Credential")
package ec.gob.iess.clave.credential;
