#!/usr/bin/env bash
# Login benchmark (docs/performance.md): the packaged jar on embedded PostgreSQL, N concurrent clients
# logging in with the right clave; prints logins/s, p50/p99, the single-hash time, the ratio to the
# hash-bound limit (cores / hash time), and an overload check (only 200/503, RSS). A measurement, not a
# test: it exits 0 whatever the figures (non-zero only when something could not be started).
#
#   bench/login.sh [--duration S] [--warmup S] [--levels 1,2,4,8,16] [--accounts N]
#                  [--overload-duration S] [--max-queue N] [--no-hostile] [--no-overload] [--web]
#                  [--seed api|sql]
#
# --web logs in through the web form (POST /ingresar) instead of POST /api/v1/login; --no-overload skips the
# overload steps.
# --seed api (the default up to 1,000 accounts) creates the people through the staff API, each with its own
# hash; --seed sql (the default above) inserts them set-based in SQL (BenchSeed: valid cédulas, every row
# with ONE precomputed Argon2id hash of the bench clave -- fine for a benchmark, a login does the same work
# whatever the salt), up to millions, and each login then picks an account at random. It prints the database size.
#
# The same settings as environment variables: BENCH_DURATION, BENCH_WARMUP, BENCH_LEVELS,
# BENCH_ACCOUNTS, BENCH_OVERLOAD_DURATION, BENCH_MAX_QUEUE, BENCH_HOSTILE=false, BENCH_OVERLOAD=false,
# BENCH_MODE=web, BENCH_SEED; BENCH_PG_LOG_STATEMENTS=DIR has PostgreSQL log every statement into files in DIR (absolute);
# BENCH_JAR=PATH runs that jar instead of packaging this tree's (to compare two builds);
# BENCH_LAUNCH=launcher (the default: the server as an operator starts it, bin/clave after `clave prepare`,
# with the launcher's JVM settings) or jar (java -Xmx256m -jar clave.jar, as before decision 162);
# BENCH_HEAP (the server's -Xmx: the launcher's default, 256m with BENCH_LAUNCH=jar),
# BENCH_SERVER_OPTS extra JVM options for the server (e.g. -XX:NativeMemoryTracking=summary); JAVA_HOME picks the JVM,
# BENCH_KEEP=1 keeps the work directory (logs). MVN_OFFLINE=-o builds from the local Maven cache only.
# Needs only a JDK 17+; everything else comes through the Maven wrapper.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-10}
LEVELS=${BENCH_LEVELS:-1,2,4,8,16}
ACCOUNTS=${BENCH_ACCOUNTS:-64}
OVERLOAD_DURATION=${BENCH_OVERLOAD_DURATION:-$DURATION}
MAX_QUEUE=${BENCH_MAX_QUEUE:-64}
HOSTILE=${BENCH_HOSTILE:-true}
OVERLOAD=${BENCH_OVERLOAD:-true}
MODE=${BENCH_MODE:-api}
LAUNCH=${BENCH_LAUNCH:-launcher}
HEAP=${BENCH_HEAP:-}
MVN_OFFLINE=${MVN_OFFLINE:-}
SEED=${BENCH_SEED:-}

usage() { sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
	case "$1" in
		--duration) DURATION=$2; shift 2 ;;
		--warmup) WARMUP=$2; shift 2 ;;
		--levels) LEVELS=$2; shift 2 ;;
		--accounts) ACCOUNTS=$2; shift 2 ;;
		--overload-duration) OVERLOAD_DURATION=$2; shift 2 ;;
		--max-queue) MAX_QUEUE=$2; shift 2 ;;
		--no-hostile) HOSTILE=false; shift ;;
		--no-overload) OVERLOAD=false; shift ;;
		--web) MODE=web; shift ;;
		--seed) SEED=$2; shift 2 ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done

