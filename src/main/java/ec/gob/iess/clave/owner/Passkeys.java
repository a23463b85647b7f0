package ec.gob.iess.clave.owner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.credential.LoginOutcome;
import ec.gob.iess.clave.credential.LoginService;
import ec.gob.iess.clave.ratelimit.LimitKind;
import ec.gob.iess.clave.ratelimit.RateLimiter;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorAttestationResponse;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Passkeys (PRODUCT.md §4.7b, SECURITY.md 31) through Spring Security's WebAuthn relying party: registered by
 * a signed-in owner who typed the clave within the last {@link #CLAVE_WINDOW}, listed with name and last use,
 * removed at once; a login with one is judged by the account's state ({@link LoginService#passkeyLogin}).
 * Every registration and removal is audited and announced to the owner with "No fui yo"; a signature
 * counter that does not move forward is refused and audited.
 */
@Service
public class Passkeys {

	/** How recently the clave must have been typed for a passkey to be registered. */
	public static final Duration CLAVE_WINDOW = Duration.ofMinutes(5);

	/** The longest name a person may give a passkey. */
	public static final int NAME_MAX = 60;

	/** RFC 8176: a key kept in hardware (a device-bound passkey) or in software (a synced one), with the user verified. */
	static final List<String> HARDWARE_KEY = List.of("hwk", "user");
	static final List<String> SOFTWARE_KEY = List.of("swk", "user");

	private static final Logger log = LoggerFactory.getLogger(Passkeys.class);

	/**
	 * @param id the credential id, base64url: no secret (the browser is told it), the handle for removal
	 * @param lastUsedAt the last login with it; {@code null} when never used
	 */
	public record Passkey(String id, String name, Instant createdAt, Instant lastUsedAt) {
	}

	/** A login's end: the outcome as Ingresar's, and how the person proved it (OpenID's {@code amr}). */
	public record SignIn(LoginOutcome outcome, List<String> methods) {
	}

	/** A registration refused: the clave not typed recently, a bad name, or a credential that did not verify. */
	public static final class Refused extends Refusal {

		private final String reason;

		Refused(RefusalCode code, String reason) {
			super(code);
			this.reason = reason;
		}

		/** {@code clave}, {@code name} or {@code credential}: which message the page shows. */
		public String reason() {
			return reason;
		}
	}

	private final WebAuthnRelyingPartyOperations relyingParty;
	private final PublicKeyCredentialUserEntityRepository users;
	private final UserCredentialRepository credentials;
	private final LoginService login;
	private final AuditLog audit;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transactions;
	private final Clock clock;
	private final RateLimiter limiter;

	Passkeys(WebAuthnRelyingPartyOperations relyingParty, PublicKeyCredentialUserEntityRepository users,
			UserCredentialRepository credentials, LoginService login, AuditLog audit, ApplicationEventPublisher events,
			TransactionTemplate transactions, Clock clock, RateLimiter limiter) {
		this.limiter = limiter;
		this.relyingParty = relyingParty;
		this.users = users;
		this.credentials = credentials;
		this.login = login;
		this.audit = audit;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** The account's passkeys, newest first. */
	public List<Passkey> of(String username) {
		PublicKeyCredentialUserEntity user = users.findByUsername(username);
		if (user == null) {
			return List.of();
		}
		return credentials.findByUserId(user.getId())
			.stream()
			.map(Passkeys::passkey)
			.sorted(Comparator.comparing(Passkey::createdAt).reversed())
			.toList();
	}

	/** Whether the clave typed at {@code claveTypedAt} (null: never in this session) allows a registration now. */
	public boolean claveRecent(Instant claveTypedAt) {
		return claveTypedAt != null && !clock.instant().isAfter(claveTypedAt.plus(CLAVE_WINDOW));
	}

	/**
	 * What the browser needs to make a passkey for this account (its existing ones excluded).
	 *
	 * @throws Refused {@code clave} when the clave was not typed within {@link #CLAVE_WINDOW}
	 */
	public PublicKeyCredentialCreationOptions creationOptions(String username, Instant claveTypedAt) {
		requireRecentClave(claveTypedAt);
		return relyingParty.createPublicKeyCredentialCreationOptions(new ImmutablePublicKeyCredentialCreationOptionsRequest(
				UsernamePasswordAuthenticationToken.authenticated(username, null, List.of())));
	}

	/**
	 * Stores the passkey the browser made for {@code options}, under {@code name}; audited and announced.
	 *
	 * @throws Refused {@code clave} (FORBIDDEN) when the clave is not recent any more, {@code name}
	 *         (INVALID_REQUEST) for an empty or too long name, {@code credential} (INVALID_REQUEST) when the
	 *         browser's answer does not verify (another site, no user verification, another challenge)
	 */
	public Passkey register(String username, Instant claveTypedAt, PublicKeyCredentialCreationOptions options,
			PublicKeyCredential<AuthenticatorAttestationResponse> credential, String name, Origin origin) {
		requireRecentClave(claveTypedAt);
		String label = name == null ? "" : name.strip();
		if (label.isEmpty() || label.codePointCount(0, label.length()) > NAME_MAX
				|| label.codePoints().anyMatch(Character::isISOControl)) {
			throw new Refused(RefusalCode.INVALID_REQUEST, "name");
		}
		if (options == null || credential == null || !username.equals(options.getUser().getName())) {
			throw new Refused(RefusalCode.INVALID_REQUEST, "credential");
		}
		Origin self = origin.as(username);
		return transactions.execute(status -> {
			CredentialRecord record;
			try {
				record = relyingParty.registerCredential(
						new ImmutableRelyingPartyRegistrationRequest(options, new RelyingPartyPublicKey(credential, label)));
			}
			catch (RuntimeException e) {
				log.info("passkey registration refused: {}", e.toString());
				throw new Refused(RefusalCode.INVALID_REQUEST, "credential");
			}
			audit.record(AuditType.PASSKEY_REGISTERED, username, Outcome.SUCCESS, self, null);
			events.publishEvent(new OwnerEvents.PasskeyRegistered(username, label, clock.instant(), self));
			return passkey(record);
		});
	}

	/** Removes one of the owner's passkeys, which stops working at once; {@code false} when the owner has none of this id. */
	public boolean remove(String username, String id, Origin origin) {
		Bytes credentialId;
		try {
			credentialId = Bytes.fromBase64(id);
		}
		catch (RuntimeException e) {
			return false;
		}
		PublicKeyCredentialUserEntity user = users.findByUsername(username);
		Origin self = origin.as(username);
		return Boolean.TRUE.equals(transactions.execute(status -> {
			CredentialRecord record = credentials.findByCredentialId(credentialId);
			if (user == null || record == null || !record.getUserEntityUserId().equals(user.getId())) {
				return false;
			}
			credentials.delete(credentialId);
			audit.record(AuditType.PASSKEY_REMOVED, username, Outcome.SUCCESS, self, null);
			events.publishEvent(new OwnerEvents.PasskeyRemoved(username, record.getLabel(), clock.instant(), self));
			return true;
		}));
	}

	/**
	 * "No fui yo": every passkey of the account goes with the report (a thief who knew the clave may have
	 * registered one, and a reactivation at a CAU must not bring it back). Audited one by one; the owner's
	 * notice is the report's own. In the caller's transaction.
	 */
	void removeAll(String username, Origin origin) {
		PublicKeyCredentialUserEntity user = users.findByUsername(username);
		if (user == null) {
			return;
		}
		for (CredentialRecord record : credentials.findByUserId(user.getId())) {
			credentials.delete(record.getCredentialId());
			audit.record(AuditType.PASSKEY_REMOVED, username, Outcome.SUCCESS, origin, "No fui yo");
		}
	}

	/**
	 * A challenge for "Ingresar con llave de acceso": any passkey of this site, the user verified. Counted as a
	 * login from the source (each challenge waits in a session of its own).
	 *
	 * @throws Refusal RATE_LIMITED past the source's login limit
	 */
	public PublicKeyCredentialRequestOptions requestOptions(Origin origin) {
		limiter.hit(LimitKind.LOGIN_SOURCE, origin.ip(), null, origin);
		return relyingParty.createCredentialRequestOptions(new ImmutablePublicKeyCredentialRequestOptionsRequest(null));
	}

	/**
	 * A login with a passkey: the signature verified against a passkey still registered, its counter moving
	 * forward, then the account's state as {@link LoginService#passkeyLogin} judges it. Every refusal is
	 * audited as a failed login; a counter that went backwards (a cloned authenticator) says so.
	 */
	public SignIn signIn(PublicKeyCredentialRequestOptions options,
			PublicKeyCredential<AuthenticatorAssertionResponse> credential, Origin origin) {
		if (options == null || credential == null) {
			audit.record(AuditType.LOGIN_FAILED, null, Outcome.FAILURE, origin,
					LoginService.PASSKEY + ": " + (options == null ? "no challenge" : "unreadable answer"));
			return new SignIn(new LoginOutcome.Rejected(), List.of());
		}
		CredentialRecord before = credentials.findByCredentialId(credential.getRawId());
		PublicKeyCredentialUserEntity user = before == null ? null : users.findById(before.getUserEntityUserId());
		if (user == null) {
			audit.record(AuditType.LOGIN_FAILED, null, Outcome.FAILURE, origin,
					LoginService.PASSKEY + ": unknown or removed");
			return new SignIn(new LoginOutcome.Rejected(), List.of());
		}
		String username = user.getName();
		String refused;
		try {
			refused = transactions.execute(status -> verify(options, credential, before));
		}
		catch (CounterWentBack e) {
			refused = e.getMessage();
		}
		catch (RuntimeException e) {
			log.info("passkey login refused: {}", e.toString());
			refused = "not verified";
		}
		if (refused != null) {
			audit.record(AuditType.LOGIN_FAILED, username, Outcome.FAILURE, origin.as(username),
					LoginService.PASSKEY + ": " + refused);
			return new SignIn(new LoginOutcome.Rejected(), List.of());
		}
		LoginOutcome outcome = login.passkeyLogin(username, origin);
		if (!(outcome instanceof LoginOutcome.Success)) {
			// Refused by the account's state: the passkey was not used to get in.
			CredentialRecord after = credentials.findByCredentialId(before.getCredentialId());
			if (after != null) {
				credentials.save(ImmutableCredentialRecord.fromCredentialRecord(after).lastUsed(before.getLastUsed()).build());
			}
		}
		return new SignIn(outcome, before.isBackupEligible() ? SOFTWARE_KEY : HARDWARE_KEY);
	}

	/**
	 * Verifies the assertion (Spring stores the new counter and the last use) and answers null, or why it is
	 * refused; a counter that did not move forward rolls the transaction back, so nothing of it is stored.
	 */
	private String verify(PublicKeyCredentialRequestOptions options,
			PublicKeyCredential<AuthenticatorAssertionResponse> credential, CredentialRecord before) {
		try {
			relyingParty.authenticate(new RelyingPartyAuthenticationRequest(options, credential));
		}
		catch (MaliciousCounterValueException e) {
			return "signature counter went backwards (stored " + before.getSignatureCount() + ")";
		}
		long presented = signCount(credential.getResponse().getAuthenticatorData());
		long stored = before.getSignatureCount();
		// Authenticators that keep no counter (synced passkeys) send 0 every time (WebAuthn §6.1.1).
		if ((presented != 0 || stored != 0) && presented <= stored) {
			throw new CounterWentBack(stored, presented);
		}
		return null;
	}

	/** The authenticator data's signature counter: bytes 33 to 36, big-endian (WebAuthn §6.1). */
	static long signCount(Bytes authenticatorData) {
		byte[] data = authenticatorData.getBytes();
		if (data.length < 37) {
			throw new IllegalArgumentException("authenticator data too short");
		}
		return ((data[33] & 0xFFL) << 24) | ((data[34] & 0xFFL) << 16) | ((data[35] & 0xFFL) << 8) | (data[36] & 0xFFL);
	}

	private void requireRecentClave(Instant claveTypedAt) {
		if (!claveRecent(claveTypedAt)) {
			throw new Refused(RefusalCode.FORBIDDEN, "clave");
		}
	}

	/** Spring stores the registration as the first use: until a login moves it, the owner reads "not used yet". */
	private static Passkey passkey(CredentialRecord record) {
		Instant lastUsed = record.getLastUsed() != null && record.getLastUsed().isAfter(record.getCreated())
				? record.getLastUsed() : null;
		return new Passkey(record.getCredentialId().toBase64UrlString(), record.getLabel(), record.getCreated(), lastUsed);
	}

	/** Thrown inside the verifying transaction so that the stored counter and last use roll back. */
	private static final class CounterWentBack extends RuntimeException {

		CounterWentBack(long stored, long presented) {
			super("signature counter went backwards (stored " + stored + ", presented " + presented + ")", null, false,
					false);
		}
	}
}
