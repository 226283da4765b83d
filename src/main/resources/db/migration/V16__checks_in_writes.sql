-- Checks a create can make inside its own insert statement instead of reading first (one round trip
-- instead of three for an expense between friends). Each belongs to the feature that owns its table and
-- is named there: default_currency_is in UserService, all_friends in FriendService. A write that guessed
-- the default currency (the one this node last saw) or deferred its friend check inserts nothing when the
-- check fails, and the service redoes the request with its reads (docs/decisions/0013).
CREATE FUNCTION default_currency_is(p_user UUID, p_currency TEXT)
    RETURNS BOOLEAN
    LANGUAGE sql
    STABLE
AS
$$
SELECT EXISTS (SELECT 1 FROM users WHERE id = p_user AND default_currency = p_currency)
$$;

-- True when every id is a live friend of p_user (so also for an empty array).
CREATE FUNCTION all_friends(p_user UUID, p_ids UUID[])
    RETURNS BOOLEAN
    LANGUAGE sql
    STABLE
AS
$$
SELECT NOT EXISTS (
    SELECT 1 FROM unnest(p_ids) AS wanted (id)
    WHERE NOT EXISTS (
        SELECT 1 FROM friendships f
        WHERE f.user_id = p_user AND f.friend_user_id = wanted.id AND f.deleted_at IS NULL))
$$;
