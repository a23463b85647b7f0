#!/usr/bin/env bash
# Bulk import benchmark (docs/performance.md): the packaged jar's `import --persons` on embedded PostgreSQL with
# N synthetic people (bench/persons.py); prints the time, rows/s, the import process's peak RSS and the database
# size; then, on a fresh database, kills an import at half the file (kill -9) and runs the same command again,
# checking that it continued from its checkpoint and that every person of the file is there exactly once. A
# measurement, not a test: it exits 0 whatever the speed (non-zero when something could not run, or when the
# restart left a person missing or twice).
#
#   bench/import.sh [--rows N] [--seed S] [--heap SIZE] [--no-restart]
#
# The same as environment variables: BENCH_ROWS (5000000), BENCH_SEED (1), BENCH_HEAP (import -Xmx, 256m),
# BENCH_RESTART=false; BENCH_IMPORT_ARGS (more arguments for the command, e.g.
# --logging.level.ec.gob.iess.clave.registry=DEBUG prints where each chunk's time went); BENCH_PG_SETTINGS (PostgreSQL settings, "name=value ..."), BENCH_KEEP=1 keeps the work
# directory. The generated file is cached in target/bench-import/. MVN_OFFLINE=-o builds from the local cache.
# Needs a JDK 17+, python3 (standard library) and psql; PostgreSQL itself comes through the Maven wrapper.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${BENCH_ROWS:-5000000}
SEED=${BENCH_SEED:-1}
HEAP=${BENCH_HEAP:-256m}
RESTART=${BENCH_RESTART:-true}
# A bulk load writes gigabytes of WAL: room for it between checkpoints, as an operator would give a load window.
PG_SETTINGS=${BENCH_PG_SETTINGS:-max_wal_size=8GB checkpoint_timeout=30min shared_buffers=512MB}
MVN_OFFLINE=${MVN_OFFLINE:-}

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
	case "$1" in
		--rows) ROWS=$2; shift 2 ;;
		--seed) SEED=$2; shift 2 ;;
		--heap) HEAP=$2; shift 2 ;;
		--no-restart) RESTART=false; shift ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
