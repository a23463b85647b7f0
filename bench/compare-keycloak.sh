#!/usr/bin/env bash
# Clave side by side with Keycloak (docs/performance.md): the same accounts, the same Argon2id parameters
# (m=19456 KiB, t=2, p=1), the same PostgreSQL, the same load tool (wrk, closed loop, same concurrency),
# alternately, a fresh database cluster each round. Clave: POST /api/v1/login (API.md). Keycloak: the
# direct grant at the token endpoint (grant_type=password, public client with direct access grants).
# Prints per round and as medians: logins/s, p50/p99, server CPU per login, peak RSS (VmHWM of the server
# process), start-to-ready (process start until its readiness probe answers 200), the single-hash time of
# each implementation, and the ratios. A measurement, not a test: exits 0 whatever the figures.
#
#   bench/compare-keycloak.sh [--rounds N] [--duration S] [--warmup S] [--concurrency C] [--accounts N]
#                             [--startup-profile]
#
# --startup-profile (automatic when Clave's median start-to-ready is 5 s or more) then starts Clave once
# more on a fresh seeded database under StartupProfile, which prints where its start-up time goes.
#
# Environment: BENCH_ROUNDS (3), BENCH_DURATION (30), BENCH_WARMUP (10), BENCH_CONCURRENCY (8),
# BENCH_ACCOUNTS (1000), BENCH_WRK_THREADS (2); BENCH_CLAVE_LAUNCH: launcher (the default: Clave as an
# operator starts it, bin/clave after one `clave prepare` -- its counterpart of kc.sh build + start --optimized --
# with the launcher's JVM settings) or jar (java -jar clave.jar with the JVM's own defaults); BENCH_CLAVE_JAVA_HOME
# (the JVM for Clave: by default Keycloak's, so both run on the same one); BENCH_CLAVE_OPTS extra JVM options for
# Clave (none: the launcher's, or the JVM's, defaults); BENCH_KEYCLOAK_VERSION (26.7.3), BENCH_KEYCLOAK_JAVA_HOME (Java 21+, default
# /usr/lib/jvm/temurin-25-jdk-amd64), BENCH_CACHE (~/.cache/clave-bench: the Keycloak distribution is
# fetched from Maven Central, org.keycloak:keycloak-quarkus-dist:VERSION:zip, unpacked and built there,
# never in the repository), BENCH_KEEP=1 keeps the work directory (logs). MVN_OFFLINE=-o as bench/login.sh.
#
# Needs wrk (https://github.com/wg/wrk; Debian/Ubuntu: apt-get install -y wrk) and curl.
# Both servers get the accounts the same way: one precomputed Argon2id hash of the bench clave copied into
# every account (Clave: BenchSeed in SQL; Keycloak: a realm imported from JSON with the hash in its argon2
# credential format), so that neither spends the set-up hashing; a login does the same work either way.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-30}
WARMUP=${BENCH_WARMUP:-10}
CONCURRENCY=${BENCH_CONCURRENCY:-8}
ACCOUNTS=${BENCH_ACCOUNTS:-1000}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
KC_VERSION=${BENCH_KEYCLOAK_VERSION:-26.7.3}
KC_JAVA_HOME=${BENCH_KEYCLOAK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CACHE=${BENCH_CACHE:-$HOME/.cache/clave-bench}
MVN_OFFLINE=${MVN_OFFLINE:-}
STARTUP_PROFILE=${BENCH_STARTUP_PROFILE:-auto}
CLAVE_LAUNCH=${BENCH_CLAVE_LAUNCH:-launcher}
CLAVE_JAVA_HOME=${BENCH_CLAVE_JAVA_HOME:-$KC_JAVA_HOME}

usage() { sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
	case "$1" in
		--rounds) ROUNDS=$2; shift 2 ;;
		--duration) DURATION=$2; shift 2 ;;
		--warmup) WARMUP=$2; shift 2 ;;
		--concurrency) CONCURRENCY=$2; shift 2 ;;
		--accounts) ACCOUNTS=$2; shift 2 ;;
		--startup-profile) STARTUP_PROFILE=true; shift ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done
((CONCURRENCY >= WRK_THREADS)) || WRK_THREADS=$CONCURRENCY

