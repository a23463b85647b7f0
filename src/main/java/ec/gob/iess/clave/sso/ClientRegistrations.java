package ec.gob.iess.clave.sso;

import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import ec.gob.iess.clave.audit.AuditLog;
import ec.gob.iess.clave.audit.AuditType;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.audit.Outcome;
import ec.gob.iess.clave.portal.ServiceCatalog;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.Secrets;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The services registered as OpenID Connect clients, with the rules of every one of them: authorization code
 * with PKCE {@code S256} only (public and confidential alike), exact redirect addresses, no consent page (the
 * services are the institution's own, decision 95), the scopes it may ask for, the roles of the people it
 * serves, and the lifetimes of API.md. A confidential client's secret is stored hashed ({@link ClientSecrets}), never in
 * clear.
 */
@Service
public class ClientRegistrations {

	static final String ROLES = "clave.roles";
	static final String BACKCHANNEL_LOGOUT_URI = "clave.backchannel-logout-uri";
	static final Set<String> SCOPES = Set.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL, SsoClaims.CEDULA,
			SsoClaims.ROLES);
	static final Set<String> ROLE_NAMES = Set.of("AFILIADO", "PENSIONISTA", "BENEFICIARIO", "EMPLEADOR");
	/** The scopes a service may be registered for, in the order a page offers them. */
	public static final List<String> SCOPE_NAMES = List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL,
			SsoClaims.ROLES, SsoClaims.CEDULA);
	private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

	private final RegisteredClientRepository clients;
	private final SsoSettings settings;
	private final PasswordEncoder secrets;
	private final JdbcClient jdbc;
	private final AuditLog audit;
	private final Clock clock;
	private final ServiceCatalog catalog;

	ClientRegistrations(RegisteredClientRepository clients, SsoSettings settings, JdbcClient jdbc, AuditLog audit,
			Clock clock, ServiceCatalog catalog, ClientSecrets secrets) {
		this.secrets = secrets.encoder();
		this.catalog = catalog;
		this.clients = clients;
		this.settings = settings;
		this.jdbc = jdbc;
		this.audit = audit;
		this.clock = clock;
	}

	/** A registered service as the administrator sees it: everything but the secret. */
	public record Registered(String clientId, String name, List<String> redirectUris, List<String> postLogoutRedirectUris,
			String backchannelLogoutUri, List<String> scopes, List<String> roles, boolean confidential) {
	}

	/**
	 * The administrator registers a new service; a confidential one gets a random secret, answered here once
	 * and stored only hashed. Answers the secret, or {@code null} for a public client.
	 *
	 * @param registration its {@code secret} is ignored
	 * @throws Refusal INVALID_REQUEST when the client id is taken or a rule is broken
	 */
	@Transactional
	public String create(Registration registration, boolean confidential, Origin origin) {
		return create(registration, confidential, null, null, origin);
	}

	/**
	 * Registers the service as {@link #create(Registration, boolean, Origin)} does and, when {@code menuEntry} is
	 * given, makes that entry of the services menu launch it ({@link #launchFromMenu}), all or nothing.
	 */
	@Transactional
	public String create(Registration registration, boolean confidential, String menuEntry, String startUri, Origin origin) {
		if (registration.clientId() != null && clients.findByClientId(registration.clientId()) != null) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, ID_TAKEN);
		}
		String secret = confidential ? Secrets.newToken() : null;
		register(new Registration(registration.clientId(), registration.name(), registration.redirectUris(),
				registration.postLogoutRedirectUris(), registration.backchannelLogoutUri(), registration.scopes(),
				registration.roles(), secret));
		audit.record(AuditType.SSO_CLIENT_REGISTERED, null, Outcome.SUCCESS, origin, registration.clientId() + " "
				+ (confidential ? "confidential" : "public") + " scopes " + registration.scopes() + " roles "
				+ registration.roles() + " redirect " + registration.redirectUris());
		if (menuEntry != null) {
			launchFromMenu(registration.clientId(), menuEntry, startUri, origin);
		}
		return secret;
	}

	public List<Registered> list() {
		return jdbc.sql("select client_id from oauth2_registered_client order by client_id")
			.query(String.class)
			.list()
			.stream()
			.map(clients::findByClientId)
			.map(ClientRegistrations::registered)
			.toList();
	}

	/** Removes the service and everything issued to it; {@code false} when there is no such service. */
	@Transactional
	public boolean remove(String clientId, Origin origin) {
		RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
		if (client == null) {
			return false;
		}
		jdbc.sql("delete from oauth2_authorization where registered_client_id = ?").param(client.getId()).update();
		jdbc.sql("delete from oauth2_authorization_consent where registered_client_id = ?").param(client.getId()).update();
		jdbc.sql("delete from oauth2_registered_client where id = ?").param(client.getId()).update();
		audit.record(AuditType.SSO_CLIENT_REMOVED, null, Outcome.SUCCESS, origin, clientId);
		catalog.clientRemoved(clientId, origin);
		return true;
	}

	/**
	 * The services menu's entry {@code code} launches this service from now on: it leads to {@code startUri},
	 * the service's own page that signs the person in through Clave (decision 117), and is seen by the roles
	 * the service serves.
	 *
	 * @param startUri on the host and port of one of the service's redirect addresses
	 * @throws Refusal NOT_FOUND for an unknown service; INVALID_REQUEST for an unknown entry or another host's address
	 */
	@Transactional
	public void launchFromMenu(String clientId, String code, String startUri, Origin origin) {
		RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
		if (client == null) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		if (code == null || catalog.all().stream().noneMatch(entry -> entry.code().equals(code))) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, MENU_ENTRY_INVALID);
		}
		if (startUri == null || client.getRedirectUris().stream().noneMatch(redirect -> sameOrigin(redirect, startUri))) {
			throw Refusal.withDetail(RefusalCode.INVALID_REQUEST, ServiceCatalog.URL_INVALID);
		}
		catalog.launchThrough(code, clientId, startUri, java.util.Set.copyOf(registered(client).roles()), origin);
	}

	private static boolean sameOrigin(String one, String other) {
		try {
			java.net.URI a = new java.net.URI(one);
			java.net.URI b = new java.net.URI(other);
			return a.getScheme() != null && a.getScheme().equals(b.getScheme()) && a.getHost() != null
					&& a.getHost().equals(b.getHost()) && a.getPort() == b.getPort();
		}
		catch (java.net.URISyntaxException e) {
			return false;
		}
	}

	private static Registered registered(RegisteredClient client) {
		String roles = client.getClientSettings().getSetting(ROLES);
		return new Registered(client.getClientId(), client.getClientName(), List.copyOf(client.getRedirectUris()),
				List.copyOf(client.getPostLogoutRedirectUris()), client.getClientSettings().getSetting(BACKCHANNEL_LOGOUT_URI),
				List.copyOf(client.getScopes()), roles == null || roles.isBlank() ? List.of() : List.of(roles.split(",")),
				client.getClientSecret() != null);
	}

	/**
	 * A service to register (or to register again, replacing what it had).
	 *
	 * @param secret the client secret in clear, to be hashed; {@code null} for a public client
	 */
	public record Registration(String clientId, String name, List<String> redirectUris, List<String> postLogoutRedirectUris,
			String backchannelLogoutUri, List<String> scopes, List<String> roles, String secret) {

		public Registration {
			redirectUris = listed(redirectUris);
			postLogoutRedirectUris = listed(postLogoutRedirectUris);
			scopes = listed(scopes);
			roles = listed(roles);
		}

		/** A missing list is an empty one; a missing element is kept, for {@code check} to refuse. */
		private static List<String> listed(List<String> values) {
			return values == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
		}
	}

	/** Registers the service, or replaces its registration. @throws Refusal INVALID_REQUEST when it breaks a rule */
	@Transactional
	public void register(Registration registration) {
		check(registration);
		RegisteredClient existing = clients.findByClientId(registration.clientId());
		boolean confidential = registration.secret() != null;
		RegisteredClient.Builder client = RegisteredClient
			.withId(existing != null ? existing.getId() : UUID.randomUUID().toString())
			.clientId(registration.clientId())
			.clientIdIssuedAt(existing != null ? existing.getClientIdIssuedAt() : clock.instant())
			.clientName(registration.name())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUris(uris -> uris.addAll(registration.redirectUris()))
			.postLogoutRedirectUris(uris -> uris.addAll(registration.postLogoutRedirectUris()))
			.scopes(scopes -> scopes.addAll(registration.scopes()))
			.clientSettings(clientSettings(registration))
			.tokenSettings(TokenSettings.builder()
				.authorizationCodeTimeToLive(settings.codeTtl())
				.accessTokenTimeToLive(settings.accessTokenTtl())
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.idTokenSignatureAlgorithm(SignatureAlgorithm.ES256)
				.reuseRefreshTokens(false)
				.build());
		if (confidential) {
			client.clientSecret(secrets.encode(registration.secret()))
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		else {
			client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		clients.save(client.build());
		catalog.clientRolesChanged(registration.clientId(), java.util.Set.copyOf(registration.roles()));
	}

	private static ClientSettings clientSettings(Registration registration) {
		ClientSettings.Builder settings = ClientSettings.builder()
			.requireProofKey(true)
			.requireAuthorizationConsent(false)
			.setting(ROLES, String.join(",", registration.roles()));
		if (registration.backchannelLogoutUri() != null) {
			settings.setting(BACKCHANNEL_LOGOUT_URI, registration.backchannelLogoutUri());
		}
		return settings.build();
	}

	/** Whether the service serves a person with these roles: any one in common (a service without roles serves everyone). */
	static boolean serves(RegisteredClient client, Collection<String> roles) {
		String served = client.getClientSettings().getSetting(ROLES);
		if (served == null || served.isBlank()) {
			return true;
		}
		return Arrays.stream(served.split(",")).anyMatch(roles::contains);
	}

	/** Why a registration is refused: the {@code detail} of 400 INVALID_REQUEST, the field the page names. */
	public static final String ID_INVALID = "centro.clients.clientId.invalid";
	public static final String ID_TAKEN = "centro.clients.clientId.taken";
	public static final String NAME_INVALID = "centro.clients.name.invalid";
	public static final String REDIRECT_INVALID = "centro.clients.redirectUris.invalid";
	public static final String POST_LOGOUT_INVALID = "centro.clients.postLogoutRedirectUris.invalid";
	public static final String BACKCHANNEL_INVALID = "centro.clients.backchannelLogoutUri.invalid";
	public static final String SCOPES_INVALID = "centro.clients.scopes.invalid";
	public static final String ROLES_INVALID = "centro.clients.roles.invalid";
	public static final String MENU_ENTRY_INVALID = "centro.clients.menuEntry.invalid";

	private static void check(Registration registration) {
		refuseUnless(registration.clientId() != null && CLIENT_ID.matcher(registration.clientId()).matches(), ID_INVALID);
		refuseUnless(registration.name() != null && !registration.name().isBlank() && registration.name().length() <= 200,
				NAME_INVALID);
		refuseUnless(!registration.redirectUris().isEmpty()
				&& registration.redirectUris().stream().allMatch(ClientRegistrations::isRedirectUri), REDIRECT_INVALID);
		refuseUnless(registration.postLogoutRedirectUris().stream().allMatch(ClientRegistrations::isRedirectUri),
				POST_LOGOUT_INVALID);
		refuseUnless(registration.backchannelLogoutUri() == null || isRedirectUri(registration.backchannelLogoutUri()),
				BACKCHANNEL_INVALID);
		refuseUnless(registration.scopes().contains(OidcScopes.OPENID)
				&& registration.scopes().stream().allMatch(scope -> scope != null && SCOPES.contains(scope)), SCOPES_INVALID);
		refuseUnless(registration.roles().stream().allMatch(role -> role != null && ROLE_NAMES.contains(role)), ROLES_INVALID);
		// Configuration's secrets only (the administrator's are generated): no field on any page.
		refuseUnless(registration.secret() == null || registration.secret().length() >= 32, null);
	}

	private static void refuseUnless(boolean valid, String reason) {
		if (!valid) {
			throw reason == null ? new Refusal(RefusalCode.INVALID_REQUEST) : Refusal.withDetail(RefusalCode.INVALID_REQUEST, reason);
		}
	}

	/** An absolute https address, or http on this machine (a service under development); no fragment. */
	private static boolean isRedirectUri(String value) {
		if (value == null) {
			return false;
		}
		try {
			java.net.URI uri = new java.net.URI(value);
			boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
			return uri.getHost() != null && uri.getFragment() == null
					&& ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && local);
		}
		catch (java.net.URISyntaxException e) {
			return false;
		}
	}

	/**
	 * The services of configuration ({@code clave.sso.clients.<id>.*}), registered again at every start. Nodes
	 * starting together may race to insert one: the loser registers again, which then replaces.
	 */
	void registerConfigured() {
		settings.clients().forEach((id, client) -> {
			Registration registration = new Registration(id, client.name() == null ? id : client.name(),
					client.redirectUris(), client.postLogoutRedirectUris(), client.backchannelLogoutUri(), client.scopes(),
					client.roles(), client.secret());
			try {
				register(registration);
			}
			catch (DuplicateKeyException anotherNodeWasFirst) {
				register(registration);
			}
		});
	}
}
