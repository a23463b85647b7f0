#!/usr/bin/env bash
# Audit benchmark (docs/performance.md): on embedded PostgreSQL, (1) appends/s with 1 and 2 "nodes"
# appending concurrently — each node its own connection pool with its own instance of the real
# audit.AuditLog, in one JVM (bench.AuditBenchmark), every append a transaction of its own; then
# (2) `java -jar clave.jar audit verify` on a log of N rows written straight into the table with
# valid hashes: its time and peak RSS under a small heap (it streams, so the heap does not grow
# with the log). A measurement, not a test: it exits 0 whatever the figures.
#
#   bench/audit.sh [--duration S] [--runs 1x1,1x4,2x4] [--rows N] [--verify-heap 64m]
#
# The same as environment variables: BENCH_DURATION (10), BENCH_RUNS (nodes x threads per node),
# BENCH_ROWS (1000000), BENCH_VERIFY_HEAP (64m). BENCH_BASELINE_CLASSES=DIR also measures the
# appends of an older AuditLog (its classes compiled into DIR, put first on the class path) on a
# database migrated only to V78 (the single head row). BENCH_KEEP=1 keeps the work directory.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10}
RUNS=${BENCH_RUNS:-1x1,1x4,2x4}
ROWS=${BENCH_ROWS:-1000000}
VERIFY_HEAP=${BENCH_VERIFY_HEAP:-64m}
MVN_OFFLINE=${MVN_OFFLINE:-}
while [[ $# -gt 0 ]]; do
	case "$1" in
		--duration) DURATION=$2; shift 2 ;;
		--runs) RUNS=$2; shift 2 ;;
		--rows) ROWS=$2; shift 2 ;;
		--verify-heap) VERIFY_HEAP=$2; shift 2 ;;
		-h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "unknown argument: $1" >&2; exit 2 ;;
	esac
done

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# `audit verify` boots the application, which needs the data keys with PostgreSQL (keys.DataKeys).
export CLAVE_STAFF_TOTP_KEY=${CLAVE_STAFF_TOTP_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_BIOMETRIC_KEY=${CLAVE_BIOMETRIC_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_SSO_KEY=${CLAVE_SSO_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_RATE_LIMIT_CLAVE_KEY=${CLAVE_RATE_LIMIT_CLAVE_KEY:-$(head -c 32 /dev/urandom | base64)}

if [[ ! -f target/clave.jar ]] || [[ -n $(find src/main pom.xml -newer target/clave.jar -print -quit) ]]; then
	echo "bench: packaging target/clave.jar" >&2
	./mvnw -q $MVN_OFFLINE -DskipTests package
fi
echo "bench: compiling the benchmark and resolving its classpath" >&2
./mvnw -q $MVN_OFFLINE test-compile dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile=target/bench.classpath

WORK=$(mktemp -d "${TMPDIR:-/tmp}/clave-audit-bench.XXXXXX")
cp target/clave.jar "$WORK/clave.jar"
cp -r target/classes "$WORK/classes"
cp -r target/test-classes "$WORK/test-classes"
CP="$WORK/test-classes:$WORK/classes:$(cat target/bench.classpath)"

PG_PID=
cleanup() {
	local rc=$? i
	exec 3>&- # BenchPostgres stops PostgreSQL when its stdin closes
	if [[ -n $PG_PID ]]; then
		for ((i = 0; i < 300; i++)); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
		kill -TERM "$PG_PID" 2>/dev/null || true
		wait "$PG_PID" 2>/dev/null || true
	fi
	if [[ $rc -ne 0 || -n ${BENCH_KEEP:-} ]]; then echo "bench: logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkfifo "$WORK/pg.stdin"
: >"$WORK/postgres.out" # read below before the background process may have opened it
exec 3<>"$WORK/pg.stdin"
"$JAVA" -Xmx64m -cp "$CP" ec.gob.iess.clave.bench.BenchPostgres <"$WORK/pg.stdin" >"$WORK/postgres.out" \
	2>"$WORK/postgres.log" &
PG_PID=$!
JDBC_URL=
for ((i = 0; i < 1200; i++)); do
	JDBC_URL=$(sed -n 's/^JDBC_URL=//p' "$WORK/postgres.out")
	[[ -n $JDBC_URL ]] && break
	kill -0 "$PG_PID" 2>/dev/null || { echo "bench: PostgreSQL did not start:" >&2; tail -n 30 "$WORK/postgres.log" >&2; exit 1; }
	sleep 0.1
done
[[ -n $JDBC_URL ]] || { echo "bench: PostgreSQL did not start within 120 s" >&2; exit 1; }
echo "bench: PostgreSQL at $JDBC_URL; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

DRIVER=("$JAVA" -Xmx512m)
if [[ -n ${BENCH_BASELINE_CLASSES:-} ]]; then
	echo
	echo "== appends, the older AuditLog in $BENCH_BASELINE_CLASSES, database at V78"
	"${DRIVER[@]}" -cp "$BENCH_BASELINE_CLASSES:$CP" ec.gob.iess.clave.bench.AuditBenchmark --url="$JDBC_URL" \
		--database=baseline --target=78 --duration="$DURATION" --runs="$RUNS" 2> "$WORK/baseline.log"
fi
echo
echo "== appends, this AuditLog"
"${DRIVER[@]}" -cp "$CP" ec.gob.iess.clave.bench.AuditBenchmark --url="$JDBC_URL" --database=appends \
	--duration="$DURATION" --runs="$RUNS" 2> "$WORK/appends.log"

echo
echo "== audit verify of $ROWS rows, java -Xmx$VERIFY_HEAP -jar clave.jar audit verify"
"${DRIVER[@]}" -cp "$CP" ec.gob.iess.clave.bench.AuditBenchmark --url="$JDBC_URL" --database=verify \
	--fill="$ROWS" 2> "$WORK/fill.log"
echo "-- the walk alone (the real AuditLog in a read-only transaction, -Xmx$VERIFY_HEAP):"
"$JAVA" -Xmx"$VERIFY_HEAP" -cp "$CP" ec.gob.iess.clave.bench.AuditBenchmark --url="$JDBC_URL" --database=verify \
	--verify 2>> "$WORK/fill.log"
echo "-- the command, start to exit (boots the application without its web side):"
VERIFY_URL=$(sed -E 's#(jdbc:postgresql://[^/]+/)[^?]*#\1verify#' <<<"$JDBC_URL")
set +e
SPRING_DATASOURCE_URL="$VERIFY_URL" SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
	/usr/bin/time -f "verify: %e s elapsed, %U s user CPU, peak RSS %M KiB" \
	"$JAVA" -Xmx"$VERIFY_HEAP" -jar "$WORK/clave.jar" audit verify 2>&1 | grep -E '^(verify:|Cadena|No se pudo)' 
set -e
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
