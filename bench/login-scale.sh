#!/usr/bin/env bash
# Is the login flat with the number of accounts? (docs/performance.md) Runs bench/login.sh twice with the
# accounts seeded in SQL (--seed sql: valid cédulas, one precomputed Argon2id hash in every row, each login
# a random account), at a small and at a large size, the same levels and durations, and prints the p50 and
# throughput of each level side by side and their ratio (goal: p50 within 10 %). A measurement: exits 0
# whatever the figures.
#
#   bench/login-scale.sh [--small N] [--large N] [--levels 8] [--duration S] [--warmup S]
#
# Defaults: 10,000 and 5,000,000 accounts, level 8, 30 s per level, 20 s warm-up. The overload steps of
# login.sh are cut to 2 s (they are not what this compares). Seeding 5,000,000 accounts takes minutes and
# about 2.5 GB of disk in the embedded PostgreSQL's data directory (under TMPDIR).
set -euo pipefail
cd "$(dirname "$0")/.."

SMALL=10000
LARGE=5000000
LEVELS=8
DURATION=30
WARMUP=20
usage() { sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
	case "$1" in
		--small) SMALL=$2; shift 2 ;;
		--large) LARGE=$2; shift 2 ;;
		--levels) LEVELS=$2; shift 2 ;;
		--duration) DURATION=$2; shift 2 ;;
		--warmup) WARMUP=$2; shift 2 ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done

OUT=$(mktemp -d "${TMPDIR:-/tmp}/clave-scale.XXXXXX")
for size in "$SMALL" "$LARGE"; do
	echo "== bench/login.sh --seed sql --accounts $size --levels $LEVELS" >&2
	bench/login.sh --seed sql --accounts "$size" --levels "$LEVELS" --duration "$DURATION" --warmup "$WARMUP" \
		--overload-duration 2 --no-hostile | tee "$OUT/$size.txt"
done

# The rows of login.sh's "Closed-loop logins" table: concurrency, logins/s, p50, p99, ...
rows() { awk '/^== Closed-loop logins/ { on = 1; next } /^== / { on = 0 } on && $1 ~ /^[0-9]+$/ { print $1, $2, $3, $4 }' "$1"; }
echo
echo "== Login p50 with $SMALL and with $LARGE accounts (the same levels, $DURATION s each)"
printf '%11s  %10s %10s  %10s %10s  %10s %10s  %s\n' concurrency "small /s" "large /s" "small p50" "large p50" \
	"small p99" "large p99" "p50 large/small"
join <(rows "$OUT/$SMALL.txt" | sort -k1,1) <(rows "$OUT/$LARGE.txt" | sort -k1,1) | sort -n | while read -r c st sp50 sp99 lt lp50 lp99; do
	awk -v c="$c" -v st="$st" -v lt="$lt" -v s="$sp50" -v l="$lp50" -v sp99="$sp99" -v lp99="$lp99" 'BEGIN {
		r = l / s
		printf "%11d  %10.1f %10.1f  %10.1f %10.1f  %10.1f %10.1f  %.3f %s\n", c, st, lt, s, l, sp99, lp99, r,
			(r <= 1.10 && r >= 0.90 ? "(within 10 %: PASS)" : "(not within 10 %: FAIL)")
	}'
done
hash_ms() { sed -n 's/^single hash (verify, median of [0-9]*): \([0-9.]*\) ms.*/\1/p' "$1"; }
awk -v s="$(hash_ms "$OUT/$SMALL.txt")" -v l="$(hash_ms "$OUT/$LARGE.txt")" 'BEGIN {
	printf "single hash measured in each run (the machine\047s speed then): %.1f ms and %.1f ms (ratio %.3f); divide\n", s, l, l / s
	print "the p50 ratio by it when the two differ: on a shared machine the hash time moves as much as the p50"
}'
grep -h '^seed: database size' "$OUT/$SMALL.txt" "$OUT/$LARGE.txt" || true
grep -h '^load average' "$OUT/$SMALL.txt" "$OUT/$LARGE.txt" || true
echo "(full outputs in $OUT)"
