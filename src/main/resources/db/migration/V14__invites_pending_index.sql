-- The pending-invite cap counts a user's pending invites on every create; accepted, revoked and expired
-- ones pile up over time and stay out of this index.
CREATE INDEX invites_pending_idx ON invites (inviter_id) WHERE status = 'pending';
