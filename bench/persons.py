#!/usr/bin/env python3
"""Synthetic people for `java -jar clave.jar import --persons` (bench/import.sh, the import tests).

    bench/persons.py N [--seed S] [--out FILE] [--contact-every K] [--verified-every K]

Writes N valid rows (header of API.md "Command line") to FILE or standard output, the same bytes for the same
N and seed: every cédula distinct, with its check digit, spread over the 24 provinces and 30 (Ecuadorians
abroad); names, birth dates from 1930 to 2007, códigos dactilares, one to three roles; every K-th person has an
email and a mobile (K = 4 by default; 0 for none). --verified-every K adds the optional columns
contactVerifiedAt,contactCenter and marks every K-th person with contact as verified in person. Python 3
standard library only.
"""
import argparse
import random
import sys

PROVINCES = [f"{p:02d}" for p in range(1, 25)] + ["30"]
# Per province: third digit 0-5 and six more digits, 6,000,000 numbers; a cédula is (province, k) for distinct k.
PER_PROVINCE = 6_000_000
FIRST = ["María", "José", "Luis", "Ana", "Carlos", "Rosa", "Jorge", "Carmen", "Juan", "Lucía", "Pedro", "Elena",
         "Miguel", "Gabriela", "Diego", "Verónica", "Andrés", "Mónica", "Fernando", "Patricia", "Ángel", "Inés",
         "Raúl", "Sofía", "Édgar", "Nathaly", "Wilson", "Dayana", "Segundo", "Mercedes"]
LAST = ["Pérez", "Guamán", "Quishpe", "Zambrano", "Andrade", "Cedeño", "Vera", "Mendoza", "Torres", "Chávez",
        "Morales", "Ortiz", "Paredes", "Castillo", "Yépez", "Loor", "Muñoz", "Salazar", "Vásquez", "Briones",
        "Caicedo", "Tenesaca", "Villacís", "Nieto", "De la Cruz", "Ñauta", "O'Brien", "Calle", "Intriago", "Ruiz"]
DOMAINS = ["example.ec", "correo.example.com", "example.org"]
LETTERS = "AEIV"
DIGITS = "1234"
ROLES = ["AFILIADO", "AFILIADO", "AFILIADO", "PENSIONISTA", "BENEFICIARIO", "AFILIADO;BENEFICIARIO",
         "PENSIONISTA;BENEFICIARIO", "AFILIADO;PENSIONISTA;BENEFICIARIO"]
CENTERS = ["CAU Quito Norte", "CAU Guayaquil Centro", "CAU Cuenca", "CAU Manta"]


def check_digit(nine):
    total = 0
    for i, ch in enumerate(nine):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def cedula(index, multiplier, offset):
    """The index-th cédula: a bijection of range(25 * 6,000,000) onto (province, seven digits)."""
    province = PROVINCES[index % len(PROVINCES)]
    k = (index // len(PROVINCES) * multiplier + offset) % PER_PROVINCE
    nine = province + str(k // 1_000_000) + f"{k % 1_000_000:06d}"
    return nine + str(check_digit(nine))


def fingerprint(rnd):
    def hand():
        return rnd.choice(LETTERS) + "".join(rnd.choice(DIGITS) for _ in range(4))
    return hand() + hand()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out")
    parser.add_argument("--contact-every", type=int, default=4)
    parser.add_argument("--verified-every", type=int, default=0)
    args = parser.parse_args()
    if not 0 <= args.n <= len(PROVINCES) * PER_PROVINCE:
        parser.error("n must be between 0 and 150,000,000")
    rnd = random.Random(args.seed)
    # A multiplier coprime with 6,000,000 (not divisible by 2, 3 or 5) keeps the mapping one-to-one.
    multiplier = rnd.choice([7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]) * 1_000_003 % PER_PROVINCE
    while multiplier % 2 == 0 or multiplier % 3 == 0 or multiplier % 5 == 0:
        multiplier += 1
    offset = rnd.randrange(PER_PROVINCE)
    out = open(args.out, "w", encoding="utf-8", newline="\n") if args.out else sys.stdout
    header = "cedula,firstNames,lastNames,birthDate,fingerprintCode,roles,email,mobile"
    if args.verified_every:
        header += ",contactVerifiedAt,contactCenter"
    lines = [header]
    with_contact = 0
    for i in range(args.n):
        first = rnd.choice(FIRST) + " " + rnd.choice(FIRST)
        last = rnd.choice(LAST) + " " + rnd.choice(LAST)
        birth = f"{rnd.randint(1930, 2007)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        email = mobile = ""
        verified = ["", ""]
        if args.contact_every and i % args.contact_every == 0:
            email = f"persona{i}@{DOMAINS[i % len(DOMAINS)]}"
            mobile = f"09{rnd.randrange(10 ** 8):08d}"
            with_contact += 1
            if args.verified_every and with_contact % args.verified_every == 0:
                verified = [f"20{rnd.randint(15, 25)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                            rnd.choice(CENTERS)]
        row = [cedula(i, multiplier, offset), first, last, birth, fingerprint(rnd), rnd.choice(ROLES), email, mobile]
        if args.verified_every:
            row += verified
        lines.append(",".join(row))
        if len(lines) >= 10_000:
            out.write("\n".join(lines) + "\n")
            lines = []
    if lines:
        out.write("\n".join(lines) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
