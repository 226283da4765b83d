CREATE TABLE settlements (
    id           UUID PRIMARY KEY,
    from_user_id UUID          NOT NULL REFERENCES users (id),
    to_user_id   UUID          NOT NULL REFERENCES users (id),
    amount_minor BIGINT        NOT NULL,
    currency     CHAR(3)       NOT NULL,
    note         VARCHAR(2000),
    date         TIMESTAMPTZ   NOT NULL,
    created_by   UUID          NOT NULL REFERENCES users (id),
    created_at   TIMESTAMPTZ   NOT NULL,
    updated_at   TIMESTAMPTZ   NOT NULL,
    version      INT           NOT NULL DEFAULT 1,
    deleted_at   TIMESTAMPTZ,
    CONSTRAINT settlements_amount CHECK (amount_minor > 0 AND amount_minor <= 999999999999),
    CONSTRAINT settlements_currency CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT settlements_not_self CHECK (from_user_id <> to_user_id)
);

CREATE INDEX settlements_from_idx ON settlements (from_user_id, date DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX settlements_to_idx ON settlements (to_user_id, date DESC, id DESC) WHERE deleted_at IS NULL;
