CREATE TABLE group_expenses (
    id          UUID PRIMARY KEY,
    title       VARCHAR(255) NOT NULL,
    description VARCHAR(2000),
    total_minor BIGINT       NOT NULL,
    currency    CHAR(3)      NOT NULL,
    paid_by     UUID         NOT NULL REFERENCES users (id),
    split_mode  VARCHAR(8)   NOT NULL,
    date        TIMESTAMPTZ  NOT NULL,
    created_by  UUID         NOT NULL REFERENCES users (id),
    updated_by  UUID         NOT NULL REFERENCES users (id),
    created_at  TIMESTAMPTZ  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL,
    version     INT          NOT NULL DEFAULT 1,
    deleted_at  TIMESTAMPTZ,
    CONSTRAINT group_expenses_total CHECK (total_minor > 0 AND total_minor <= 999999999999),
    CONSTRAINT group_expenses_currency CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT group_expenses_split_mode CHECK (split_mode IN ('equal', 'exact', 'percent', 'shares'))
);

CREATE INDEX group_expenses_paid_by_idx ON group_expenses (paid_by) WHERE deleted_at IS NULL;
CREATE INDEX group_expenses_created_by_idx ON group_expenses (created_by);

-- One row per participant; position keeps the order of `participants` (it decides rounding).
-- split_value is the value the client gave for percent/shares/exact, as a plain decimal text.
CREATE TABLE expense_shares (
    expense_id   UUID    NOT NULL REFERENCES group_expenses (id),
    user_id      UUID    NOT NULL REFERENCES users (id),
    position     INT     NOT NULL,
    amount_minor BIGINT  NOT NULL,
    split_value  VARCHAR(40),
    PRIMARY KEY (expense_id, user_id),
    CONSTRAINT expense_shares_amount CHECK (amount_minor >= 0)
);

CREATE INDEX expense_shares_user_idx ON expense_shares (user_id, expense_id);
