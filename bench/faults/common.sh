# Shared by bench/faults/kill9.sh and bench/faults/smtp-down.sh (sourced, not run; bench/compare-keycloak.sh
# uses its build and stop): builds the jar and the drivers, starts embedded PostgreSQL (bench.BenchPostgres)
# and the packaged server against it and against the driver's SMTP sink, and cleans up. Needs only a JDK 17+; everything else comes through the Maven wrapper.
# Expects: FAULT (script name, for messages). Sets: WORK, CP, JDBC_URL, APP_PORT, SMTP_PORT, APP_PID, PG_PID.

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# PostgreSQL needs the data keys (keys.DataKeys): fresh ones for this run, given to every process it starts.
export CLAVE_STAFF_TOTP_KEY=${CLAVE_STAFF_TOTP_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_BIOMETRIC_KEY=${CLAVE_BIOMETRIC_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_SSO_KEY=${CLAVE_SSO_KEY:-$(head -c 32 /dev/urandom | base64)}
export CLAVE_RATE_LIMIT_CLAVE_KEY=${CLAVE_RATE_LIMIT_CLAVE_KEY:-$(head -c 32 /dev/urandom | base64)}
ADMIN_USER=fallas
ADMIN_PASSWORD="volcán tungurahua al amanecer 2718"
HEAP=${FAULT_HEAP:-256m}
MVN_OFFLINE=${MVN_OFFLINE:-}

log() { echo "$FAULT: $*" >&2; }

build() {
	if [[ ! -f target/clave.jar ]] || [[ -n $(find src/main pom.xml -newer target/clave.jar -print -quit) ]]; then
		log "packaging target/clave.jar"
		./mvnw -q -B -ntp $MVN_OFFLINE -DskipTests package
	fi
	log "compiling the drivers and resolving their classpath"
	./mvnw -q -B -ntp $MVN_OFFLINE test-compile dependency:build-classpath -Dmdep.includeScope=test \
		-Dmdep.outputFile=target/bench.classpath
	# Private copies, so that another build rewriting target/ cannot change what is running.
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/clave-$FAULT.XXXXXX")
	cp target/clave.jar "$WORK/clave.jar"
	cp -r target/classes "$WORK/classes"
	cp -r target/test-classes "$WORK/test-classes"
	CP="$WORK/test-classes:$WORK/classes:$(cat target/bench.classpath)"
}

PG_PID=
APP_PID=
DRIVER_PID=
TAIL_PID=
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
	stop "$DRIVER_PID" 10
	stop "$APP_PID" 30
	[[ -n $TAIL_PID ]] && { kill "$TAIL_PID" 2>/dev/null || true; }
	exec 3>&- # BenchPostgres stops PostgreSQL when its stdin closes...
	stop "$PG_PID" 30 # ...and on TERM
	if [[ -n ${WORK:-} ]]; then
		if [[ $rc -ne 0 || -n ${FAULT_KEEP:-} ]]; then
			log "logs kept in $WORK (driver.out, app-*.log, postgres.log)"
		else
			rm -rf "$WORK"
		fi
	fi
}

start_postgres() {
	mkfifo "$WORK/pg.stdin"
	: >"$WORK/postgres.out" # before the reader below looks at it (the background job opens it a moment later)
	exec 3<>"$WORK/pg.stdin"
	"$JAVA" -Xmx64m -cp "$CP" ec.gob.iess.clave.bench.BenchPostgres <"$WORK/pg.stdin" >"$WORK/postgres.out" \
		2>"$WORK/postgres.log" &
	PG_PID=$!
	JDBC_URL=
	local i
	for ((i = 0; i < 1200; i++)); do
		JDBC_URL=$(sed -n 's/^JDBC_URL=//p' "$WORK/postgres.out")
		[[ -n $JDBC_URL ]] && break
		kill -0 "$PG_PID" 2>/dev/null || { log "PostgreSQL did not start:"; tail -n 30 "$WORK/postgres.log" >&2; exit 1; }
		sleep 0.1
	done
	[[ -n $JDBC_URL ]] || { log "PostgreSQL did not start within 120 s"; exit 1; }
	log "PostgreSQL at $JDBC_URL"
	APP_PORT=$("$JAVA" -cp "$WORK/test-classes" ec.gob.iess.clave.bench.FreePort)
	SMTP_PORT=$("$JAVA" -cp "$WORK/test-classes" ec.gob.iess.clave.bench.FreePort)
}

# Every request comes from 127.0.0.1 and the same accounts lock and unlock over and over, so the rate limits
# are raised out of the way (they are still counted on every request). The captcha stays, made cheap.
# $1: a name for the log file; extra arguments go to the server.
start_server() {
	local name=$1
	shift
	"$JAVA" -Xmx"$HEAP" -jar "$WORK/clave.jar" \
		--server.address=127.0.0.1 --server.port="$APP_PORT" \
		--management.server.address=127.0.0.1 --management.server.port=0 \
		--spring.datasource.url="$JDBC_URL" --spring.datasource.username=postgres --spring.datasource.password= \
		--spring.mail.host=127.0.0.1 --spring.mail.port="$SMTP_PORT" \
		--clave.demo-data=false --clave.staff.totp-required=false \
		--clave.bootstrap.admin-username="$ADMIN_USER" --clave.bootstrap.admin-password="$ADMIN_PASSWORD" \
		--clave.captcha.max-number="${CAPTCHA_MAX_NUMBER:-2000}" \
		--clave.rate-limit.login-source.limit=2000000000 --clave.rate-limit.login-account.limit=2000000000 \
		--clave.rate-limit.login-failure-source.limit=2000000000 --clave.rate-limit.login-clave.limit=2000000000 \
		--clave.rate-limit.unlock-account.limit=2000000000 --clave.rate-limit.unlock-source.limit=2000000000 \
		--clave.rate-limit.mail-account.limit=2000000000 --clave.rate-limit.mail-source.limit=2000000000 \
		"$@" >"$WORK/app-$name.log" 2>&1 &
	APP_PID=$!
	log "server ($name) pid $APP_PID on http://127.0.0.1:$APP_PORT, SMTP 127.0.0.1:$SMTP_PORT"
}

# Waits until the server's port accepts connections (the driver then waits for the administrator).
await_port() {
	local i
	for ((i = 0; i < 3000; i++)); do
		kill -0 "$APP_PID" 2>/dev/null || { log "the server ended:"; tail -n 40 "$WORK/app-$1.log" >&2; exit 1; }
		(exec 4<>"/dev/tcp/127.0.0.1/$APP_PORT") 2>/dev/null && return 0
		sleep 0.1
	done
	log "the server did not open its port within 300 s"
	exit 1
}

start_driver() {
	"$JAVA" -Xmx256m -cp "$CP" ec.gob.iess.clave.bench.FaultDriver --base="http://127.0.0.1:$APP_PORT" \
		--jdbc-url="$JDBC_URL" --smtp-port="$SMTP_PORT" --work="$WORK" \
		--admin-user="$ADMIN_USER" --admin-password="$ADMIN_PASSWORD" "$@" >"$WORK/driver.out" 2>&1 &
	DRIVER_PID=$!
	tail -n +1 -f "$WORK/driver.out" --pid="$DRIVER_PID" &
	TAIL_PID=$!
}

# `java -jar clave.jar audit verify` against the run's database (the server stopped). Prints PASS/FAIL.
audit_verify() {
	local out rc=0
	out=$(SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
		"$JAVA" -Xmx256m -jar "$WORK/clave.jar" audit verify 2>&1) || rc=$?
	if [[ $rc -eq 0 ]]; then
		echo "PASS audit chain verified by 'java -jar clave.jar audit verify': $(echo "$out" | grep -m1 'Cadena de auditor')"
	else
		echo "FAIL audit chain: 'java -jar clave.jar audit verify' exited $rc: $(echo "$out" | grep -E 'Cadena|No se pudo' | head -n 3 | tr '\n' ' ')"
	fi
	return $rc
}

server_warnings() { # $1: log name pattern
	local f
	for f in "$WORK"/app-*.log; do
		if grep -qE ' ERROR ' "$f"; then
			echo "server errors in $(basename "$f") (first 10):"
			grep -E ' ERROR ' "$f" | head -n 10
		fi
	done
}
