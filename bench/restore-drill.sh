#!/usr/bin/env bash
# Backup and restore drill, on this machine only (127.0.0.1 and unix sockets).
#  1. Embedded database: start the jar on a fresh DATA_DIR, write a user and an expense, back up
#     (pg_dump over the unix socket when a pg_dump of the server's major version or newer is on PATH or
#     in PG_BIN; else a cold copy of DATA_DIR with the server stopped), wipe DATA_DIR, restore, start
#     again and check the user logs in and the expense is there.
#  2. External database (the PostgreSQL on 127.0.0.1:5432, trust auth): the same with pg_dump -Fc into
#     a dump file and pg_restore into a new database.
# Prints each step and PASS or FAIL.   bench/restore-drill.sh
set -euo pipefail
cd "$(dirname "$0")/.."

port=${BENCH_PORT:-18095}
work=$(mktemp -d /tmp/hisaab-drill.XXXXXX)
pg="psql -X -q -t -A -h 127.0.0.1 -p 5432 -U postgres"
secret="$(head -c 48 /dev/urandom | base64)"
server=""
ls target/hisaab-*.jar > /dev/null 2>&1 || ./mvnw -q -B -ntp -DskipTests package
jar=$(ls target/hisaab-*.jar | head -1)

start() { # env assignments...
  env "$@" PORT="$port" MANAGEMENT_PORT=0 java -jar "$jar" >> "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null && return 0
    kill -0 "$server" 2>/dev/null || { tail -30 "$work/server.log"; exit 1; }
    sleep 1
  done
  echo "server did not start"; exit 1
}
stop() {
  kill "$server" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$server" 2>/dev/null || break; sleep 1; done
  server=""
}
cleanup() {
  [ -n "$server" ] && stop
  $pg -d test -c "DROP DATABASE IF EXISTS hisaab_drill WITH (FORCE)" 2> /dev/null || true
  $pg -d test -c "DROP DATABASE IF EXISTS hisaab_drill_restored WITH (FORCE)" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

api() { # method path token body
  curl -s -X "$1" "http://127.0.0.1:$port$2" -H 'Content-Type: application/json' \
    ${3:+-H "Authorization: Bearer $3"} ${4:+-d "$4"}
}
email="drill-$(date +%s)@example.com"
write_data() {
  token=$(api POST /api/auth/register "" "{\"name\":\"Drill\",\"email\":\"$email\",\"password\":\"drill-password-1\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  api POST /api/personal-expenses "$token" '{"title":"Backed up","amount":"42.00","date":"2026-11-24"}' > /dev/null
}
check_data() {
  token=$(api POST /api/auth/login "" "{\"email\":\"$email\",\"password\":\"drill-password-1\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  api GET /api/personal-expenses "$token" | python3 -c '
import json, sys
titles = [(e["title"], e["amount"]) for e in json.load(sys.stdin)]
print("  after restore: login ok, expenses", titles)
sys.exit(0 if titles == [("Backed up", "42.00")] else 1)' && echo "  PASS" || { echo "  FAIL"; exit 1; }
}

echo "== 1. embedded database (DATA_DIR=$work/data)"
start DATA_DIR="$work/data"
write_data
socket_dir="$work/data/run"
bin=${PG_BIN:-$(dirname "$(command -v pg_dump)")}
server_major=$(PGPASSWORD="$(cat "$work/data/postgres-password")" \
  "$bin/psql" -X -t -A -h "$socket_dir" -U postgres -d postgres -c 'SHOW server_version_num' | cut -c1-2)
dump_major=$("$bin/pg_dump" --version | sed -E 's/.* ([0-9]+)\..*/\1/')
echo "  server PostgreSQL $server_major, pg_dump $dump_major ($bin)"
if [ "$dump_major" -ge "$server_major" ]; then
  echo "  \$ PGPASSWORD=\$(cat DATA_DIR/postgres-password) pg_dump -h DATA_DIR/run -U postgres -Fc -f backup.dump postgres"
  PGPASSWORD="$(cat "$work/data/postgres-password")" \
    "$bin/pg_dump" -h "$socket_dir" -U postgres -Fc -f "$work/embedded.dump" postgres
  stop
  cp "$work/data/jwt-secret" "$work/jwt-secret.saved"
  rm -rf "$work/data" && mkdir -p "$work/data" && cp "$work/jwt-secret.saved" "$work/data/jwt-secret"
  start DATA_DIR="$work/data"  # a new, empty database (new password), the same JWT secret
  echo "  \$ pg_restore -h DATA_DIR/run -U postgres -d postgres --clean --if-exists backup.dump"
  PGPASSWORD="$(cat "$work/data/postgres-password")" \
    "$bin/pg_restore" -h "$socket_dir" -U postgres -d postgres --clean --if-exists "$work/embedded.dump"
else
  echo "  pg_dump $dump_major cannot dump a PostgreSQL $server_major server; cold copy instead:"
  PGPASSWORD="$(cat "$work/data/postgres-password")" \
    "$bin/pg_dump" -h "$socket_dir" -U postgres -Fc -f "$work/embedded.dump" postgres 2>&1 | sed 's/^/    /' || true
  stop
  echo "  \$ tar -C DATA_DIR -czf backup.tgz postgres postgres-password jwt-secret   (server stopped)"
  tar -C "$work/data" -czf "$work/embedded.tgz" postgres postgres-password jwt-secret
  ls -l "$work/embedded.tgz" | awk '{print "    backup: " $5 " bytes"}'
  rm -rf "$work/data" && mkdir -p "$work/data"
  echo "  \$ tar -C DATA_DIR -xzf backup.tgz"
  tar -C "$work/data" -xzf "$work/embedded.tgz"
  start DATA_DIR="$work/data"
fi
check_data
stop

echo "== 2. external database (127.0.0.1:5432)"
$pg -d test -c "CREATE DATABASE hisaab_drill"
start DATABASE_URL="postgresql://postgres@127.0.0.1:5432/hisaab_drill?sslmode=disable" JWT_SECRET="$secret"
write_data
echo "  \$ pg_dump -h 127.0.0.1 -U postgres -Fc -f backup.dump hisaab_drill"
pg_dump -h 127.0.0.1 -U postgres -Fc -f "$work/external.dump" hisaab_drill
stop
ls -l "$work/external.dump" | awk '{print "    backup: " $5 " bytes"}'
echo "  \$ createdb hisaab_drill_restored && pg_restore -h 127.0.0.1 -U postgres -d hisaab_drill_restored backup.dump"
$pg -d test -c "CREATE DATABASE hisaab_drill_restored"
pg_restore -h 127.0.0.1 -U postgres -d hisaab_drill_restored "$work/external.dump"
start DATABASE_URL="postgresql://postgres@127.0.0.1:5432/hisaab_drill_restored?sslmode=disable" JWT_SECRET="$secret"
check_data
stop
