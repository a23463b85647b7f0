package ec.gob.iess.clave.credential;

import java.util.List;

import ec.gob.iess.clave.refusal.Refusal;

import org.springframework.stereotype.Component;

/**
 * The passwords of staff users (kept by the counter module), under the same clave policy and through the
 * same Argon2id gate as people's claves: one way to hash in Clave, and the policy stays inside this module.
 */
@Component
public class StaffPasswords {

	private final PasswordPolicy policy;
	private final Hashing hashing;

	StaffPasswords(PasswordPolicy policy, Hashing hashing) {
		this.policy = policy;
		this.hashing = hashing;
	}

	/**
	 * Refuses a new staff password that fails the policy, the staff username counting as its own name (a
	 * password may not contain it).
	 *
	 * @throws Refusal WEAK_PASSWORD with reasons
	 */
	public void requireAcceptable(String staffUsername, String password) {
		List<WeakReason> reasons = policy.check(password, new PasswordContext(staffUsername, List.of(staffUsername), null));
		if (!reasons.isEmpty()) {
			throw Refusal.weakPassword(reasons.stream().map(Enum::name).toList());
		}
	}

	public String hash(CharSequence password) {
		return hashing.hash(password);
	}

	/** Verifies against {@code hash}, or against a dummy hash when there is none (an unknown user), so timing tells nothing. */
	public boolean verify(CharSequence password, String hash) {
		return hashing.verify(password, hash);
	}
}
