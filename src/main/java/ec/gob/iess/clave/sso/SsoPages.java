package ec.gob.iess.clave.sso;

import java.util.List;

import ec.gob.iess.clave.web.PublicPages;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The page of a single sign-on request that cannot go back to any service (forwarded here, status 400). Public:
 * whoever arrives with a broken request, signed in or not, reads it.
 */
@Controller
class SsoPages implements PublicPages {

	@Override
	public List<String> paths() {
		return List.of(AuthorizationErrors.PAGE);
	}

	@RequestMapping(AuthorizationErrors.PAGE)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String invalidRequest() {
		return "sso/invalid-request";
	}
}
