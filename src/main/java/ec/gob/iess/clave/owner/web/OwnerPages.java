package ec.gob.iess.clave.owner.web;

import java.util.List;

import ec.gob.iess.clave.web.PublicPages;

import org.springframework.stereotype.Component;

/**
 * The pages of this module that emailed links open, usable without login: "No fui yo" (a thief may have
 * changed the clave) and the confirmation of a new email (opened on whatever device reads that mail); and
 * "Ingresar con llave de acceso", a way in.
 */
@Component
class OwnerPages implements PublicPages {

	@Override
	public List<String> paths() {
		return List.of("/no-fui-yo", "/no-fui-yo/confirmar", "/no-fui-yo/suspendida", ContactController.LINK,
				ContactController.CONFIRM, ContactController.CONFIRMED, PasskeyController.LOGIN_OPTIONS, PasskeyController.LOGIN);
	}
}
