-- Decision 0014: a write no longer numbers its changes. It queues one row per recipient that has a feed
-- (change_queue), without a lock, and commits; right after, a short transaction of its own
-- (sequence_changes) moves every queued row of those users into change_log with that user's next seqs.
-- Writes to the same people then commit side by side instead of one after another behind the
-- recipients' sync_cursors row locks, and one sequencing transaction numbers the rows of many writes.
--
-- Invariant 4 holds for change_log, the only table readers see: per user, sequence_changes runs under a
-- transaction-scoped advisory lock, reads the queue with a snapshot taken after that lock was granted
-- (plpgsql in READ COMMITTED takes one per statement), and inserts consecutive seqs after last_seq in
-- the same transaction that advances last_seq. A lower seq therefore never commits after a higher one.
--
-- Order: a user's queued rows are numbered in queue id order. A transaction's rows are queued in the
-- order it recorded them; a write that waits for another one's row lock queues after that one
-- committed, so it also comes after it in every feed they share.
CREATE TABLE change_queue (
    id         BIGSERIAL PRIMARY KEY,
    user_id    UUID        NOT NULL,
    type       VARCHAR(40) NOT NULL,
    payload_id BIGINT      NOT NULL
);

CREATE INDEX change_queue_user_idx ON change_queue (user_id, id);

-- As V17, except that the recipients' rows go to the queue: no lock on sync_cursors, no seq.
CREATE OR REPLACE FUNCTION record_changes(p_entity UUID, p_actor UUID, p_at TIMESTAMPTZ, p_recipients UUID[],
                                          p_types TEXT[], p_views INT[], p_data JSONB[])
    RETURNS SETOF UUID
    LANGUAGE plpgsql
AS
$$
BEGIN
    RETURN QUERY
    WITH feeds AS (
        SELECT r.user_id, r.type, r.view, r.ord
        FROM unnest(p_recipients, p_types, p_views) WITH ORDINALITY AS r (user_id, type, view, ord)
        WHERE EXISTS (SELECT FROM sync_cursors c WHERE c.user_id = r.user_id)
    ), drawn AS MATERIALIZED (
        SELECT needed.view, nextval('change_payloads_id_seq') AS id
        FROM (SELECT DISTINCT view FROM feeds) AS needed
    ), stored AS (
        INSERT INTO change_payloads (id, entity_id, actor_id, at, data)
        SELECT drawn.id, p_entity, p_actor, p_at, p_data[drawn.view] FROM drawn
    ), queued AS (
        INSERT INTO change_queue (user_id, type, payload_id)
        SELECT feeds.user_id, feeds.type, drawn.id
        FROM feeds JOIN drawn ON drawn.view = feeds.view
        ORDER BY feeds.ord
        RETURNING change_queue.user_id
    )
    SELECT queued.user_id FROM queued;
END
$$;

-- Numbers every queued row of these users, in queue id order, after each one's last seq; returns the
-- users that got new changes. The advisory locks are taken in one order (of their keys), so two
-- sequencing transactions never wait on each other in a cycle; two users whose keys collide only share
-- a lock.
CREATE FUNCTION sequence_changes(p_users UUID[])
    RETURNS SETOF UUID
    LANGUAGE plpgsql
AS
$$
BEGIN
    PERFORM pg_advisory_xact_lock(keys.key)
    FROM (SELECT DISTINCT hashtextextended(u::text, 0) AS key FROM unnest(p_users) AS u ORDER BY 1) AS keys;
    RETURN QUERY
    WITH moved AS (
        DELETE FROM change_queue q WHERE q.user_id = ANY (p_users)
        RETURNING q.id, q.user_id, q.type, q.payload_id
    ), numbered AS (
        SELECT moved.user_id, moved.type, moved.payload_id,
               row_number() OVER (PARTITION BY moved.user_id ORDER BY moved.id) AS n
        FROM moved
    ), counted AS (
        SELECT numbered.user_id, count(*) AS total FROM numbered GROUP BY numbered.user_id
    ), advanced AS (
        UPDATE sync_cursors c SET last_seq = c.last_seq + counted.total
        FROM counted
        WHERE c.user_id = counted.user_id
        RETURNING c.user_id, c.last_seq - counted.total AS base
    ), appended AS (
        INSERT INTO change_log (user_id, seq, type, payload_id)
        SELECT numbered.user_id, advanced.base + numbered.n, numbered.type, numbered.payload_id
        FROM numbered JOIN advanced ON advanced.user_id = numbered.user_id
    )
    SELECT advanced.user_id FROM advanced;
END
$$;
