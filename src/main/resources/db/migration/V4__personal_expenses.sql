CREATE TABLE personal_expenses (
    id           UUID PRIMARY KEY,
    user_id      UUID         NOT NULL REFERENCES users (id),
    title        VARCHAR(255) NOT NULL,
    description  VARCHAR(2000),
    amount_minor BIGINT       NOT NULL,
    currency     CHAR(3)      NOT NULL,
    category     VARCHAR(100),
    date         TIMESTAMPTZ  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL,
    version      INT          NOT NULL DEFAULT 1,
    deleted_at   TIMESTAMPTZ,
    CONSTRAINT personal_expenses_amount CHECK (amount_minor > 0 AND amount_minor <= 999999999999),
    CONSTRAINT personal_expenses_currency CHECK (currency ~ '^[A-Z]{3}$')
);

CREATE INDEX personal_expenses_list_idx ON personal_expenses (user_id, date DESC, id DESC) WHERE deleted_at IS NULL;
