#!/usr/bin/env bash
# The physical limit of a group-expense create: pgbench runs the exact statement the server runs for
# POST /api/group-expenses (4 participants, one writer, as bench rest.js does), on a database that has
# Hisaab's schema, with 8 clients, including the checks it makes first (the assumed default currency and
# the friends, decision 0013). Twice: as the server runs it now (one autocommit statement), and as it ran
# before (the same writes in a transaction followed by a pg_notify before COMMIT). Then the personal
# expense create (POST /api/personal-expenses: one recipient, the writer's own feed), the same way.
#
#   bench/pgbench-create.sh 'postgresql://user:pass@127.0.0.1:55432/db?sslmode=require' [seconds]
# The database must have been migrated by the server (start it once on it). Writes test rows there.
# PGBENCH_OPTS passes options on (-M prepared runs the statements prepared, as the server's driver does).
set -euo pipefail
url=$1
seconds=${2:-10}
pgbench=${PGBENCH:-/usr/lib/postgresql/15/bin/pgbench}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Four registered users with feeds; the writer is the first.
users=$(psql -qAt "$url" <<'SQL'
WITH u AS (
    INSERT INTO users (id, name, email, password_hash, created_at, updated_at)
    SELECT gen_random_uuid(), 'pgbench ' || n, 'pgbench-' || n || '-' || gen_random_uuid() || '@example.test', 'x', now(), now()
    FROM generate_series(1, 4) AS n
    RETURNING id
), c AS (
    INSERT INTO sync_cursors (user_id, last_seq) SELECT id, 0 FROM u RETURNING user_id
)
SELECT string_agg(user_id::text, ',' ORDER BY user_id) FROM c;
SQL
)
IFS=, read -r a b c d <<<"$users"
# The writer's friends, as invites leave them (the create checks them in its statement, decision 0013).
psql -qAt "$url" -c "INSERT INTO friendships (id, user_id, friend_user_id, name, created_at, updated_at)
  SELECT gen_random_uuid(), '$a', f, 'friend', now(), now() FROM unnest(CAST('{$b,$c,$d}' AS uuid[])) AS f" >/dev/null
data='{"id":"00000000-0000-0000-0000-000000000000","title":"Dinner","description":"harness","totalAmount":"40.00","currency":"INR","paidBy":"'$a'","participants":["'$a'","'$b'","'$c'","'$d'"],"splitMode":"exact","splits":{"'$a'":"10.00","'$b'":"10.00","'$c'":"10.00","'$d'":"10.00"},"splitValues": null,"date":"2026-12-02T10:00:00Z","createdBy":"'$a'","updatedBy":"'$a'","createdAt":"2026-12-02T10:00:00Z","updatedAt":"2026-12-02T10:00:00Z","version":1}'

statement() {
  cat <<SQL
WITH checked AS (
    SELECT (CAST('INR' AS text) IS NULL OR default_currency_is('$a', CAST('INR' AS text)))
           AND all_friends('$a', CAST('{$b,$c,$d}' AS uuid[])) AS ok
), expense AS (
    INSERT INTO group_expenses (id, title, description, total_minor, currency, paid_by, split_mode, date,
                                created_by, updated_by, created_at, updated_at)
    SELECT CAST(md5(:r1::text || ':' || :r2::text) AS uuid), 'Dinner', 'harness', 4000, 'INR', CAST('$a' AS uuid), 'exact',
           now(), CAST('$a' AS uuid), CAST('$a' AS uuid), now(), now()
    FROM checked WHERE checked.ok
    ON CONFLICT (id) DO NOTHING
    RETURNING id
), shares AS (
    INSERT INTO expense_shares (expense_id, user_id, position, amount_minor, split_value)
    SELECT expense.id, u, p, a, v
    FROM expense, unnest(CAST('{$a,$b,$c,$d}' AS uuid[]), CAST('{0,1,2,3}' AS int[]), CAST('{1000,1000,1000,1000}' AS bigint[]),
                         CAST('{NULL,NULL,NULL,NULL}' AS text[])) AS t (u, p, a, v)
    RETURNING 1
), recorded AS MATERIALIZED (
    SELECT r.feed_user, r.feed_seq
    FROM expense, LATERAL record_numbered_changes(CAST(md5(:r1::text || ':' || :r2::text) AS uuid), '$a', now(),
             CAST('{$a,$b,$c,$d}' AS uuid[]), CAST('{group_expense_added,group_expense_added,group_expense_added,group_expense_added}' AS text[]),
             CAST('{1,1,1,1}' AS int[]), ARRAY[CAST('$data' AS jsonb)]) AS r
)
SELECT (SELECT ok FROM checked) AS checked, (SELECT count(*) FROM expense) AS inserted, (SELECT count(*) FROM shares) AS shares,
       ARRAY(SELECT feed_user FROM recorded ORDER BY feed_user) AS notified,
       ARRAY(SELECT feed_seq FROM recorded ORDER BY feed_user) AS seqs;
SQL
}

