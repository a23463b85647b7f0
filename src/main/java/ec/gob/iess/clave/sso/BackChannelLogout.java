package ec.gob.iess.clave.sso;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Component;

/**
 * Delivers OpenID Connect Back-Channel Logout 1.0 logout tokens queued by {@link SsoEnding}: claims due
 * deliveries (a conditional update, so one node takes each), signs a fresh logout token for each attempt
 * (ES256, {@code typ: logout+jwt}, 2 minutes, the service's pairwise {@code sub}, no {@code sid}), posts it
 * outside any transaction, and retries a failure with a growing pause for an hour; after that the service's
 * tokens have long been refused anyway, and the delivery is dropped with a warning.
 */
@Component
@ConditionalOnWebApplication
class BackChannelLogout {

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
	private static final Logger log = LoggerFactory.getLogger(BackChannelLogout.class);
	private static final Duration LEASE = Duration.ofMinutes(1);
	private static final Duration GIVE_UP = Duration.ofHours(1);
	private static final int BATCH = 20;

	private final JdbcClient jdbc;
	private final JwtEncoder encoder;
	private final String issuer;
	private final Clock clock;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	BackChannelLogout(JdbcClient jdbc, JwtEncoder encoder, AuthorizationServerSettings server, Clock clock) {
		this.jdbc = jdbc;
		this.encoder = encoder;
		this.issuer = server.getIssuer();
		this.clock = clock;
	}

	private record Delivery(long id, String clientId, String uri, String subject, int attempts, Instant due,
			Instant createdAt) {
	}

	@Scheduled(fixedDelayString = "PT2S", initialDelayString = "PT10S")
	void scheduled() {
		dispatch();
	}

	/** Delivers what is due; safe from any number of threads and nodes. Answers how many were delivered. */
	int dispatch() {
		int delivered = 0;
		for (Delivery delivery : due()) {
			if (claim(delivery) && deliver(delivery)) {
				delivered++;
			}
		}
		return delivered;
	}

	private List<Delivery> due() {
		return jdbc.sql("select id, client_id, uri, subject, attempts, next_attempt_at, created_at from sso_logout_deliveries "
				+ "where next_attempt_at <= ? order by id")
			.param(Timestamp.from(clock.instant()))
			.query((rs, row) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
					rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()))
			.list()
			.stream()
			.limit(BATCH)
			.toList();
	}

	private boolean claim(Delivery delivery) {
		return jdbc.sql("update sso_logout_deliveries set next_attempt_at = ?, attempts = attempts + 1 "
				+ "where id = ? and next_attempt_at = ?")
			.params(Timestamp.from(clock.instant().plus(LEASE)), delivery.id(), Timestamp.from(delivery.due()))
			.update() == 1;
	}

	private boolean deliver(Delivery delivery) {
		int status;
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.uri()))
				.timeout(Duration.ofSeconds(5))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("logout_token="
						+ URLEncoder.encode(logoutToken(delivery), StandardCharsets.UTF_8)))
				.build();
			status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception e) {
			status = -1;
		}
		if (status == 200 || status == 204) {
			jdbc.sql("delete from sso_logout_deliveries where id = ?").param(delivery.id()).update();
			return true;
		}
		retryOrDrop(delivery, status);
		return false;
	}

	private void retryOrDrop(Delivery delivery, int status) {
		Instant now = clock.instant();
		if (now.isAfter(delivery.createdAt().plus(GIVE_UP))) {
			jdbc.sql("delete from sso_logout_deliveries where id = ?").param(delivery.id()).update();
			log.warn("Back-channel logout to service {} dropped after {} attempts (last answer {})", delivery.clientId(),
					delivery.attempts() + 1, status);
			return;
		}
		Duration pause = Duration.ofSeconds(Math.min(600, 5L << Math.min(delivery.attempts(), 7)));
		jdbc.sql("update sso_logout_deliveries set next_attempt_at = ? where id = ?")
			.params(Timestamp.from(now.plus(pause)), delivery.id())
			.update();
		log.warn("Back-channel logout to service {} failed (answer {}), next attempt in {}", delivery.clientId(), status, pause);
	}

	private String logoutToken(Delivery delivery) {
		Instant now = clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.audience(List.of(delivery.clientId()))
			.subject(delivery.subject())
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(2)))
			.id(UUID.randomUUID().toString())
			.claim("events", Map.of(EVENT, Map.of()))
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256).type("logout+jwt").build();
		return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}
}
