package ec.gob.iess.clave.support;

import java.util.concurrent.ThreadLocalRandom;

import ec.gob.iess.clave.identity.RucType;

/**
 * Valid, random RUCs of each kind (PRODUCT.md §2), so that tests sharing one database never meet each
 * other's employers: a person's cédula + 001; a company's third digit 9 with its module-11 check in the
 * tenth digit; a public entity's third digit 6 with its check in the ninth and four establishment digits.
 */
public final class TestRucs {

	private static final int[] PRIVATE_WEIGHTS = { 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	private static final int[] PUBLIC_WEIGHTS = { 3, 2, 7, 6, 5, 4, 3, 2 };

	private TestRucs() {
	}

	public static String next(RucType type) {
		return switch (type) {
			case NATURAL -> TestCedulas.next() + "001";
			case PRIVADA -> withCheck('9', PRIVATE_WEIGHTS, "001");
			case PUBLICA -> withCheck('6', PUBLIC_WEIGHTS, "0001");
		};
	}

	private static String withCheck(char third, int[] weights, String establishment) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (true) {
			StringBuilder digits = new StringBuilder(String.format("%02d", 1 + random.nextInt(24))).append(third);
			while (digits.length() < weights.length) {
				digits.append(random.nextInt(10));
			}
			int sum = 0;
			for (int i = 0; i < weights.length; i++) {
				sum += (digits.charAt(i) - '0') * weights[i];
			}
			int check = sum % 11 == 0 ? 0 : 11 - sum % 11;
			if (check != 10) {
				return digits.append(check).append(establishment).toString();
			}
		}
	}
}
