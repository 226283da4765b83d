-- Every registered user has a feed from the start; a placeholder (no account, no devices) has none,
-- so recording a change skips it without reading users.
INSERT INTO sync_cursors (user_id, last_seq)
SELECT id, 0 FROM users WHERE password_hash IS NOT NULL
ON CONFLICT (user_id) DO NOTHING;

-- Records one object's change for its recipients in one call, so that a write and its change records
-- can be one statement: allocates the next seq of each recipient's feed (row locks taken in user id
-- order, held until commit: concurrent writers wait instead of deadlocking, and a lower seq never
-- commits after a higher one) and appends the change rows. Recipient i gets type p_types[i] and the
-- view p_data[p_views[i]]. Returns the recipients that have a feed.
-- PL/pgSQL so that each session plans the statement once and reuses it.
CREATE FUNCTION record_changes(p_entity UUID, p_actor UUID, p_at TIMESTAMPTZ, p_recipients UUID[],
                               p_types TEXT[], p_views INT[], p_data JSONB[])
    RETURNS SETOF UUID
    LANGUAGE plpgsql
AS
$$
BEGIN
    RETURN QUERY
    WITH recipient AS (
        SELECT * FROM unnest(p_recipients, p_types, p_views) AS r (user_id, type, view)
    ), locked AS MATERIALIZED (
        SELECT c.user_id FROM sync_cursors c WHERE c.user_id = ANY (p_recipients) ORDER BY c.user_id FOR UPDATE
    ), allocated AS (
        UPDATE sync_cursors c SET last_seq = c.last_seq + 1
        FROM locked WHERE c.user_id = locked.user_id
        RETURNING c.user_id, c.last_seq
    ), appended AS (
        INSERT INTO change_log (user_id, seq, type, entity_id, actor_id, at, data)
        SELECT a.user_id, a.last_seq, r.type, p_entity, p_actor, p_at, p_data[r.view]
        FROM allocated a JOIN recipient r ON r.user_id = a.user_id
        RETURNING change_log.user_id
    )
    SELECT appended.user_id FROM appended;
END
$$;
