#!/usr/bin/env bash
# Builds the jar, starts it on a fresh embedded database with limits raised for load, runs
# bench/Bench.java against it, and stops the server by its PID. Only 127.0.0.1 is targeted.
#   bench/run.sh [--clients 8] [--requests 1000]
set -euo pipefail
cd "$(dirname "$0")/.."

port=${BENCH_PORT:-18080}
data=$(mktemp -d /tmp/hisaab-bench.XXXXXX)
./mvnw -q -B -DskipTests package

DATA_DIR="$data" PORT="$port" MANAGEMENT_PORT=0 AUTH_LIMIT_PER_IP=1000000 WRITE_LIMIT_PER_USER=1000000 \
  java @jvm.options -jar target/hisaab-*.jar > "$data/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$server" 2>/dev/null || break; sleep 1; done
  rm -rf "$data"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 1
done
echo "server: $(java -version 2>&1 | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/Bench.java --base "http://127.0.0.1:$port" "$@"
