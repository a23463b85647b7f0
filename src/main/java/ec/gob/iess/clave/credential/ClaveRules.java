package ec.gob.iess.clave.credential;

import java.util.List;

import ec.gob.iess.clave.identity.Persons;
import ec.gob.iess.clave.refusal.Refusal;

import org.springframework.stereotype.Component;

/**
 * Applies the clave policy in two steps. Before the person is authenticated only the context-free
 * rules run (length, common claves); the rules about the person's own cédula, names and birth date
 * run after, because their answer would tell a stranger the name behind a cédula.
 */
@Component
class ClaveRules {

	private final PasswordPolicy policy;
	private final Persons persons;

	ClaveRules(PasswordPolicy policy, Persons persons) {
		this.policy = policy;
		this.persons = persons;
	}

	void requireAcceptableForAnyone(String clave) {
		refuseIfAny(policy.check(clave, new PasswordContext(null, List.of(), null)));
	}

	void requireAcceptableFor(Username username, String clave) {
		refuseIfAny(policy.check(clave, contextOf(username)));
	}

	PasswordContext contextOf(Username username) {
		if (username.kind() == AccountKind.EMPLEADOR) {
			return new PasswordContext(username.value(), List.of(), null);
		}
		return persons.find(username.cedula())
			.map(person -> new PasswordContext(username.value(), person.nameWords(), person.birthDate()))
			.orElse(new PasswordContext(username.value(), List.of(), null));
	}

	private static void refuseIfAny(List<WeakReason> reasons) {
		if (!reasons.isEmpty()) {
			throw Refusal.weakPassword(reasons.stream().map(Enum::name).toList());
		}
	}
}