[[ -n $SEED ]] || { if ((ACCOUNTS > 1000)); then SEED=sql; else SEED=api; fi; }
[[ $SEED == api || $SEED == sql ]] || { echo "--seed is api or sql, not $SEED" >&2; exit 2; }
if [[ $SEED == api ]]; then
	SEEDED_ARGS=(--accounts="$ACCOUNTS")
else
	SEEDED_ARGS=(--seeded="$ACCOUNTS")
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# PostgreSQL needs the data keys (keys.DataKeys): fresh ones for this run, given to every process it starts.
export CLAVE_STAFF_TOTP_KEY=${CLAVE_STAFF_TOTP_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_BIOMETRIC_KEY=${CLAVE_BIOMETRIC_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_SSO_KEY=${CLAVE_SSO_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_RATE_LIMIT_CLAVE_KEY=${CLAVE_RATE_LIMIT_CLAVE_KEY:-$(head -c 32 /dev/urandom | base64)}
ADMIN_USER=bench
ADMIN_PASSWORD="condor andino sobre el cotopaxi 7341"

# ---------------------------------------------------------------- 1. build
JAR=${BENCH_JAR:-target/clave.jar}
if [[ -n ${BENCH_JAR:-} ]]; then
	[[ -f $JAR ]] || { echo "bench: no jar at $JAR" >&2; exit 1; }
elif [[ ! -f target/clave.jar ]] || [[ -n $(find src/main pom.xml -newer target/clave.jar -print -quit) ]]; then
	echo "bench: packaging target/clave.jar" >&2
	./mvnw -q $MVN_OFFLINE -DskipTests package
fi
echo "bench: compiling the benchmark and resolving its classpath" >&2
./mvnw -q $MVN_OFFLINE test-compile dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile=target/bench.classpath

# Private copies, so that another build rewriting target/ cannot change what is running.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clave-bench.XXXXXX")
cp "$JAR" "$WORK/clave.jar"
cp -r target/classes "$WORK/classes"
cp -r target/test-classes "$WORK/test-classes"
CP="$WORK/test-classes:$WORK/classes:$(cat target/bench.classpath)"

PG_PID=
APP_PID=
stop() { # pid, seconds: TERM, then KILL if it is still there
	local pid=$1 i
	[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < $2 * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	local rc=$?
	stop "$APP_PID" 30
	exec 3>&- # BenchPostgres stops PostgreSQL when its stdin closes...
	stop "$PG_PID" 30             # ...and on TERM
	if [[ $rc -ne 0 || -n ${BENCH_KEEP:-} ]]; then
		echo "bench: logs kept in $WORK (app.log, postgres.log)" >&2
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- 2. PostgreSQL
mkfifo "$WORK/pg.stdin"
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
DB_PID=$(sed -n 's/^POSTGRES_PID=//p' "$WORK/postgres.out")
echo "bench: PostgreSQL at $JDBC_URL (postmaster pid ${DB_PID:-unknown})" >&2
if [[ $SEED == sql ]]; then # Clave's migrations, then the accounts set-based (BenchSeed), before the server starts
	"$JAVA" -Xmx256m -cp "$CP" ec.gob.iess.clave.bench.BenchSeed --jdbc-url="$JDBC_URL" --accounts="$ACCOUNTS"
fi

# ---------------------------------------------------------------- 3. the server
# Every request comes from 127.0.0.1 and each account logs in hundreds of times, so the login rate
# limits (per source, per account: 100 and 20 per 15 min by default) are raised out of the way; they
# are still counted on every login, so their database work is part of what is measured.
PORT=$("$JAVA" -cp "$WORK/test-classes" ec.gob.iess.clave.bench.FreePort)
MPORT=$("$JAVA" -cp "$WORK/test-classes" ec.gob.iess.clave.bench.FreePort)
if [[ $LAUNCH == launcher ]]; then
	# As an operator starts a node: the launcher, after its one-off preparation (the unpacked jar and the
	# class-data archive for this JVM, in $WORK/clave-app).
	export CLAVE_JAR=$WORK/clave.jar
	[[ -z $HEAP ]] || export CLAVE_HEAP=$HEAP
	export CLAVE_JAVA_OPTS=${BENCH_SERVER_OPTS:-}
	bin/clave prepare
	SERVER=(bin/clave)
	HEAP_SHOWN=$(bin/clave --print-command | grep -o -- '-Xmx[^ ]*')
else
	# shellcheck disable=SC2206 # BENCH_SERVER_OPTS is a list of options
	SERVER=("$JAVA" -Xmx"${HEAP:-256m}" ${BENCH_SERVER_OPTS:-} -jar "$WORK/clave.jar")
	HEAP_SHOWN=-Xmx${HEAP:-256m}
fi
START_NS=$(date +%s%N)
# The launcher execs the JVM, so $! is the server's own pid either way.
"${SERVER[@]}" \
	--server.address=127.0.0.1 --server.port="$PORT" \
	--management.server.address=127.0.0.1 --management.server.port="$MPORT" \
	--spring.datasource.url="$JDBC_URL" --spring.datasource.username=postgres --spring.datasource.password= \
	--clave.demo-data=false --clave.staff.totp-required=false \
	--clave.bootstrap.admin-username="$ADMIN_USER" --clave.bootstrap.admin-password="$ADMIN_PASSWORD" \
	--clave.hashing.max-queue="$MAX_QUEUE" \
	--clave.rate-limit.login-source.limit=2000000000 --clave.rate-limit.login-account.limit=2000000000 \
	--logging.level.root=WARN >"$WORK/app.log" 2>&1 &
APP_PID=$!
ready() { # the readiness probe answers 200 (plain bash: no curl needed)
	local status
	exec 4<>"/dev/tcp/127.0.0.1/$MPORT" || return 1
	printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&4
	read -r -t 5 _ status _ <&4 || status=
	exec 4>&-
	[[ $status == 200 ]]
}
for ((i = 0; i < 6000; i++)); do
	kill -0 "$APP_PID" 2>/dev/null || { echo "bench: the server ended:" >&2; tail -n 40 "$WORK/app.log" >&2; exit 1; }
	ready 2>/dev/null && break
	sleep 0.05
done
READY_MS=$((($(date +%s%N) - START_NS) / 1000000))
echo "bench: server pid $APP_PID on http://127.0.0.1:$PORT ($LAUNCH, $HEAP_SHOWN, $("${JAVA}" -version 2>&1 | head -n 1))" >&2
echo "start-to-ready (process start until /actuator/health/readiness answers 200): $READY_MS ms;" \
	"RSS then $(awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$APP_PID/status") MiB"

# ---------------------------------------------------------------- 4. the load
# The "db" CPU column sums every process named "postgres" (and the launcher's, nearly nil): pg_ctl
# detaches the postmaster, and as root it runs under unshare in a PID namespace of its own, so
# neither the pid it reports nor the process tree leads to it. Run nothing else with PostgreSQL.
"$JAVA" -Xmx256m -cp "$CP" ec.gob.iess.clave.bench.LoginBenchmark \
	--base="http://127.0.0.1:$PORT" --server-pid="$APP_PID" --db-pid="$PG_PID" \
	--admin-user="$ADMIN_USER" --admin-password="$ADMIN_PASSWORD" \
	"${SEEDED_ARGS[@]}" --duration="$DURATION" --warmup="$WARMUP" --levels="$LEVELS" \
	--overload-duration="$OVERLOAD_DURATION" --queue="$MAX_QUEUE" --hostile="$HOSTILE" \
	--overload="$OVERLOAD" --mode="$MODE"

if grep -qE ' (ERROR|WARN) ' "$WORK/app.log"; then
	echo
	echo "server warnings/errors during the run (first 20):"
	grep -E ' (ERROR|WARN) ' "$WORK/app.log" | head -n 20
fi