command -v wrk >/dev/null || { echo "bench: wrk is missing: apt-get install -y wrk (or build https://github.com/wg/wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: curl is missing" >&2; exit 1; }
[[ -x $KC_JAVA_HOME/bin/java ]] || { echo "bench: no Java 21+ at $KC_JAVA_HOME (BENCH_KEYCLOAK_JAVA_HOME)" >&2; exit 1; }

# ---------------------------------------------------------------- 1. Clave's jar and the bench classes
# JAVA, the data keys, build (jar, test classes, classpath, private copies in WORK) and stop come from the
# fault scripts' common part; the rest of it (one PostgreSQL, one server) is not used here.
FAULT=compare-keycloak
# shellcheck source=bench/faults/common.sh
source bench/faults/common.sh
build

# ---------------------------------------------------------------- 2. Keycloak, fetched and built once
KC_HOME=$CACHE/keycloak-$KC_VERSION
KC_BUILD_OPTS=(--db=postgres --health-enabled=true)
if [[ ! -x $KC_HOME/bin/kc.sh ]]; then
	mkdir -p "$CACHE"
	if [[ ! -f $CACHE/keycloak-quarkus-dist-$KC_VERSION.zip ]]; then
		echo "bench: fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip from Maven Central into $CACHE" >&2
		./mvnw -q $MVN_OFFLINE dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
			-DoutputDirectory="$CACHE"
	fi
	(cd "$CACHE" && unzip -q -o "keycloak-quarkus-dist-$KC_VERSION.zip")
fi
if [[ $(cat "$KC_HOME/.clave-bench-build" 2>/dev/null) != "${KC_BUILD_OPTS[*]}" ]]; then
	echo "bench: kc.sh build ${KC_BUILD_OPTS[*]} (once; cached in $KC_HOME)" >&2
	JAVA_HOME=$KC_JAVA_HOME "$KC_HOME/bin/kc.sh" build "${KC_BUILD_OPTS[@]}" >"$WORK/keycloak-build.log" 2>&1
	echo "${KC_BUILD_OPTS[*]}" >"$KC_HOME/.clave-bench-build"
fi
# The same Argon2id parameters as Clave's (HashingSettings.defaults()); the realm's password policy is
# hashAlgorithm(argon2), and the imported credentials carry exactly these, so Keycloak never rehashes.
KC_HASH_OPTS=(--spi-password-hashing--argon2--type=id --spi-password-hashing--argon2--version=1.3
	--spi-password-hashing--argon2--memory=19456 --spi-password-hashing--argon2--iterations=2
	--spi-password-hashing--argon2--parallelism=1 --spi-password-hashing--argon2--hash-length=32)

stop_postgres() {
	exec 3>&- # BenchPostgres stops PostgreSQL when its stdin closes...
	stop "$PG_PID" 30 # ...and on TERM
	PG_PID=
}
finish() {
	local rc=$?
	stop "$APP_PID" 30
	stop_postgres
	if [[ $rc -ne 0 || -n ${BENCH_KEEP:-} ]]; then
		echo "bench: logs kept in $WORK" >&2
	else
		rm -rf "$WORK"
	fi
}
trap finish EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- 3. the accounts and the load scripts
echo "bench: $ACCOUNTS accounts: one Argon2id hash, the realm JSON and the request bodies" >&2
PHC=$("$JAVA" -Xmx256m -cp "$CP" ec.gob.iess.clave.bench.BenchSeed --accounts="$ACCOUNTS" --print-phc=true \
	--keycloak-realm="$WORK/realm.json" --wrk-bodies="$WORK/bodies" | head -n 1)
# Each wrk thread picks a random account's body for every request (a closed loop per connection).
cat >"$WORK/login.lua" <<'LUA'
local counter = 0
function setup(thread)
	counter = counter + 1
	thread:set("id", counter)
end
local bodies = {}
function init(args)
	for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
	wrk.method = "POST"
	wrk.headers["Content-Type"] = args[2]
	math.randomseed(os.time() * 1000 + id)
