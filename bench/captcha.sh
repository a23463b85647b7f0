#!/usr/bin/env bash
# Captcha challenge benchmark (docs/performance.md): the packaged jar on embedded PostgreSQL with its default
# captcha settings, GET /api/v1/captcha driven by wrk (closed loop) at each concurrency level; prints
# challenges/s and the p50/p99 of each level. A challenge is what every self-service form and API client asks
# for first, so it must stay cheap: it signs a fresh challenge (HMAC) after reading the source's recent
# failures (its difficulty) from the database. A measurement, not a test: exits 0 whatever the figures.
#
#   bench/captcha.sh [--duration S] [--warmup S] [--levels 1,8,32]
#
# The same as environment variables: BENCH_DURATION (10), BENCH_WARMUP (5), BENCH_LEVELS (1,8,32),
# BENCH_WRK_THREADS (2). Needs wrk (Debian/Ubuntu: apt-get install -y wrk) and a JDK 17+; everything else comes
# through the Maven wrapper.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-5}
LEVELS=${BENCH_LEVELS:-1,8,32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}

usage() { sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
	case "$1" in
		--duration) DURATION=$2; shift 2 ;;
		--warmup) WARMUP=$2; shift 2 ;;
		--levels) LEVELS=$2; shift 2 ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done
command -v wrk >/dev/null || { echo "bench: wrk is missing: apt-get install -y wrk" >&2; exit 1; }

FAULT=captcha-bench
# shellcheck source=bench/faults/common.sh
source bench/faults/common.sh
trap cleanup EXIT

build
start_postgres
# common.sh makes the captcha cheap for its fault drivers; here it is put back to its default (100000).
CAPTCHA_MAX_NUMBER=100000
start_server captcha
await_port captcha
URL="http://127.0.0.1:$APP_PORT/api/v1/captcha"
for ((i = 0; i < 600; i++)); do
	[[ $(curl -s -o /dev/null -w '%{http_code}' "$URL") == 200 ]] && break
	sleep 0.1
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(java -version 2>&1 | head -1); wrk $WRK_THREADS threads, closed loop; ${WARMUP} s warm-up, ${DURATION} s per level"
printf '%-6s %14s %10s %10s %10s\n' clients challenges/s p50 p99 non-2xx
IFS=, read -r -a levels <<<"$LEVELS"
for c in "${levels[@]}"; do
	threads=$((c < WRK_THREADS ? c : WRK_THREADS))
	wrk -t"$threads" -c"$c" -d"${WARMUP}s" "$URL" >/dev/null
	out=$(wrk -t"$threads" -c"$c" -d"${DURATION}s" --latency "$URL")
	rate=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
	printf '%-6s %14s %10s %10s %10s\n' "$c" "$rate" "$p50" "$p99" "${bad:-0}"
done
echo "server RSS peak: $(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$APP_PID/status")"
