package ec.gob.iess.clave.selfservice;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

final class LoginHeaders {

	private LoginHeaders() {
	}

	/** Every header but Date, which differs by the second. */
	static Map<String, List<String>> withoutDate(HttpResponse<String> response) {
		Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
		headers.remove("date");
		return headers;
	}
}
