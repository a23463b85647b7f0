package ec.gob.iess.clave.support;

import java.util.concurrent.ThreadLocalRandom;

/** Valid, random cédulas, so that tests sharing one database never meet each other's people. */
public final class TestCedulas {

	private TestCedulas() {
	}

	public static String next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int province = 1 + random.nextInt(24);
		StringBuilder digits = new StringBuilder(String.format("%02d", province));
		digits.append(random.nextInt(6));
		for (int i = 0; i < 6; i++) {
			digits.append(random.nextInt(10));
		}
		return digits.append(checkDigit(digits.toString())).toString();
	}

	/** Module 10 with weights 2,1,2,1… (products over 9 minus 9), as the Registro Civil computes it. */
	static int checkDigit(String nineDigits) {
		int sum = 0;
		for (int i = 0; i < 9; i++) {
			int product = (nineDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
			sum += product > 9 ? product - 9 : product;
		}
		return (10 - sum % 10) % 10;
	}
}
