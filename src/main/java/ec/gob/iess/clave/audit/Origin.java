package ec.gob.iess.clave.audit;

/**
 * Who acts, through which channel, from which address: what every audited call carries.
 *
 * @param actor what the audit row's {@code actor} names: the account itself for self-service,
 *        {@code anonymous} before login, {@code system}; for staff, the agent (the centre has its own
 *        column: nothing is packed into one string)
 * @param channel web, API or counter
 * @param ip the source address after trusted-proxy resolution
 * @param agent the staff username when a member of staff acts, otherwise {@code null}
 * @param center the staff member's Centro de Atención Universal, otherwise {@code null}
 */
public record Origin(String actor, Channel channel, String ip, String agent, String center) {

	public static final String ANONYMOUS = "anonymous";

	public Origin {
		if (agent != null) {
			actor = agent;
		}
		else if (center != null) {
			throw new IllegalArgumentException("a centre without an agent");
		}
	}

	/** Someone who is not staff: a person, {@link #ANONYMOUS}, {@code system}. */
	public Origin(String actor, Channel channel, String ip) {
		this(actor, channel, ip, null, null);
	}

	/** A member of staff at a centre. */
	public static Origin staff(String agent, String center, Channel channel, String ip) {
		if (agent == null || agent.isBlank()) {
			throw new IllegalArgumentException("staff without a name");
		}
		return new Origin(null, channel, ip, agent, center);
	}

	/** The same channel and address, acted on by {@code newActor} (not staff). */
	public Origin as(String newActor) {
		return new Origin(newActor, channel, ip, null, null);
	}

	public boolean byStaff() {
		return agent != null;
	}

	public static Origin system() {
		return new Origin("system", Channel.COUNTER, null);
	}
}