{ echo '\set r1 random(1, 9223372036854775807)'; echo '\set r2 random(1, 9223372036854775807)'; statement; } >"$dir/now.sql"
personal='{"id":"00000000-0000-0000-0000-000000000000","title":"Lunch","description":"harness","amount":"12.50","currency":"INR","category":"food","date":"2026-12-02T10:00:00Z","createdAt":"2026-12-02T10:00:00Z","updatedAt":"2026-12-02T10:00:00Z","version":1}'
cat >"$dir/personal.sql" <<SQL
\set r1 random(1, 9223372036854775807)
\set r2 random(1, 9223372036854775807)
WITH checked AS (
    SELECT (CAST('INR' AS text) IS NULL OR default_currency_is('$a', CAST('INR' AS text))) AS ok
), expense AS (
    INSERT INTO personal_expenses (id, user_id, title, description, amount_minor, currency, category, date,
                                   created_at, updated_at)
    SELECT CAST(md5(:r1::text || ':' || :r2::text) AS uuid), CAST('$a' AS uuid), 'Lunch', 'harness', 1250, 'INR', 'food',
           now(), now(), now()
    FROM checked WHERE checked.ok
    ON CONFLICT (id) DO NOTHING
    RETURNING id
), recorded AS MATERIALIZED (
    SELECT r.feed_user, r.feed_seq
    FROM expense, LATERAL record_numbered_changes(CAST(md5(:r1::text || ':' || :r2::text) AS uuid), '$a', now(),
             CAST('{$a}' AS uuid[]), CAST('{personal_expense_added}' AS text[]), CAST('{1}' AS int[]),
             ARRAY[CAST('$personal' AS jsonb)]) AS r
)
SELECT (SELECT ok FROM checked) AS checked, (SELECT count(*) FROM expense) AS inserted,
       ARRAY(SELECT feed_user FROM recorded ORDER BY feed_user) AS notified,
       ARRAY(SELECT feed_seq FROM recorded ORDER BY feed_user) AS seqs;
SQL
{ echo '\set r1 random(1, 9223372036854775807)'; echo '\set r2 random(1, 9223372036854775807)'; echo 'BEGIN;'; statement
  echo "SELECT pg_notify('hisaab_changes', '$a,$b,$c,$d');"; echo 'COMMIT;'; } >"$dir/notify.sql"

for script in now notify personal; do
  tps=$("$pgbench" -n -c 8 -j 2 ${PGBENCH_OPTS:-} -T "$seconds" -f "$dir/$script.sql" "$url" 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  case $script in
    now) echo "one autocommit statement (as the server runs it): $tps creates/s" ;;
    notify) echo "same statement + pg_notify in one transaction (the old way): $tps creates/s" ;;
    personal) echo "personal expense create, one autocommit statement: $tps creates/s" ;;
  esac
done
