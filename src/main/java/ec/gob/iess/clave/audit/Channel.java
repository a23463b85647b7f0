package ec.gob.iess.clave.audit;

/** Where an event came from: the web pages, the JSON API, or a counter of a Centro de Atención Universal. */
public enum Channel {
	WEB, API, COUNTER
}
