CREATE TABLE invites (
    id             UUID PRIMARY KEY,
    code           VARCHAR(64)  NOT NULL UNIQUE,
    inviter_id     UUID         NOT NULL REFERENCES users (id),
    placeholder_id UUID         NOT NULL REFERENCES users (id),
    friend_name    VARCHAR(255) NOT NULL,
    friend_phone   VARCHAR(20),
    friend_email   VARCHAR(255),
    status         VARCHAR(16)  NOT NULL DEFAULT 'pending',
    expires_at     TIMESTAMPTZ  NOT NULL,
    accepted_by    UUID REFERENCES users (id),
    accepted_at    TIMESTAMPTZ,
    created_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    version        INT          NOT NULL DEFAULT 1,
    CONSTRAINT invites_status CHECK (status IN ('pending', 'accepted', 'revoked')),
    CONSTRAINT invites_accepted CHECK ((status = 'accepted') = (accepted_by IS NOT NULL))
);

CREATE INDEX invites_inviter_idx ON invites (inviter_id, created_at DESC);
CREATE INDEX invites_placeholder_idx ON invites (placeholder_id);
