#!/usr/bin/env bash
# What the server's PostgreSQL backends are doing while a benchmark runs: samples pg_stat_activity every
# 20 ms for the given seconds and prints, for the pooled connections (application_name hisaab), the share
# of samples in each state and wait event. "active / CPU" is running; "Lock / transactionid" and
# "Lock / tuple" are waits on another transaction's row lock (a feed's sync_cursors row, decision 0002);
# "IO / WALSync" is the commit's flush; "idle" is a connection in the pool with nothing to do.
#
#   bench/pg-waits.sh 'postgresql://user:pass@127.0.0.1:55432/db?sslmode=require' [seconds]
set -euo pipefail
url=$1
seconds=${2:-10}
psql -qAt "$url" -v seconds="$seconds" <<'SQL'
CREATE TEMP TABLE samples (state text, wait text);
SELECT set_config('my.seconds', :'seconds', false) IS NULL AS unset \gset
DO $$
DECLARE
    deadline timestamptz := clock_timestamp() + make_interval(secs => current_setting('my.seconds')::int);
BEGIN
    WHILE clock_timestamp() < deadline LOOP
        INSERT INTO samples
        SELECT state, coalesce(wait_event_type || ' / ' || wait_event, 'CPU')
        FROM pg_stat_activity
        WHERE application_name = 'hisaab' AND pid <> pg_backend_pid();
        PERFORM pg_stat_clear_snapshot();
        PERFORM pg_sleep(0.02);
    END LOOP;
END $$;
SELECT format('%5s%%  %s / %s', round(100.0 * count(*) / sum(count(*)) OVER (), 1), state, wait)
FROM samples GROUP BY state, wait ORDER BY count(*) DESC;
SQL
