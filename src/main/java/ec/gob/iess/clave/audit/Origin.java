package ec.gob.iess.clave.audit;

/**
 * Who acts, through which channel, from which address: what every audited call carries.
 *
 * @param actor the account itself for self-service, {@code agent@center} for staff, {@code anonymous} before login
 * @param channel web, API or counter
 * @param ip the source address after trusted-proxy resolution
 */
public record Origin(String actor, Channel channel, String ip) {

	public static final String ANONYMOUS = "anonymous";

	public Origin as(String newActor) {
		return new Origin(newActor, channel, ip);
	}

	public static Origin system() {
		return new Origin("system", Channel.COUNTER, null);
	}
}
