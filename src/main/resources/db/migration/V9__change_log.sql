-- Per-user change feed. seq is allocated from sync_cursors inside the writing transaction, so for
-- one user it is gapless and committed in order (the row lock on sync_cursors orders writers).
CREATE TABLE sync_cursors (
    user_id        UUID PRIMARY KEY REFERENCES users (id),
    last_seq       BIGINT NOT NULL DEFAULT 0,
    pruned_through BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE change_log (
    user_id   UUID        NOT NULL REFERENCES users (id),
    seq       BIGINT      NOT NULL,
    type      VARCHAR(40) NOT NULL,
    entity_id UUID        NOT NULL,
    actor_id  UUID        NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    data      JSONB       NOT NULL,
    PRIMARY KEY (user_id, seq)
);

CREATE INDEX change_log_at_idx ON change_log (at);
