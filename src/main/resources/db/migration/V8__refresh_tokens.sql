-- Only the SHA-256 of a refresh token is kept. A chain is one login; rotation adds a row to it.
CREATE TABLE refresh_tokens (
    id         UUID PRIMARY KEY,
    user_id    UUID        NOT NULL REFERENCES users (id),
    chain_id   UUID        NOT NULL,
    token_hash BYTEA       NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    rotated_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);

CREATE INDEX refresh_tokens_chain_idx ON refresh_tokens (chain_id);
CREATE INDEX refresh_tokens_expiry_idx ON refresh_tokens (expires_at);
