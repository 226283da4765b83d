#!/usr/bin/env bash
# Prepares the fastest start: the jar extracted (the form the JVM's AOT cache needs) and, on JDK 25 or
# newer, an AOT cache from one training run of the application (on a throwaway embedded PostgreSQL)
# under a short workload. Run it again after every build or JDK change.
#
#   ./mvnw -DskipTests package && scripts/aot-cache.sh [jar] [destination]
#   java @jvm.options -XX:AOTCache=target/app/hisaab.aot -jar target/app/hisaab-0.1.0-SNAPSHOT.jar
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${1:-target/hisaab-0.1.0-SNAPSHOT.jar}
dest=${2:-target/app}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

rm -rf "$dest"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$dest" >/dev/null
app="$dest/$(basename "$jar")"
major=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [ "${major%%.*}" -lt 25 ]; then
  echo "extracted to $app; JDK $major has no AOT cache (25 or newer has), so none was made"
  exit 0
fi
data=$(mktemp -d)
# The run exits as soon as the context is up, without the shutdown that stops the embedded PostgreSQL:
# stop it here, by the PID in its own postmaster.pid.
stop_postgres() {
  local pidfile pid
  for pidfile in $(find "$data" -name postmaster.pid 2>/dev/null); do
    pid=$(head -1 "$pidfile")
    kill -INT "$pid" 2>/dev/null || continue
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  done
  rm -rf "$data"
}
trap stop_postgres EXIT
# The training run sees the same options as a real start, so the cache matches them. It serves a short
# workload (bench/Bench.java: sign-ups, friends, group expenses, lists, balances) before it stops, so that
# the cache holds the request paths' classes and, on JDK 25+, their method profiles: the JIT then
# compiles the hot paths soon after a start instead of after minutes of traffic.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATA_DIR="$data" JWT_SECRET="$(head -c 48 /dev/urandom | base64)" PORT=$port MANAGEMENT_PORT=0 \
  AUTH_LIMIT_PER_IP=100000 WRITE_LIMIT_PER_USER=1000000 \
  "$java" @jvm.options -XX:AOTCacheOutput="$dest/hisaab.aot" -jar "$app" >"$dest/training.log" 2>&1 </dev/null &
server=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health"; do
  kill -0 "$server" 2>/dev/null || { tail -20 "$dest/training.log"; exit 1; }
  sleep 0.2
done
"$java" bench/Bench.java --base "http://127.0.0.1:$port" --clients 2 --requests "${TRAINING_REQUESTS:-400}" \
  >"$dest/training-workload.log" 2>&1 || { tail -20 "$dest/training-workload.log"; kill "$server"; exit 1; }
# On SIGTERM the server shuts down (the embedded PostgreSQL too) and the JVM writes the cache as it exits.
kill -TERM "$server"
wait "$server" || true
[ -f "$dest/hisaab.aot" ] || { tail -20 "$dest/training.log"; echo "no AOT cache was written" >&2; exit 1; }
echo "extracted to $app; AOT cache $dest/hisaab.aot ($(du -h "$dest/hisaab.aot" | cut -f1))"
