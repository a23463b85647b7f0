/**
 * Email: one transactional outbox. A message is rendered (Spanish, text and HTML) and written in the
 * transaction of the change that causes it, then delivered with retries by whichever node claims it;
 * without a mail server it stays in the development mailbox ({@code /dev/correos}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Mail outbox")
package ec.gob.iess.clave.mail;
