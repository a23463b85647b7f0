#!/usr/bin/env bash
# Single sign-on benchmark (docs/performance.md): the packaged jar on embedded PostgreSQL; each client
# thread holds a Clave session of its own person, then times the authorization endpoint (session reused,
# no clave hash), the code exchange at the token endpoint (public and confidential client), the whole
# round trip, and refresh. Prints requests/s, p50/p99 per concurrency level, and ratios. A measurement,
# not a test: it exits 0 whatever the figures (non-zero only when something could not be started).
#
#   bench/sso.sh [--duration S] [--warmup S] [--levels 1,2,4,8]
#
# Environment: BENCH_DURATION, BENCH_WARMUP, BENCH_LEVELS, BENCH_HEAP (server -Xmx, 256m), BENCH_KEEP=1
# keeps the work directory (logs), MVN_OFFLINE=-o builds from the local Maven cache only.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-5}
LEVELS=${BENCH_LEVELS:-1,2,4,8}
HEAP=${BENCH_HEAP:-256m}
MVN_OFFLINE=${MVN_OFFLINE:-}

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
	case "$1" in
		--duration) DURATION=$2; shift 2 ;;
		--warmup) WARMUP=$2; shift 2 ;;
		--levels) LEVELS=$2; shift 2 ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# PostgreSQL needs the data keys (keys.DataKeys): fresh ones for this run.
export CLAVE_STAFF_TOTP_KEY=${CLAVE_STAFF_TOTP_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_BIOMETRIC_KEY=${CLAVE_BIOMETRIC_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_SSO_KEY=${CLAVE_SSO_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_RATE_LIMIT_CLAVE_KEY=${CLAVE_RATE_LIMIT_CLAVE_KEY:-$(head -c 32 /dev/urandom | base64)}

# ---------------------------------------------------------------- 1. build
if [[ ! -f target/clave.jar ]] || [[ -n $(find src/main pom.xml -newer target/clave.jar -print -quit) ]]; then
	echo "bench: packaging target/clave.jar" >&2
	./mvnw -q $MVN_OFFLINE -DskipTests package
fi
echo "bench: compiling the benchmark and resolving its classpath" >&2
./mvnw -q $MVN_OFFLINE test-compile dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile=target/bench.classpath

WORK=$(mktemp -d "${TMPDIR:-/tmp}/clave-bench-sso.XXXXXX")
cp target/clave.jar "$WORK/clave.jar"
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
echo "bench: PostgreSQL at $JDBC_URL" >&2

# ---------------------------------------------------------------- 3. the server
# The benchmark's threads sign in once each; the login limits are raised only so that set-up never meets them.
PORT=$("$JAVA" -cp "$WORK/test-classes" ec.gob.iess.clave.bench.FreePort)
"$JAVA" -Xmx"$HEAP" -jar "$WORK/clave.jar" \
	--server.port="$PORT" --clave.base-url="http://localhost:$PORT" \
	--spring.datasource.url="$JDBC_URL" --spring.datasource.username=postgres --spring.datasource.password= \
	--clave.demo-data=false --clave.staff.totp-required=false \
	--clave.bootstrap.admin-username=admin-pruebas --clave.bootstrap.admin-password="faro del puerto viejo 1907" \
	--clave.rate-limit.login-source.limit=2000000000 --clave.rate-limit.login-account.limit=2000000000 \
	--clave.captcha.free-attempts=2000000000 \
	--logging.level.root=WARN >"$WORK/app.log" 2>&1 &
APP_PID=$!
for ((i = 0; i < 1800; i++)); do
	kill -0 "$APP_PID" 2>/dev/null || { echo "bench: the server ended:" >&2; tail -n 40 "$WORK/app.log" >&2; exit 1; }
	(exec 4<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
	sleep 0.1
done
echo "bench: server pid $APP_PID on http://localhost:$PORT (-Xmx$HEAP); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# ---------------------------------------------------------------- 4. the load
"$JAVA" -Xmx256m -cp "$CP" ec.gob.iess.clave.bench.SsoBenchmark --port="$PORT" \
	--duration="$DURATION" --warmup="$WARMUP" --levels="$LEVELS"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if grep -qE ' (ERROR|WARN) ' "$WORK/app.log"; then
	echo
	echo "server warnings/errors during the run (first 20):"
	grep -E ' (ERROR|WARN) ' "$WORK/app.log" | head -n 20
fi
