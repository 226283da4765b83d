#!/usr/bin/env bash
# One scenario against the jar, for iterating on a change: the jar on core 0 against the private
# PostgreSQL 15 cluster of ../shared/baseline (TLS, a fresh database), the bench on core 1. Not a
# comparison (use bench/compare.sh for figures); with JFR=1 it records a profile of the run.
#
#   bench/quick.sh [rest|fanout] [jar]
#   SCENARIOS=post-group-expense WARMUP=10 DURATION=10 JFR=1 SUBSCRIBERS=1000 JAVA_OPTS=...
#   PREWARM=30 (fanout, capacity): that many seconds of the REST scenarios first, as compare.sh's WebSocket
#   runs follow its REST ones; with JFR=1 the recording then starts after them (JFR_DELAY).
# Needs a finished compare.sh run before it (the cluster and the bench copy in $BASELINE_WORK). Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-rest}
jar=${2:-target/hisaab-0.1.0-SNAPSHOT.jar}
work=${BASELINE_WORK:-/tmp/hisaab-baseline}
export BASELINE_WORK=$work PGPORT=${PGPORT:-55432}
seedctl=../shared/baseline/seed/seedctl.sh
out=${OUT:-/tmp/hisaab-quick}
mkdir -p "$out"
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java

started_pg=0
if ! runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$work/pg/data" status >/dev/null 2>&1; then
  "$seedctl" pg-start >/dev/null
  started_pg=1
fi
(cd / && runuser -u postgres -- psql -h "$work/pg" -p "$PGPORT" -U postgres -qAt \
  -c "DROP DATABASE IF EXISTS hisaab_quick WITH (FORCE)" -c "CREATE DATABASE hisaab_quick OWNER expense")
pm=$(head -1 "$work/pg/data/postmaster.pid")

port=18181
data=$(mktemp -d /tmp/hisaab-quick-data.XXXXXX)
jfr=()
[ "${JFR:-0}" = 1 ] && jfr=("-XX:StartFlightRecording=filename=$out/profile.jfr,settings=profile${JFR_DELAY:+,delay=$JFR_DELAY}")
limit=100000000
env PORT=$port MANAGEMENT_PORT=0 DATA_DIR="$data" \
  DATABASE_URL="postgresql://expense:expense_local_pw@127.0.0.1:$PGPORT/hisaab_quick?sslmode=require" \
  JWT_SECRET="$(openssl rand -hex 32)" AUTH_LIMIT_PER_IP=$limit WRITE_LIMIT_PER_USER=$limit \
  INVITE_ACCEPT_LIMIT_PER_USER=$limit \
  taskset -c 0 "$java" ${JAVA_OPTS-@$PWD/jvm.options} "${jfr[@]}" -jar "$jar" >"$out/server.log" 2>&1 </dev/null &
server=$!
cleanup() {
  kill -TERM "$server" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$server" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$server" 2>/dev/null || true
  rm -rf "$data"
  [ "$started_pg" = 0 ] || "$seedctl" pg-stop >/dev/null
}
trap cleanup EXIT
t0=$(date +%s.%N)
until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health"; do
  kill -0 "$server" 2>/dev/null || { tail -20 "$out/server.log"; exit 1; }
  sleep 0.2
done
echo "healthy after $(echo "$(date +%s.%N) - $t0" | bc) s"

common=(API_URL=http://127.0.0.1:$port AUTH_PROFILE=java SERVER_PID=$server OWN_TREES=$pm RESULTS_DIR=$out QUIET_MAX_WAIT=5)
if [ "$kind" != rest ] && [ "${PREWARM:-0}" != 0 ]; then
  env "${common[@]}" SCENARIOS=post-group-expense,get-group-expenses,post-personal-expense WARMUP=0 RUNS=1 \
    DURATION=$(( (PREWARM + 2) / 3 )) taskset -c 1 node "$work/bench/rest.js" >/dev/null
fi
case $kind in
  rest)
    env "${common[@]}" SCENARIOS="${SCENARIOS:-post-group-expense}" WARMUP="${WARMUP:-10}" RUNS="${RUNS:-1}" \
      DURATION="${DURATION:-10}" taskset -c 1 node "$work/bench/rest.js" | grep -v '^#'
    ;;
  fanout)
    env "${common[@]}" WS_URL=ws://127.0.0.1:$port/ws SUBSCRIBERS="${SUBSCRIBERS:-1000}" \
      taskset -c 1 node "$work/bench/ws-fanout.js" | grep -v '^#'
    ;;
  capacity)
    env "${common[@]}" WS_URL=ws://127.0.0.1:$port/ws STEPS="${STEPS:-1000,5000,10000}" \
      taskset -c 1 node "$work/bench/ws-capacity.js" | grep -v '^#'
    ;;
esac