end
function request()
	return wrk.format(nil, nil, nil, bodies[math.random(#bodies)])
end
LUA

# ---------------------------------------------------------------- helpers
free_port() { "$JAVA" -cp "$WORK/test-classes" ec.gob.iess.clave.bench.FreePort; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
hwm_mib() { awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

fresh_postgres() { # a fresh cluster each time; sets PG_PID, JDBC_URL, PG_PORT
	rm -f "$WORK/pg.stdin"
	: >"$WORK/postgres.out" # emptied before the reader below looks at it: the new process opens it a moment later
	mkfifo "$WORK/pg.stdin"
	exec 3<>"$WORK/pg.stdin"
	"$JAVA" -Xmx64m -cp "$CP" ec.gob.iess.clave.bench.BenchPostgres <"$WORK/pg.stdin" >"$WORK/postgres.out" \
		2>>"$WORK/postgres.log" &
	PG_PID=$!
	JDBC_URL=
	for ((i = 0; i < 1200; i++)); do
		JDBC_URL=$(sed -n 's/^JDBC_URL=//p' "$WORK/postgres.out")
		[[ -n $JDBC_URL ]] && break
		kill -0 "$PG_PID" 2>/dev/null || { echo "bench: PostgreSQL did not start" >&2; tail -n 30 "$WORK/postgres.log" >&2; exit 1; }
		sleep 0.1
	done
	[[ -n $JDBC_URL ]] || { echo "bench: PostgreSQL did not start within 120 s" >&2; exit 1; }
	PG_PORT=$(sed -E 's#^jdbc:postgresql://[^:]+:([0-9]+)/.*#\1#' <<<"$JDBC_URL")
}

wait_ready() { # url, pid, log: sets READY_MS (from START_MS)
	local i
	for ((i = 0; i < 6000; i++)); do
		kill -0 "$2" 2>/dev/null || { echo "bench: the server ended:" >&2; tail -n 40 "$3" >&2; exit 1; }
		if curl -sf -o /dev/null --max-time 1 "$1"; then
			READY_MS=$(($(now_ms) - START_MS))
			return 0
		fi
		sleep 0.05
	done
	echo "bench: not ready within 300 s: $1" >&2
	exit 1
}

clave_args() { # port, management port: sets CLAVE_ARGS
	CLAVE_ARGS=(--server.address=127.0.0.1 --server.port="$1"
		--management.server.address=127.0.0.1 --management.server.port="$2"
		--spring.datasource.url="$JDBC_URL" --spring.datasource.username=postgres --spring.datasource.password=
		--clave.demo-data=false --clave.staff.totp-required=false
		--clave.rate-limit.login-source.limit=2000000000 --clave.rate-limit.login-account.limit=2000000000
		--logging.level.root=WARN)
}

start_clave() { # sets APP_PID, URL, CONTENT_TYPE, BODIES, READY_MS
	"$JAVA" -Xmx256m -cp "$CP" ec.gob.iess.clave.bench.BenchSeed --jdbc-url="$JDBC_URL" --accounts="$ACCOUNTS" \
		--phc="$PHC" >"$WORK/seed.log"
	grep -E 'database size|done in' "$WORK/seed.log" | sed 's/^/  /' >&2
	local port mport
	port=$(free_port)
	mport=$(free_port)
	START_MS=$(now_ms)
	clave_args "$port" "$mport"
	# shellcheck disable=SC2086 # BENCH_CLAVE_OPTS is a list of options
	if [[ $CLAVE_LAUNCH == launcher ]]; then
		JAVA_HOME=$CLAVE_JAVA_HOME CLAVE_JAR=$WORK/clave.jar CLAVE_JAVA_OPTS=${BENCH_CLAVE_OPTS:-} bin/clave \
			"${CLAVE_ARGS[@]}" >"$WORK/clave.log" 2>&1 &
	else
		"$CLAVE_JAVA_HOME/bin/java" ${BENCH_CLAVE_OPTS:-} -jar "$WORK/clave.jar" "${CLAVE_ARGS[@]}" >"$WORK/clave.log" 2>&1 &
	fi
	APP_PID=$!
	SERVER_PID=$APP_PID
	wait_ready "http://127.0.0.1:$mport/actuator/health/readiness" "$APP_PID" "$WORK/clave.log"
	URL="http://127.0.0.1:$port/api/v1/login"
	CONTENT_TYPE=application/json
	BODIES=$WORK/bodies/clave.txt
}

start_keycloak() {
	local port mport db_opts
	db_opts=(--db-url="jdbc:postgresql://127.0.0.1:$PG_PORT/clave" --db-username=postgres --db-password=postgres)
	local t0
	t0=$(now_ms)
	JAVA_HOME=$KC_JAVA_HOME "$KC_HOME/bin/kc.sh" import --optimized --file="$WORK/realm.json" "${db_opts[@]}" \
		"${KC_HASH_OPTS[@]}" >"$WORK/keycloak-import.log" 2>&1 \
		|| { echo "bench: kc.sh import failed:" >&2; tail -n 40 "$WORK/keycloak-import.log" >&2; exit 1; }
	echo "  keycloak: realm imported (schema + $ACCOUNTS users) in $((($(now_ms) - t0) / 1000)) s" >&2
	port=$(free_port)
	mport=$(free_port)
	START_MS=$(now_ms)
	JAVA_HOME=$KC_JAVA_HOME "$KC_HOME/bin/kc.sh" start --optimized \
		--http-enabled=true --http-host=127.0.0.1 --http-port="$port" --http-management-port="$mport" \
		--hostname-strict=false "${db_opts[@]}" "${KC_HASH_OPTS[@]}" --log-level=warn >"$WORK/keycloak.log" 2>&1 &
	APP_PID=$!
	wait_ready "http://127.0.0.1:$mport/health/ready" "$APP_PID" "$WORK/keycloak.log"
	# kc.sh runs java as its child (and forwards TERM to it): RSS and CPU are the child's.
	SERVER_PID=$(ps -o pid= --ppid "$APP_PID" | head -n 1 | tr -d ' ')
	URL="http://127.0.0.1:$port/realms/bench/protocol/openid-connect/token"
	CONTENT_TYPE=application/x-www-form-urlencoded
	BODIES=$WORK/bodies/keycloak.txt
}

# Neither server may have rewritten the stored hashes (a rehash on login would double its work): count them.
rehashed_check() {
	command -v psql >/dev/null || return 0
	local query changed
	if [[ $1 == clave ]]; then
		query="select count(*) from accounts where password_hash <> '$PHC'"
	else
		query="select count(*) from credential where type = 'password' and secret_data not like '%$(sed -E 's/.*\$//' <<<"$PHC")%'"
	fi
	changed=$(PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d clave -At -c "$query" 2>/dev/null || echo "?")
	[[ $changed == 0 ]] || echo "  $1: $changed stored hashes differ from the seeded one (rehashed on login?)" >&2
}

# wrk's latency figure in milliseconds ("12.34ms", "1.02s", "980.00us")
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /m$/) { sub(/m$/, "", v); v *= 60000 } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.1f", v }' <<<"$1"; }

run_target() { # clave|keycloak, round: appends a line to $WORK/results
	local target=$1 round=$2 out ticks0 ticks1 rps p50 p99 errors requests cpu_ms
	fresh_postgres
	"start_$target"
	# One login first: it must succeed, or the figures would be of refusals.
	local first
	first=$(curl -s -o "$WORK/first.body" -w '%{http_code}' -H "Content-Type: $CONTENT_TYPE" \
		--data-binary "$(head -n 1 "$BODIES")" "$URL")
	[[ $first == 200 ]] || { echo "bench: $target: a login answered $first: $(head -c 300 "$WORK/first.body")" >&2; exit 1; }
	if ((WARMUP > 0)); then
		wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d"${WARMUP}s" -s "$WORK/login.lua" "$URL" -- "$BODIES" "$CONTENT_TYPE" >/dev/null
	fi
	ticks0=$(cpu_ticks "$SERVER_PID")
	out=$(wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d"${DURATION}s" --timeout 30s --latency -s "$WORK/login.lua" "$URL" \
		-- "$BODIES" "$CONTENT_TYPE")
	ticks1=$(cpu_ticks "$SERVER_PID")
	echo "$out" >>"$WORK/wrk-$target.log"
	rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
	requests=$(awk '/ requests in / { print $1 }' <<<"$out")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
	errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$out")
	cpu_ms=$(awk -v t=$((ticks1 - ticks0)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? t * 1000 / hz / n : 0) }')
	local hwm
	hwm=$(hwm_mib "$SERVER_PID")
	rehashed_check "$target"
	stop "$APP_PID" 60
	APP_PID=
	stop_postgres
	printf '%-8s %5s %9s %8s %8s %9s %8s %10s %7s  %s\n' "$target" "$round" "$rps" "$p50" "$p99" "$cpu_ms" "$hwm" \
		"$READY_MS" "$errors" "$(load_average)" | tee -a "$WORK/results"
}

# ---------------------------------------------------------------- 4. the single hash of each (idle)
echo
echo "== Single Argon2id hash (m=19456 KiB, t=2, p=1), one thread, nothing else of this benchmark running"
echo "load average: $(load_average)"
"$JAVA" -cp "$CP" ec.gob.iess.clave.bench.HashTime | tee "$WORK/hash-clave.txt" | sed -n 1p
KC_BCPROV=$(ls "$KC_HOME"/lib/lib/main/org.bouncycastle.bcprov-*.jar | head -n 1)
"$KC_JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$KC_BCPROV:$CP" ec.gob.iess.clave.bench.HashTime --bouncy-castle=true \
	| tee "$WORK/hash-keycloak.txt" | sed -n 1p
HASH_CLAVE=$(sed -n 's/^HASH_MS=//p' "$WORK/hash-clave.txt")
if [[ $CLAVE_LAUNCH == launcher ]]; then
	echo "bench: clave prepare (the unpacked jar and its class-data archive for $CLAVE_JAVA_HOME)" >&2
	JAVA_HOME=$CLAVE_JAVA_HOME CLAVE_JAR=$WORK/clave.jar CLAVE_JAVA_OPTS=${BENCH_CLAVE_OPTS:-} bin/clave prepare
fi
HASH_KC=$(sed -n 's/^HASH_MS=//p' "$WORK/hash-keycloak.txt")

# ---------------------------------------------------------------- 5. the rounds
echo
echo "== $ROUNDS rounds, Clave and Keycloak alternately, each on a fresh PostgreSQL cluster"
echo "machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo); $(date -u '+%Y-%m-%d %H:%M UTC')"
# Both servers run under it; libsodium's hash (Clave) is much faster with 'always' (decision 166).
echo "transparent huge pages: $(sed -n 's/.*\[\([a-z]*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"
if [[ $CLAVE_LAUNCH == launcher ]]; then
	echo "Clave: $("$CLAVE_JAVA_HOME/bin/java" -version 2>&1 | head -n 1), bin/clave after clave prepare:" \
		"$(JAVA_HOME=$CLAVE_JAVA_HOME CLAVE_JAR=$WORK/clave.jar CLAVE_JAVA_OPTS=${BENCH_CLAVE_OPTS:-} bin/clave --print-command \
			| sed -E 's#^[^ ]+/java ##; s# -jar .*##')"
else
	echo "Clave: $("$CLAVE_JAVA_HOME/bin/java" -version 2>&1 | head -n 1), java -jar, JVM options: ${BENCH_CLAVE_OPTS:-none (defaults)}"
fi
echo "Keycloak $KC_VERSION: $("$KC_JAVA_HOME/bin/java" -version 2>&1 | head -n 1), kc.sh's default heap (-Xms64m -Xmx512m)"
echo "load: wrk $WRK_THREADS threads, $CONCURRENCY connections (closed loop), ${WARMUP} s warm-up, ${DURATION} s measured; $ACCOUNTS accounts, each request a random one"
echo "the load client, both servers and PostgreSQL share these cores; load average before: $(load_average)"
echo
printf '%-8s %5s %9s %8s %8s %9s %8s %10s %7s  %s\n' server round logins/s "p50 ms" "p99 ms" "cpu ms/op" "RSS MiB" \
	"ready ms" errors "load average"
: >"$WORK/results"
for ((round = 1; round <= ROUNDS; round++)); do
	if ((round % 2 == 1)); then order=(clave keycloak); else order=(keycloak clave); fi
	for target in "${order[@]}"; do
		run_target "$target" "$round"
	done
done

# ---------------------------------------------------------------- 6. summary
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_median() { awk -v t="$1" -v c="$2" '$1 == t { print $c }' "$WORK/results" | median; }
echo
echo "== Summary (medians over $ROUNDS rounds)"
printf '%-9s %9s %8s %8s %9s %8s %9s %12s\n' "" logins/s "p50 ms" "p99 ms" "cpu ms/op" "RSS MiB" "ready ms" "single hash"
for target in clave keycloak; do
	hash=$HASH_CLAVE
	[[ $target == keycloak ]] && hash=$HASH_KC
	printf '%-9s %9s %8s %8s %9s %8s %9s %9s ms\n' "$target" "$(column_median "$target" 3)" "$(column_median "$target" 4)" \
		"$(column_median "$target" 5)" "$(column_median "$target" 6)" "$(column_median "$target" 7)" \
		"$(column_median "$target" 8)" "$hash"
done
CORES=$(nproc)
# Each round's Clave/Keycloak pair ran back to back: their ratio is less exposed to the machine drifting
# between rounds than the ratio of the medians.
PAIRED=$(awk '$1 == "clave" { c[$2] = $3 } $1 == "keycloak" { k[$2] = $3 }
	END { for (r in c) if (r in k && k[r] > 0) print c[r] / k[r] }' "$WORK/results" | median)
echo
echo "per round, Clave/Keycloak throughput: $(awk '$1 == "clave" { c[$2] = $3 } $1 == "keycloak" { k[$2] = $3 }
	END { for (r = 1; r in c; r++) if (r in k && k[r] > 0) printf "%s%.2f", (r > 1 ? ", " : ""), c[r] / k[r] }' "$WORK/results") (median $(awk -v p="$PAIRED" 'BEGIN { printf "%.2f", p }'))"
awk -v c="$(column_median clave 3)" -v k="$(column_median keycloak 3)" -v p99="$(column_median clave 5)" \
	-v rss="$(column_median clave 7)" -v ready="$(column_median clave 8)" -v hc="$HASH_CLAVE" -v hk="$HASH_KC" \
	-v cores="$CORES" -v load="$(load_average)" -v paired="$PAIRED" -v cc="$(column_median clave 6)" \
	-v kc="$(column_median keycloak 6)" \
	-v launch="$([[ $CLAVE_LAUNCH == launcher ]] && echo "bin/clave, its settings" || echo "java -jar, the JVM's defaults")" 'BEGIN {
	limit = cores * 1000 / hc
	printf "Clave / Keycloak throughput: %.2f of the medians, %.2f the median of the rounds (goal >= 2.7)  %s\n", c / k, paired, (paired >= 2.7 ? "PASS" : "FAIL")
	printf "server CPU per login, Keycloak / Clave: %.1f / %.1f ms = %.2f (steadier than throughput on a shared machine)\n", kc, cc, kc / cc
	printf "Clave throughput / (0.9 x %d cores / %.1f ms = %.1f logins/s): %.2f  %s\n", cores, hc, 0.9 * limit, c / (0.9 * limit), (c >= 0.9 * limit ? "PASS" : "FAIL")
	printf "Clave p99 / hash time at this concurrency: %.1f ms / %.1f ms = %.2f (the goal, < 4, is at the saturation point: bench/login.sh)\n", p99, hc, p99 / hc
	printf "Clave start-to-ready: %.2f s (goal < 5 s)  %s\n", ready / 1000, (ready < 5000 ? "PASS" : "FAIL")
	printf "Clave peak RSS (%s): %d MiB (goal < 400 MiB)  %s\n", launch, rss, (rss < 400 ? "PASS" : "FAIL")
	printf "for reference: Keycloak throughput / (%d cores / its %.1f ms Bouncy Castle hash) = %.2f\n", cores, hk, k / (cores * 1000 / hk)
	printf "load average at the end: %s (other work on this machine skews every figure)\n", load
	print "(PASS/FAIL are reported, not enforced: this is a measurement and exits 0.)"
}'

# ---------------------------------------------------------------- 7. where Clave's start-up time goes
CLAVE_READY=$(column_median clave 8)
if [[ $STARTUP_PROFILE == true || ($STARTUP_PROFILE == auto && ${CLAVE_READY%.*} -ge 5000) ]]; then
	fresh_postgres
	"$JAVA" -Xmx256m -cp "$CP" ec.gob.iess.clave.bench.BenchSeed --jdbc-url="$JDBC_URL" --accounts="$ACCOUNTS" \
		--phc="$PHC" >"$WORK/seed.log"
	clave_args "$(free_port)" "$(free_port)"
	echo
	echo "(the profile runs the application from its classes, not the packaged jar; load average: $(load_average))"
	# shellcheck disable=SC2086
	"$JAVA" ${BENCH_CLAVE_OPTS:-} -cp "$CP" ec.gob.iess.clave.bench.StartupProfile "${CLAVE_ARGS[@]}" 2>"$WORK/profile.log" \
		|| { echo "bench: the start-up profile failed:" >&2; tail -n 20 "$WORK/profile.log" >&2; }
	stop_postgres
fi
