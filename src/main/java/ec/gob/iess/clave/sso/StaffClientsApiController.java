package ec.gob.iess.clave.sso;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import ec.gob.iess.clave.audit.Channel;
import ec.gob.iess.clave.audit.Origin;
import ec.gob.iess.clave.refusal.Refusal;
import ec.gob.iess.clave.refusal.RefusalCode;
import ec.gob.iess.clave.session.ClavePrincipal;
import ec.gob.iess.clave.web.Problems;
import ec.gob.iess.clave.web.Refuses;
import ec.gob.iess.clave.web.RequestOrigins;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The services registered for single sign-on, for the administrator (API.md {@code staff/clients}). */
@RestController
@RequestMapping("/api/v1/staff/clients")
@Tag(name = "Staff")
class StaffClientsApiController {

	/** Only an administrator registers services (the same rule as {@code counter.StaffAccess.ADMINISTRATOR}). */
	static final String ADMINISTRATOR = "hasRole('ADMINISTRADOR')";

	record ClientRequest(@Schema(requiredMode = RequiredMode.REQUIRED, description = "Lower case letters, digits, . _ -")
	String clientId, @Schema(requiredMode = RequiredMode.REQUIRED) String name,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Exact addresses: https, or http on localhost.")
			List<String> redirectUris, List<String> postLogoutRedirectUris, String backchannelLogoutUri,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "openid and any of profile, email, cedula, roles.")
			List<String> scopes,
			@Schema(description = "AFILIADO, PENSIONISTA, BENEFICIARIO, EMPLEADOR; none: everyone.") List<String> roles,
			@Schema(requiredMode = RequiredMode.REQUIRED) Boolean confidential,
			@Schema(description = "Optional: the code of the services menu entry that launches this service.") String menuEntry,
			@Schema(description = "With menuEntry: the service's page the entry leads to, on the host of a redirect URI.")
			String startUri) {
	}

	record ClientCreated(@Schema(requiredMode = RequiredMode.REQUIRED) String clientId,
			@Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, description = "Shown once; null for a public client.")
			String clientSecret) {
	}

	private final ClientRegistrations registrations;
	private final Problems problems;

	StaffClientsApiController(ClientRegistrations registrations, Problems problems) {
		this.registrations = registrations;
		this.problems = problems;
	}

	/** A member of staff who is not an administrator: {@code 403 FORBIDDEN} problem+json, as every staff call. */
	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<?> forbidden() {
		return problems.entity(RefusalCode.FORBIDDEN);
	}

	@Operation(operationId = "createClient", summary = "Register a service for single sign-on (administrator)",
			description = "A confidential service gets a random secret, shown in this answer only and stored hashed. "
					+ "A client id already taken, or an address, scope or role outside the rules, is 400 INVALID_REQUEST.",
			responses = @ApiResponse(responseCode = "201", description = "Registered.", useReturnTypeSchema = true))
	@PreAuthorize(ADMINISTRATOR)
	@PostMapping
	ResponseEntity<ClientCreated> create(@AuthenticationPrincipal ClavePrincipal principal, @RequestBody ClientRequest request,
			HttpServletRequest http) {
		if (request.confidential() == null) {
			throw new Refusal(RefusalCode.INVALID_REQUEST);
		}
		String secret = registrations.create(new ClientRegistrations.Registration(request.clientId(), request.name(),
				request.redirectUris(), request.postLogoutRedirectUris(), request.backchannelLogoutUri(), request.scopes(),
				request.roles(), null), request.confidential(), request.menuEntry(), request.startUri(), origin(principal, http));
		return ResponseEntity.status(HttpStatus.CREATED).body(new ClientCreated(request.clientId(), secret));
	}

	@Operation(operationId = "listClients", summary = "The registered services (administrator), without secrets",
			responses = @ApiResponse(responseCode = "200", description = "The services.", useReturnTypeSchema = true))
	@PreAuthorize(ADMINISTRATOR)
	@GetMapping
	List<ClientRegistrations.Registered> list() {
		return registrations.list();
	}

	@Operation(operationId = "deleteClient", summary = "Remove a service and end what was issued to it (administrator)",
			responses = @ApiResponse(responseCode = "204", description = "Removed."))
	@Refuses(RefusalCode.NOT_FOUND)
	@PreAuthorize(ADMINISTRATOR)
	@DeleteMapping("/{clientId}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal ClavePrincipal principal,
			@Parameter(description = "The service's client id.") @PathVariable String clientId, HttpServletRequest http) {
		if (!registrations.remove(clientId, origin(principal, http))) {
			throw new Refusal(RefusalCode.NOT_FOUND);
		}
		return ResponseEntity.noContent().build();
	}

	private static Origin origin(ClavePrincipal principal, HttpServletRequest http) {
		return Origin.staff(principal.username(), principal.center(), Channel.COUNTER, RequestOrigins.ip(http));
	}
}
