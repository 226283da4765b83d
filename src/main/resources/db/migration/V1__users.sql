-- Registered users have a password hash; placeholders (friends without an account) have an owner instead.
CREATE TABLE users (
    id               UUID PRIMARY KEY,
    name             VARCHAR(255) NOT NULL,
    email            VARCHAR(255),
    phone            VARCHAR(20),
    phone_digits     VARCHAR(21),
    password_hash    TEXT,
    owner_id         UUID REFERENCES users (id),
    merged_into      UUID REFERENCES users (id),
    default_currency CHAR(3)      NOT NULL DEFAULT 'INR',
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    version          INT          NOT NULL DEFAULT 1,
    CONSTRAINT users_registered_or_placeholder CHECK ((password_hash IS NULL) <> (owner_id IS NULL)),
    CONSTRAINT users_currency_upper CHECK (default_currency ~ '^[A-Z]{3}$')
);

-- Contact details identify an account only among registered users; placeholders may repeat them.
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE password_hash IS NOT NULL AND email IS NOT NULL;
CREATE UNIQUE INDEX users_phone_key ON users (phone_digits) WHERE password_hash IS NOT NULL AND phone_digits IS NOT NULL;
CREATE INDEX users_owner_idx ON users (owner_id) WHERE owner_id IS NOT NULL;
