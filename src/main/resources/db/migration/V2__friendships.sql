-- One row per direction: user_id sees friend_user_id under the alias and contact details kept here.
CREATE TABLE friendships (
    id             UUID PRIMARY KEY,
    user_id        UUID         NOT NULL REFERENCES users (id),
    friend_user_id UUID         NOT NULL REFERENCES users (id),
    name           VARCHAR(255) NOT NULL,
    phone          VARCHAR(20),
    email          VARCHAR(255),
    created_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    version        INT          NOT NULL DEFAULT 1,
    deleted_at     TIMESTAMPTZ,
    CONSTRAINT friendships_not_self CHECK (user_id <> friend_user_id)
);

CREATE UNIQUE INDEX friendships_pair_key ON friendships (user_id, friend_user_id) WHERE deleted_at IS NULL;
CREATE INDEX friendships_friend_idx ON friendships (friend_user_id);
