-- A change's payload is stored once per distinct view instead of once per recipient: one PATCH of a
-- group expense with 100 participants wrote 100 copies of the same JSON. change_payloads holds what
-- happened (object, actor, time, the object as a recipient sees it); change_log keeps one small row per
-- recipient (its seq, its type) that references the payload. Every row referencing a payload is
-- written by the same record_changes call, so they all share its time, and retention prunes a payload
-- together with all its rows (no payload outlives its references, none is deleted while referenced).
CREATE TABLE change_payloads (
    id        BIGSERIAL PRIMARY KEY,
    entity_id UUID        NOT NULL,
    actor_id  UUID        NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    data      JSONB       NOT NULL
);

-- Existing changes: rows of one call had the same object, actor, time and view.
INSERT INTO change_payloads (entity_id, actor_id, at, data)
SELECT DISTINCT entity_id, actor_id, at, data FROM change_log;

ALTER TABLE change_log RENAME TO change_log_v9;
ALTER INDEX change_log_pkey RENAME TO change_log_v9_pkey;
DROP INDEX change_log_at_idx;

-- No foreign key to change_payloads: only record_changes inserts into both tables and only the prune
-- deletes from them, a payload with its rows in one statement; a key would add a check per recipient
-- to the hottest write.
CREATE TABLE change_log (
    user_id    UUID        NOT NULL REFERENCES users (id),
    seq        BIGINT      NOT NULL,
    type       VARCHAR(40) NOT NULL,
    payload_id BIGINT      NOT NULL,
    PRIMARY KEY (user_id, seq)
);

INSERT INTO change_log (user_id, seq, type, payload_id)
SELECT o.user_id, o.seq, o.type, p.id
FROM change_log_v9 o
JOIN change_payloads p
  ON p.entity_id = o.entity_id AND p.actor_id = o.actor_id AND p.at = o.at AND p.data = o.data;

DROP TABLE change_log_v9;

CREATE INDEX change_log_payload_idx ON change_log (payload_id);
CREATE INDEX change_payloads_at_idx ON change_payloads (at);

-- As V11 (the feed locks in a statement of their own, then the allocation with a fresh snapshot), and
-- each distinct view p_data[i] that a recipient with a feed receives is stored once; the recipients'
-- rows reference it. Payload ids are drawn first so that both inserts can use them.
CREATE OR REPLACE FUNCTION record_changes(p_entity UUID, p_actor UUID, p_at TIMESTAMPTZ, p_recipients UUID[],
                                          p_types TEXT[], p_views INT[], p_data JSONB[])
    RETURNS SETOF UUID
    LANGUAGE plpgsql
AS
$$
BEGIN
    PERFORM FROM sync_cursors WHERE user_id = ANY (p_recipients) ORDER BY user_id FOR UPDATE;
    RETURN QUERY
    WITH allocated AS (
        UPDATE sync_cursors c SET last_seq = c.last_seq + 1
        WHERE c.user_id = ANY (p_recipients)
        RETURNING c.user_id, c.last_seq
    ), delivery AS MATERIALIZED (
        SELECT a.user_id, a.last_seq, r.type, r.view
        FROM allocated a
        JOIN unnest(p_recipients, p_types, p_views) AS r (user_id, type, view) ON r.user_id = a.user_id
    ), payload AS MATERIALIZED (
        SELECT nextval('change_payloads_id_seq') AS id, v.view, v.data
        FROM unnest(p_data) WITH ORDINALITY AS v (data, view)
        WHERE v.view IN (SELECT delivery.view FROM delivery)
    ), stored AS (
        INSERT INTO change_payloads (id, entity_id, actor_id, at, data)
        SELECT payload.id, p_entity, p_actor, p_at, payload.data FROM payload
    ), appended AS (
        INSERT INTO change_log (user_id, seq, type, payload_id)
        SELECT d.user_id, d.last_seq, d.type, payload.id
        FROM delivery d JOIN payload ON payload.view = d.view
        RETURNING change_log.user_id
    )
    SELECT appended.user_id FROM appended;
END
$$;
