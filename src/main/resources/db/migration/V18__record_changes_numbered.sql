-- record_changes (V17) said which recipients got a change row, not the seqs they got. A node that knows
-- both hands the committed change to its local sessions of those users without reading it back from
-- change_log (FeedDelivery: only a session whose cursor is right before that seq takes it so; any other
-- reads the feed as before). record_numbered_changes is V17's function returning (feed_user, feed_seq)
-- per change row written. record_changes stays, with the same signature and result, as a call of it, so
-- a node of the previous release still runs while a rolling upgrade replaces it.
CREATE FUNCTION record_numbered_changes(p_entity UUID, p_actor UUID, p_at TIMESTAMPTZ, p_recipients UUID[],
                                        p_types TEXT[], p_views INT[], p_data JSONB[])
    RETURNS TABLE (feed_user UUID, feed_seq BIGINT)
    LANGUAGE plpgsql
AS
$$
DECLARE
    v_feeds UUID[];
    v_views INT[];
    v_payloads BIGINT[];
BEGIN
    SELECT array_agg(c.user_id) INTO v_feeds FROM sync_cursors c WHERE c.user_id = ANY (p_recipients);
    IF v_feeds IS NULL THEN
        RETURN;
    END IF;
    WITH needed AS (
        SELECT DISTINCT r.view
        FROM unnest(p_recipients, p_views) AS r (user_id, view)
        WHERE r.user_id = ANY (v_feeds)
    ), drawn AS MATERIALIZED (
        SELECT needed.view, nextval('change_payloads_id_seq') AS id FROM needed
    ), stored AS (
        INSERT INTO change_payloads (id, entity_id, actor_id, at, data)
        SELECT drawn.id, p_entity, p_actor, p_at, p_data[drawn.view] FROM drawn
    )
    SELECT array_agg(drawn.view), array_agg(drawn.id) INTO v_views, v_payloads FROM drawn;

    PERFORM FROM sync_cursors c WHERE c.user_id = ANY (v_feeds) ORDER BY c.user_id FOR UPDATE;
    RETURN QUERY
    WITH allocated AS (
        UPDATE sync_cursors c SET last_seq = c.last_seq + 1
        WHERE c.user_id = ANY (v_feeds)
        RETURNING c.user_id, c.last_seq
    ), appended AS (
        INSERT INTO change_log (user_id, seq, type, payload_id)
        SELECT a.user_id, a.last_seq, r.type, p.id
        FROM allocated a
        JOIN unnest(p_recipients, p_types, p_views) AS r (user_id, type, view) ON r.user_id = a.user_id
        JOIN unnest(v_views, v_payloads) AS p (view, id) ON p.view = r.view
        RETURNING change_log.user_id, change_log.seq
    )
    SELECT appended.user_id, appended.seq FROM appended;
END
$$;

CREATE OR REPLACE FUNCTION record_changes(p_entity UUID, p_actor UUID, p_at TIMESTAMPTZ, p_recipients UUID[],
                                          p_types TEXT[], p_views INT[], p_data JSONB[])
    RETURNS SETOF UUID
    LANGUAGE sql
AS
$$
SELECT n.feed_user FROM record_numbered_changes(p_entity, p_actor, p_at, p_recipients, p_types, p_views, p_data) AS n
$$;
