package ec.gob.iess.clave.counter;

import io.nayuki.qrcodegen.QrCode;

/**
 * The QR code of a TOTP secret's address as inline SVG: one path of dark squares on a white field with the
 * quiet zone the standard asks for. Inline, so the page loads nothing else and the CSP needs no change;
 * built only from the code's grid of modules, so nothing typed by anyone reaches the markup.
 */
final class TotpQrCode {

	private static final int QUIET_ZONE = 4;

	private TotpQrCode() {
	}

	static String svg(String text, String label) {
		QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
		int size = qr.size + 2 * QUIET_ZONE;
		StringBuilder path = new StringBuilder();
		for (int y = 0; y < qr.size; y++) {
			for (int x = 0; x < qr.size; x++) {
				if (qr.getModule(x, y)) {
					path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
				}
			}
		}
		return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" viewBox=\"0 0 " + size + " " + size
				+ "\" shape-rendering=\"crispEdges\" aria-label=\"" + escape(label) + "\"><rect width=\"" + size + "\" height=\""
				+ size + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
