#!/usr/bin/env bash
# Fault: the server killed with kill -9 under load (docs/faults.md). The packaged jar on embedded PostgreSQL,
# sending mail to a real SMTP server that counts what it receives (GreenMail, inside the driver). Clients lock
# accounts with wrong claves, ask for unlock links (captcha solved), confirm the links from the mails, and log
# in with right claves; the server is killed with SIGKILL at --kill-at seconds of the load and started again
# on the same database each time. At the end: every change a client saw committed is in the database, no
# half-written state (failed_attempts vs audit rows, every lock/unlock/link with its mail row), the audit chain
# verifies (java -jar clave.jar audit verify), and every queued mail reached the SMTP server exactly once (a
# second copy only for a message sent but not yet marked at a kill, decision 20). Prints PASS/FAIL lines and
# exits 1 on any FAIL.
#
#   bench/faults/kill9.sh [--duration S] [--kill-at S,S] [--lock-accounts N] [--login-clients N]
#
# --duration: seconds of load (150); clients then finish their current lock/unlock cycle. --kill-at: seconds
# after the load starts (30,90); a kill waits until the previous restart is serving. --lock-accounts (4) and
# --login-clients (2): one client each. FAULT_HEAP (server -Xmx, 256m), FAULT_KEEP=1 keeps the work directory,
# MVN_OFFLINE=-o builds from the local Maven cache only. The mail lease is 30 s here (clave.mail.lease) so that
# a killed server's claims are taken over quickly. Needs only a JDK 17+.
set -euo pipefail
cd "$(dirname "$0")/../.."
FAULT=kill9

DURATION=150
KILL_AT=30,90
LOCK_ACCOUNTS=4
LOGIN_CLIENTS=2
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
	case "$1" in
		--duration) DURATION=$2; shift 2 ;;
		--kill-at) KILL_AT=$2; shift 2 ;;
		--lock-accounts) LOCK_ACCOUNTS=$2; shift 2 ;;
		--login-clients) LOGIN_CLIENTS=$2; shift 2 ;;
		-h|--help) usage; exit 0 ;;
		*) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done

# shellcheck source=bench/faults/common.sh
source bench/faults/common.sh
trap cleanup EXIT
trap 'exit 130' INT TERM

build
start_postgres
SERVER_OPTS=(--clave.mail.lease=PT30S)
start_server 0 "${SERVER_OPTS[@]}"
start_driver --scenario=kill9 --duration="$DURATION" --lock-accounts="$LOCK_ACCOUNTS" --login-clients="$LOGIN_CLIENTS"

await_line() { # pattern, seconds: waits for a line of the driver's output
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		grep -qE "$1" "$WORK/driver.out" && return 0
		kill -0 "$DRIVER_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

await_line 'LOAD_STARTED' 900 || { log "the load did not start"; exit 1; }
LOAD_START=$(date +%s)
n=0
IFS=, read -ra KILLS <<<"$KILL_AT"
for at in "${KILLS[@]}"; do
	while (($(date +%s) < LOAD_START + at)); do sleep 0.2; done
	if grep -q 'LOAD_DONE' "$WORK/driver.out"; then
		log "the load ended before the kill at ${at} s: no kill"
		break
	fi
	n=$((n + 1))
	kill -KILL "$APP_PID"
	wait "$APP_PID" 2>/dev/null || true
	log "KILLED the server (kill -9 $APP_PID) at $(($(date +%s) - LOAD_START)) s of the load"
	echo "KILLED $n" >>"$WORK/control"
	await_line "SNAPSHOT $n\$" 60 || { log "the driver did not note the state after kill $n"; exit 1; }
	start_server "$n" "${SERVER_OPTS[@]}"
	await_port "$n"
	log "server $n serving again after $(($(date +%s) - LOAD_START - at)) s"
done

wait "$DRIVER_PID" && DRIVER_RC=0 || DRIVER_RC=$?
DRIVER_PID=
sleep 0.5
stop "$APP_PID" 30
APP_PID=
AUDIT_RC=0
AUDIT_LINE=$(audit_verify) || AUDIT_RC=$?
echo "$AUDIT_LINE"
echo "kills: $n (kill -9 at ${KILL_AT} s of a ${DURATION} s load)"
server_warnings
if [[ $DRIVER_RC -eq 0 && $AUDIT_RC -eq 0 ]]; then
	echo "kill9: PASS"
else
	echo "kill9: FAIL (driver exit $DRIVER_RC, audit verify exit $AUDIT_RC)"
	exit 1
fi