export CLAVE_STAFF_TOTP_KEY=${CLAVE_STAFF_TOTP_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_BIOMETRIC_KEY=${CLAVE_BIOMETRIC_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_SSO_KEY=${CLAVE_SSO_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_RATE_LIMIT_CLAVE_KEY=${CLAVE_RATE_LIMIT_CLAVE_KEY:-$(head -c 32 /dev/urandom | base64)}

# ---------------------------------------------------------------- 1. build, and the people
if [[ ! -f target/clave.jar ]] || [[ -n $(find src/main pom.xml -newer target/clave.jar -print -quit) ]]; then
	echo "bench: packaging target/clave.jar" >&2
	./mvnw -q $MVN_OFFLINE -DskipTests package
fi
echo "bench: compiling the benchmark and resolving its classpath" >&2
./mvnw -q $MVN_OFFLINE test-compile dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile=target/bench.classpath

mkdir -p target/bench-import
CSV=target/bench-import/persons-$ROWS-seed$SEED.csv
if [[ ! -s $CSV ]]; then
	echo "bench: generating $ROWS people (seed $SEED) into $CSV" >&2
	python3 bench/persons.py "$ROWS" --seed "$SEED" --out "$CSV.part"
	mv "$CSV.part" "$CSV"
fi
CSV=$(realpath "$CSV")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/clave-bench-import.XXXXXX")
cp target/clave.jar "$WORK/clave.jar"
cp -r target/test-classes "$WORK/test-classes"
CP="$WORK/test-classes:$(cat target/bench.classpath)"

PG_PID=
IMPORT_PID=
cleanup() {
	local rc=$?
	[[ -n $IMPORT_PID ]] && kill -KILL "$IMPORT_PID" 2>/dev/null || true
	[[ -n $SAMPLER_PID ]] && kill "$SAMPLER_PID" 2>/dev/null || true
	exec 3>&- # BenchPostgres stops PostgreSQL when its stdin closes
	if [[ -n $PG_PID ]]; then
		kill -TERM "$PG_PID" 2>/dev/null || true
		wait "$PG_PID" 2>/dev/null || true
	fi
	if [[ $rc -ne 0 || -n ${BENCH_KEEP:-} ]]; then
		echo "bench: logs kept in $WORK" >&2
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- 2. PostgreSQL
mkfifo "$WORK/pg.stdin"
exec 3<>"$WORK/pg.stdin"
# shellcheck disable=SC2086 # PG_SETTINGS is a list
"$JAVA" -Xmx64m -cp "$CP" ec.gob.iess.clave.bench.BenchPostgres $PG_SETTINGS <"$WORK/pg.stdin" \
	>"$WORK/postgres.out" 2>"$WORK/postgres.log" &
PG_PID=$!
JDBC_URL=
for ((i = 0; i < 1200; i++)); do
	JDBC_URL=$(sed -n 's/^JDBC_URL=//p' "$WORK/postgres.out")
	[[ -n $JDBC_URL ]] && break
	kill -0 "$PG_PID" 2>/dev/null || { echo "bench: PostgreSQL did not start:" >&2; tail -n 30 "$WORK/postgres.log" >&2; exit 1; }
	sleep 0.1
done
[[ -n $JDBC_URL ]] || { echo "bench: PostgreSQL did not start within 120 s" >&2; exit 1; }
PG_PORT=$(sed -E 's#^jdbc:postgresql://[^:/]+:([0-9]+)/.*#\1#' <<<"$JDBC_URL")
sql() { psql -h localhost -p "$PG_PORT" -U postgres -d "$1" -Atq -c "$2"; }
echo "bench: PostgreSQL on port $PG_PORT ($PG_SETTINGS)" >&2

# The CPU time of the database's backends (utime + stime, the last sample of each), sampled every 0.5 s: on a shared
# machine the wall time says little, the CPU spent says what the work costs. The WAL writer and checkpointer
# serve every database of the server and are not counted.
SAMPLER_PID=
sample_cpu() { # database, output file
	while :; do
		for pid in $(pgrep -f "^postgres: postgres $1 " || true); do
			read -r -a f <"/proc/$pid/stat" 2>/dev/null || continue
			echo "$pid $((f[13] + f[14]))"
		done >>"$2"
		sleep 0.5
	done
}
cpu_seconds() { # samples file
	awk -v hz="$(getconf CLK_TCK)" '{ last[$1] = $2 } END { for (p in last) sum += last[p]; printf "%.1f", sum / hz }' "$1"
}

# One import: the jar as an operator runs it, output not a terminal (plain progress lines), timed with its peak RSS.
start_import() { # database, log
	# shellcheck disable=SC2086 # BENCH_IMPORT_ARGS is a list
	/usr/bin/time -f '%e %M %U %S' -o "$2.time" "$JAVA" -Xmx"$HEAP" -jar "$WORK/clave.jar" import --persons "$CSV" \
		--report "$WORK/$1.rechazos.csv" \
		--spring.datasource.url="${JDBC_URL%/*}/$1" --spring.datasource.username=postgres \
		--spring.datasource.password= ${BENCH_IMPORT_ARGS:-} >"$2" 2>&1 &
	IMPORT_PID=$!
}

size_of() { # database
	sql "$1" "select pg_size_pretty(pg_database_size('$1')) || ' (persons ' || pg_size_pretty(pg_total_relation_size('persons'))
		|| ', accounts ' || pg_size_pretty(pg_total_relation_size('accounts')) || ')'"
}

# ---------------------------------------------------------------- 3. the timed import
echo "bench: importing $ROWS people ($(du -h "$CSV" | cut -f1)) into an empty database; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
sql postgres "create database clave_bulk"
sample_cpu clave_bulk "$WORK/import.cpu" &
SAMPLER_PID=$!
start_import clave_bulk "$WORK/import.log"
set +e
wait "$IMPORT_PID"
RC=$?
set -e
IMPORT_PID=
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=
cat "$WORK/import.log"
[[ $RC -eq 0 ]] || { echo "bench: the import failed (exit $RC)" >&2; exit 1; }
read -r SECONDS_TOTAL RSS_KB JVM_USER JVM_SYS <"$WORK/import.log.time"
PERSONS=$(sql clave_bulk "select count(*) from persons")
echo
echo "import of $ROWS rows: ${SECONDS_TOTAL} s wall for the whole command (JVM start, migrations, import)"
awk -v n="$ROWS" -v s="$SECONDS_TOTAL" 'BEGIN { printf "rows/s over the whole command: %.0f\n", n / s }'
grep -o 'En esta ejecución: .*' "$WORK/import.log" | sed 's/^/the import itself: /'
echo "peak RSS of the import process: $((RSS_KB / 1024)) MiB (-Xmx$HEAP)"
echo "persons: $PERSONS; accounts: $(sql clave_bulk "select count(*) from accounts where status = 'SIN_CLAVE'") SIN_CLAVE"
echo "database size: $(size_of clave_bulk)"
DB_CPU=$(cpu_seconds "$WORK/import.cpu")
awk -v u="$JVM_USER" -v s="$JVM_SYS" -v db="$DB_CPU" 'BEGIN { printf "CPU: import JVM %.1f s (user %.1f + sys %.1f), PostgreSQL backends %.1f s; on 2 idle cores that work needs at least %.1f s\n", u + s, u, s, db, (u + s + db) / 2 }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores shared with other work)"

# ---------------------------------------------------------------- 4. killed at 50 %, then run again
if [[ $RESTART == true ]]; then
	sql postgres "create database clave_restart"
	echo >&2
	echo "bench: importing again into a fresh database, killing the import at 50 %" >&2
	start_import clave_restart "$WORK/killed.log"
	KILLED_AT=
	while kill -0 "$IMPORT_PID" 2>/dev/null; do
		PERCENT=$( (grep -oE '^[0-9]+ %' "$WORK/killed.log" || true) | tail -n 1 | cut -d' ' -f1)
		if [[ -n $PERCENT && $PERCENT -ge 50 ]]; then
			# /usr/bin/time's child: the JVM
			JVM=$(pgrep -P "$IMPORT_PID" java || true)
			kill -KILL "${JVM:-$IMPORT_PID}" 2>/dev/null || true
			KILLED_AT=$PERCENT
			break
		fi
		sleep 0.2
	done
	wait "$IMPORT_PID" 2>/dev/null || true
	IMPORT_PID=
	[[ -n $KILLED_AT ]] || { echo "bench: the import ended before 50 % was seen" >&2; tail -n 5 "$WORK/killed.log" >&2; exit 1; }
	BEFORE=$(sql clave_restart "select count(*) from persons")
	echo "killed (SIGKILL) after the $KILLED_AT % line: $BEFORE persons committed"
	start_import clave_restart "$WORK/restart.log"
	set +e
	wait "$IMPORT_PID"
	RC=$?
	set -e
	IMPORT_PID=
	cat "$WORK/restart.log"
	[[ $RC -eq 0 ]] || { echo "bench: the restarted import failed (exit $RC)" >&2; exit 1; }
	read -r RESTART_SECONDS RESTART_RSS _ <"$WORK/restart.log.time"
	read -r TOTAL DISTINCT <<<"$(sql clave_restart "select count(*), count(distinct cedula) from persons" | tr '|' ' ')"
	ACCOUNTS=$(sql clave_restart "select count(*) from accounts")
	EXPECTED=$(tail -n +2 "$CSV" | cut -d, -f1 | sort -u | wc -l)
	echo "restart: ${RESTART_SECONDS} s, peak RSS $((RESTART_RSS / 1024)) MiB; persons $TOTAL (distinct $DISTINCT), accounts $ACCOUNTS, distinct cédulas in the file $EXPECTED"
	if [[ $TOTAL -ne $EXPECTED || $DISTINCT -ne $EXPECTED || $ACCOUNTS -ne $EXPECTED ]] || ! grep -q 'Continuó la importación' "$WORK/restart.log"; then
		echo "bench: RESTART CHECK FAILED" >&2
		exit 1
	fi
	echo "restart check: every person of the file once, continued from the checkpoint"
fi
