#!/usr/bin/env bash
# PostgreSQL lost under load. Runs the server (the jar) against the external PostgreSQL on
# 127.0.0.1:5432 (trust auth) in a database of its own, writes personal expenses from several clients,
# and meanwhile ends every backend of that database (pg_terminate_backend, as a restart does to the
# server's connections) a few times; or, with RESTART_CMD set, runs that command (e.g. a restart of the
# PostgreSQL service) instead. Then prints the 2xx writes, the 503s, other statuses, and whether every
# 2xx write is in the database. Only 127.0.0.1 is targeted; the run is bounded in time.
#   bench/pg-restart.sh [seconds=20] [clients=8]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
clients=${2:-8}
port=${BENCH_PORT:-18090}
pg="psql -X -q -t -A -h 127.0.0.1 -p 5432 -U postgres"
db="hisaab_pgrestart_$(date +%s)"
work=$(mktemp -d /tmp/hisaab-pgrestart.XXXXXX)

ls target/hisaab-*.jar > /dev/null 2>&1 || ./mvnw -q -B -ntp -DskipTests package
$pg -d test -c "CREATE DATABASE $db"

DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db?sslmode=disable" \
  JWT_SECRET="$(head -c 48 /dev/urandom | base64)" PORT="$port" MANAGEMENT_PORT=0 \
  AUTH_LIMIT_PER_IP=1000000 WRITE_LIMIT_PER_USER=1000000 \
  java -jar target/hisaab-*.jar > "$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$server" 2>/dev/null || break; sleep 1; done
  $pg -d test -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  [ -n "${KEEP_LOG:-}" ] && cp "$work/server.log" "$KEEP_LOG"
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 1
done

# The fault, a third into the writing (after every client registered): terminate every backend of the
# database five times, 1 s apart.
(
  for _ in $(seq 1 600); do [ -e "$work/registered" ] && break; sleep 0.1; done
  sleep $((seconds / 3))
  if [ -n "${RESTART_CMD:-}" ]; then
    eval "$RESTART_CMD"
  else
    for _ in 1 2 3 4 5; do
      $pg -d test -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                      WHERE datname = '$db' AND pid <> pg_backend_pid()" > "$work/terminated.$_" || true
      sleep 1
    done
  fi
) &
fault=$!

python3 - "$port" "$seconds" "$clients" "$work/acked" "$work/registered" <<'EOF'
import http.client, json, sys, threading, time, uuid
port, seconds, clients, acked_file = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
statuses, acked, lock = {}, [], threading.Lock()
registered = threading.Barrier(clients, action=lambda: open(sys.argv[5], "w").close())

def call(conn, method, path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, json.dumps(body), headers)
    r = conn.getresponse()
    data = r.read()
    return r.status, data, r.getheader("Retry-After")

def client(n):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    email = "restart-%d-%s@example.com" % (n, uuid.uuid4())
    status, data, _ = call(conn, "POST", "/api/auth/register",
                           {"name": "Load %d" % n, "email": email, "password": "pass-" + str(uuid.uuid4())})
    if status != 201:
        print("register answered %s: %s" % (status, data[:300]))
        registered.abort()
        return
    token = json.loads(data)["token"]
    registered.wait()
    end = time.time() + seconds
    while time.time() < end:
        id = str(uuid.uuid4())
        try:
            status, data, retry = call(conn, "POST", "/api/personal-expenses",
                                       {"id": id, "title": "Tea", "amount": "10", "date": "2026-11-24"}, token)
        except Exception as e:
            status = type(e).__name__
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
            if status in (200, 201):
                acked.append(id)
        if status == 503:
            time.sleep(0.2)  # a client honouring Retry-After would wait longer; keep the load up

threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
with open(acked_file, "w") as f:
    f.write("".join(i + "\n" for i in acked))
ok = sum(v for k, v in statuses.items() if isinstance(k, int) and 200 <= k < 300)
print("2xx writes:      %d" % ok)
print("503 answers:     %d" % statuses.get(503, 0))
print("other statuses:  %s" % ({k: v for k, v in statuses.items() if k not in (200, 201, 503)} or "none"))
EOF
wait "$fault"

acked=$(wc -l < "$work/acked" | tr -d ' ')
ids=$(paste -sd, "$work/acked")
stored=$($pg -d "$db" -c "SELECT count(*) FROM personal_expenses WHERE id = ANY('{$ids}'::uuid[])")
echo "backends terminated: $(cat "$work"/terminated.* 2>/dev/null | awk '{s += $1} END {print s + 0}')${RESTART_CMD:+ (and ran: $RESTART_CMD)}"
echo "2xx writes in the database: $stored of $acked: $([ "$stored" = "$acked" ] && echo yes || echo NO)"
echo "server log: $(grep -c 'PostgreSQL is unreachable' "$work/server.log") outage warning(s)," \
  "$(grep -c 'PostgreSQL answers again' "$work/server.log") recovery line(s)," \
  "$(grep -c ' ERROR ' "$work/server.log") ERROR line(s), $(grep -c $'^\tat ' "$work/server.log") stack frame line(s)"
grep -E 'PostgreSQL is unreachable|PostgreSQL answers again' "$work/server.log" | cut -c1-220 || true
