-- type and status as the prototype had them: type 0 = creator lent, 1 = creator borrowed; status 0 pending, 1 settled.
CREATE TABLE udhari (
    id              UUID PRIMARY KEY,
    created_by      UUID          NOT NULL REFERENCES users (id),
    counterparty_id UUID          NOT NULL REFERENCES users (id),
    amount_minor    BIGINT        NOT NULL,
    currency        CHAR(3)       NOT NULL,
    description     VARCHAR(2000),
    type            SMALLINT      NOT NULL,
    status          SMALLINT      NOT NULL DEFAULT 0,
    date            TIMESTAMPTZ   NOT NULL,
    settled_at      TIMESTAMPTZ,
    settled_by      UUID REFERENCES users (id),
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    version         INT           NOT NULL DEFAULT 1,
    deleted_at      TIMESTAMPTZ,
    CONSTRAINT udhari_amount CHECK (amount_minor > 0 AND amount_minor <= 999999999999),
    CONSTRAINT udhari_currency CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT udhari_type CHECK (type IN (0, 1)),
    CONSTRAINT udhari_status CHECK (status IN (0, 1)),
    CONSTRAINT udhari_not_self CHECK (created_by <> counterparty_id)
);

CREATE INDEX udhari_created_by_idx ON udhari (created_by, date DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX udhari_counterparty_idx ON udhari (counterparty_id, date DESC, id DESC) WHERE deleted_at IS NULL;
