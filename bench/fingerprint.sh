#!/usr/bin/env bash
# Fingerprint benchmark (docs/performance.md): the cost of one verification at the counter, in one thread of
# this machine — decoding the scanner's PNG, extracting the SourceAFIS template, the sealed template's round
# trip (seal + open + deserialize) and one match — as medians and p99 over synthetic 500-dpi impressions.
# A measurement, not a test: it exits 0 whatever the figures.
#
#   bench/fingerprint.sh [--runs N] [--warmup N]
#
# MVN_OFFLINE=-o builds from the local Maven cache only. Needs only a JDK 17+.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-300}
WARMUP=${BENCH_WARMUP:-60}
MVN_OFFLINE=${MVN_OFFLINE:-}
while [[ $# -gt 0 ]]; do
	case "$1" in
		--runs) RUNS=$2; shift 2 ;;
		--warmup) WARMUP=$2; shift 2 ;;
		-h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "unknown argument: $1" >&2; exit 2 ;;
	esac
done

echo "bench: compiling the benchmark and resolving its classpath" >&2
./mvnw -q $MVN_OFFLINE test-compile dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile=target/bench.classpath
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//'), $("$JAVA" -version 2>&1 | head -n1)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
"$JAVA" -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
	ec.gob.iess.clave.biometric.FingerprintBenchmark --runs="$RUNS" --warmup="$WARMUP"
