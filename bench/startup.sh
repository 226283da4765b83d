#!/usr/bin/env bash
# Start to healthy with the embedded PostgreSQL, as a newcomer's first start and as a restart: RUNS
# times a fresh DATA_DIR, then RUNS restarts on the last one. The server runs as the project ships it
# (jvm.options, and the extracted jar with its AOT cache when target/app has one: scripts/aot-cache.sh);
# JAR=fat runs the plain jar. Prints the seconds from exec to GET /actuator/health 200 for each start.
#   ./mvnw -DskipTests package && scripts/aot-cache.sh && bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
java=${JAVA_HOME:-$(scripts/newest-jdk.sh)}/bin/java
jar=target/hisaab-0.1.0-SNAPSHOT.jar
options=("@$PWD/jvm.options")
if [ "${JAR:-}" != fat ] && [ -f target/app/hisaab.aot ]; then
  jar=target/app/hisaab-0.1.0-SNAPSHOT.jar
  options+=("-XX:AOTCache=$PWD/target/app/hisaab.aot")
fi
port=18383
data=""
server=""
stop() {
  if [ -n "$server" ]; then
    kill -TERM "$server" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server" 2>/dev/null || true
    server=""
  fi
}
cleanup() { stop; [ -z "$data" ] || rm -rf "$data"; }
trap cleanup EXIT
start() {
  local t0 t1
  t0=$(date +%s.%N)
  DATA_DIR="$data" PORT=$port MANAGEMENT_PORT=0 "$java" "${options[@]}" -jar "$jar" >"$data.log" 2>&1 </dev/null &
  server=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health"; do
    kill -0 "$server" 2>/dev/null || { tail -20 "$data.log"; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s.%N)
  printf '%-8s %5.1f s  (%s)\n' "$1" "$(echo "$t1 - $t0" | bc)" \
    "$(grep -o 'Started Application in [0-9.]* seconds' "$data.log" | head -1)"
  stop
}
echo "$("$java" -version 2>&1 | head -1); $(basename "$jar") ${options[*]}"
for i in $(seq 1 "$runs"); do
  [ -z "$data" ] || rm -rf "$data" "$data.log"
  data=$(mktemp -d /tmp/hisaab-startup.XXXXXX)
  start fresh
done
for i in $(seq 1 "$runs"); do
  start restart
done
rm -f "$data.log"
