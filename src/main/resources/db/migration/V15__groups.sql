-- A group (a trip, a flat, a team): its members, and the expenses and settlements that name it.
CREATE TABLE groups (
    id             UUID PRIMARY KEY,
    name           VARCHAR(255) NOT NULL,
    currency       CHAR(3)      NOT NULL,
    simplify_debts BOOLEAN      NOT NULL DEFAULT TRUE,
    created_by     UUID         NOT NULL REFERENCES users (id),
    created_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    version        INT          NOT NULL DEFAULT 1,
    deleted_at     TIMESTAMPTZ,
    CONSTRAINT groups_currency CHECK (currency ~ '^[A-Z]{3}$')
);

-- One row per live membership (a member who leaves is deleted; so are all rows of a deleted group).
-- position keeps the order members joined in; name is what the member who added them called them,
-- shown while they have no account.
CREATE TABLE group_members (
    group_id UUID         NOT NULL REFERENCES groups (id),
    user_id  UUID         NOT NULL REFERENCES users (id),
    position INT          NOT NULL,
    name     VARCHAR(255) NOT NULL,
    added_by UUID         NOT NULL REFERENCES users (id),
    added_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

CREATE INDEX group_members_user_idx ON group_members (user_id, group_id);
CREATE INDEX groups_created_by_idx ON groups (created_by);

ALTER TABLE group_expenses ADD COLUMN group_id UUID REFERENCES groups (id);
ALTER TABLE settlements ADD COLUMN group_id UUID REFERENCES groups (id);

-- A group's expenses and settlements: its lists, its nets, and everything a deleted group takes along.
CREATE INDEX group_expenses_group_idx ON group_expenses (group_id, date DESC, id DESC)
    WHERE group_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX settlements_group_idx ON settlements (group_id, date DESC, id DESC)
    WHERE group_id IS NOT NULL AND deleted_at IS NULL;
