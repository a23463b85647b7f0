#!/usr/bin/env bash
# Fault: the mail server down for minutes under load (docs/faults.md). The packaged jar on embedded PostgreSQL,
# sending mail to a real SMTP server (GreenMail, inside the driver). Clients lock accounts with wrong claves
# (a lockout notice each), ask for unlock links (captcha solved; a link mail each), have an agent unlock them
# (a notice each), and log in with right claves: phase BEFORE, then the SMTP server is stopped (connections
# refused) for --smtp-down-seconds (OUTAGE), started again on the same port (AFTER); then the outbox must
# drain. Checks: every queued mail delivered after, none twice, no request failed, and latency/throughput
# during the outage within noise of before (p50/p99 per phase and the ratios are printed); the database
# consistent (failed_attempts vs audit, every lock/unlock/link with its mail row) and the audit chain
# verified. Prints PASS/FAIL lines and exits 1 on any FAIL.
#
#   bench/faults/smtp-down.sh [--smtp-down-seconds S] [--phase-seconds S] [--lock-accounts N] [--login-clients N]
#
# --smtp-down-seconds: the outage (300); --phase-seconds: before and after it (60); --lock-accounts (4),
# --login-clients (2): one client each. The outbox retries back off to every 5 minutes, so after a long outage
# draining takes up to 5 more minutes. FAULT_HEAP (server -Xmx, 256m), FAULT_KEEP=1 keeps the work directory,
# MVN_OFFLINE=-o builds from the local Maven cache only. Needs only a JDK 17+.
set -euo pipefail
cd "$(dirname "$0")/../.."
FAULT=smtp-down

SMTP_DOWN=300
PHASE=60
LOCK_ACCOUNTS=4
LOGIN_CLIENTS=2
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
	case "$1" in
		--smtp-down-seconds) SMTP_DOWN=$2; shift 2 ;;
		--phase-seconds) PHASE=$2; shift 2 ;;
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
start_server 0
start_driver --scenario=smtp-down --smtp-down-seconds="$SMTP_DOWN" --phase-seconds="$PHASE" \
	--lock-accounts="$LOCK_ACCOUNTS" --login-clients="$LOGIN_CLIENTS" --drain-timeout=$((SMTP_DOWN + 420))

wait "$DRIVER_PID" && DRIVER_RC=0 || DRIVER_RC=$?
DRIVER_PID=
sleep 0.5
stop "$APP_PID" 30
APP_PID=
AUDIT_RC=0
AUDIT_LINE=$(audit_verify) || AUDIT_RC=$?
echo "$AUDIT_LINE"
server_warnings
if [[ $DRIVER_RC -eq 0 && $AUDIT_RC -eq 0 ]]; then
	echo "smtp-down: PASS"
else
	echo "smtp-down: FAIL (driver exit $DRIVER_RC, audit verify exit $AUDIT_RC)"
	exit 1
fi
