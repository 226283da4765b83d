-- V10 took the feed row locks and advanced the seqs in one statement. On PostgreSQL 18 (the embedded
-- 18.1) a call that had waited for those locks, while their holder advanced the cursors and committed,
-- updated only the first of its recipients' cursors: the write committed without its change for the
-- others (a gap in their feeds; reproduced with two sessions; PostgreSQL 15 records all of them).
-- Here the locks are taken by their own statement first, in user id order, and the allocating
-- statement runs after them with a fresh snapshot that already sees every earlier writer's commit, so
-- it has no concurrent update to re-check.
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
    ), appended AS (
        INSERT INTO change_log (user_id, seq, type, entity_id, actor_id, at, data)
        SELECT a.user_id, a.last_seq, r.type, p_entity, p_actor, p_at, p_data[r.view]
        FROM allocated a
        JOIN unnest(p_recipients, p_types, p_views) AS r (user_id, type, view) ON r.user_id = a.user_id
        RETURNING change_log.user_id
    )
    SELECT appended.user_id FROM appended;
END
$$;
