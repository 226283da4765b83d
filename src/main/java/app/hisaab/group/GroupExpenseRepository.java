package app.hisaab.group;

import app.hisaab.db.Bind;
import app.hisaab.friend.FriendService;
import app.hisaab.ledger.Debt;
import app.hisaab.ledger.Entry;
import app.hisaab.ledger.Net;
import app.hisaab.sync.PendingChange;
import app.hisaab.user.UserService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class GroupExpenseRepository {

    private static final String COLUMNS = """
            e.id, e.group_id, e.title, e.description, e.total_minor, e.currency, e.paid_by, e.split_mode, e.date,
            e.created_by, e.updated_by, e.created_at, e.updated_at, e.version, e.deleted_at""";

    // The expense, its shares and its change records in one statement. ON CONFLICT: a replayed or
    // concurrent create with the same id waits for the other one and then writes nothing (the service
    // compares the stored expense instead); the shares and changes follow only a row that was inserted.
    // The checks a create between friends left to this statement (the default currency it assumed, the
    // friends it named) come first: when one fails, nothing is written and "checked" is false.
    // The select list runs in order: the shares are written before the feeds are locked, so the locks
    // are held for as little as possible.
    private static final String INSERT = """
            WITH checked AS (
                SELECT\s""" + UserService.DEFAULT_CURRENCY_IS + " AND " + FriendService.ALL_FRIENDS
            + """
             AS ok
            ), expense AS (
                INSERT INTO group_expenses (id, group_id, title, description, total_minor, currency, paid_by, split_mode,
                                            date, created_by, updated_by, created_at, updated_at)
                SELECT CAST(:id AS uuid), CAST(:groupId AS uuid), :title, :description, :total, :currency,
                       CAST(:paidBy AS uuid), :splitMode, CAST(:date AS timestamptz), CAST(:actor AS uuid),
                       CAST(:actor AS uuid), CAST(:now AS timestamptz), CAST(:now AS timestamptz)
                FROM checked WHERE checked.ok
                ON CONFLICT (id) DO NOTHING
                RETURNING id
            ), shares AS (
                INSERT INTO expense_shares (expense_id, user_id, position, amount_minor, split_value)
                SELECT expense.id, u, p, a, v
                FROM expense, unnest(CAST(:users AS uuid[]), CAST(:positions AS int[]), CAST(:amounts AS bigint[]),
                                     CAST(:values AS text[])) AS t (u, p, a, v)
                RETURNING 1
            ),\s""" + PendingChange.recordedAfter("expense") + """
            SELECT (SELECT ok FROM checked) AS checked, (SELECT count(*) FROM expense) AS inserted,
                   (SELECT count(*) FROM shares) AS shares,\s""" + PendingChange.RECORDED;

    private static final String INSERT_SHARES = """
            INSERT INTO expense_shares (expense_id, user_id, position, amount_minor, split_value)
            SELECT :id, u, p, a, v
            FROM unnest(CAST(:users AS uuid[]), CAST(:positions AS int[]), CAST(:amounts AS bigint[]),
                        CAST(:values AS text[])) AS t (u, p, a, v)
            """;

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM group_expenses e WHERE e.id = :id";

    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";

    private static final String SHARES = """
            SELECT expense_id, user_id, position, amount_minor, split_value
            FROM expense_shares
            WHERE expense_id = ANY (CAST(:ids AS uuid[]))
            ORDER BY expense_id, position
            """;

    // Expenses the user takes part in and those of the user's groups, optionally only those shared with
    // one friend or only one group's, newest first, each with its shares in position order.
    private static final String LIST = "SELECT " + COLUMNS + """
            , s.users, s.positions, s.amounts, s.split_values
            FROM group_expenses e
            CROSS JOIN LATERAL (
                SELECT array_agg(user_id ORDER BY position) AS users,
                       array_agg(position ORDER BY position) AS positions,
                       array_agg(amount_minor ORDER BY position) AS amounts,
                       array_agg(split_value ORDER BY position) AS split_values
                FROM expense_shares WHERE expense_id = e.id
            ) s
            WHERE e.id IN (
                    SELECT mine.expense_id FROM expense_shares mine WHERE mine.user_id = :user
                    UNION
                    SELECT g.id FROM group_members m JOIN group_expenses g ON g.group_id = m.group_id
                    WHERE m.user_id = :user AND g.deleted_at IS NULL)
              AND e.deleted_at IS NULL
              AND (CAST(:group AS uuid) IS NULL OR e.group_id = CAST(:group AS uuid))
              AND (CAST(:friend AS uuid) IS NULL OR EXISTS (
                    SELECT 1 FROM expense_shares f WHERE f.expense_id = e.id AND f.user_id = CAST(:friend AS uuid)))
              AND (CAST(:beforeDate AS timestamptz) IS NULL
                   OR (e.date, e.id) < (CAST(:beforeDate AS timestamptz), CAST(:beforeId AS uuid)))
            ORDER BY e.date DESC, e.id DESC
            LIMIT :limit
            """;

    // A group's live expenses, oldest first.
    private static final String IN_GROUP = "SELECT " + COLUMNS + """

            FROM group_expenses e
            WHERE e.group_id = :group AND e.deleted_at IS NULL
            ORDER BY e.date, e.id
            """;

    private static final String PARTICIPANTS_IN_GROUP = """
            SELECT DISTINCT s.user_id
            FROM group_expenses e JOIN expense_shares s ON s.expense_id = e.id
            WHERE e.group_id = :group AND e.deleted_at IS NULL
            """;

    // A group's nets per member and currency: the payer is owed every other participant's share.
    private static final String GROUP_NETS = """
            SELECT other, currency, sum(amount) AS net
            FROM (
                SELECT e.paid_by AS other, e.currency, s.amount_minor AS amount
                FROM group_expenses e JOIN expense_shares s ON s.expense_id = e.id
                WHERE e.group_id = :group AND e.deleted_at IS NULL AND s.user_id <> e.paid_by
                UNION ALL
                SELECT s.user_id, e.currency, -s.amount_minor
                FROM group_expenses e JOIN expense_shares s ON s.expense_id = e.id
                WHERE e.group_id = :group AND e.deleted_at IS NULL AND s.user_id <> e.paid_by
            ) t
            GROUP BY other, currency
            """;

    // What each participant owes each payer through a group's expenses, per currency.
    private static final String GROUP_DEBTS = """
            SELECT s.user_id AS debtor, e.paid_by AS creditor, e.currency, sum(s.amount_minor) AS amount
            FROM group_expenses e JOIN expense_shares s ON s.expense_id = e.id
            WHERE e.group_id = :group AND e.deleted_at IS NULL AND s.user_id <> e.paid_by AND s.amount_minor <> 0
            GROUP BY s.user_id, e.paid_by, e.currency
            """;

    private static final String UPDATE = """
            UPDATE group_expenses
            SET title = :title, description = :description, total_minor = :total, currency = :currency,
                paid_by = :paidBy, split_mode = :splitMode, date = :date, updated_by = :actor, updated_at = :now,
                version = version + 1
            WHERE id = :id
            """;

    private static final String DELETE_SHARES = "DELETE FROM expense_shares WHERE expense_id = :id";

    private static final String SOFT_DELETE = """
            UPDATE group_expenses SET deleted_at = :now, updated_at = :now, updated_by = :actor, version = version + 1
            WHERE id = :id
            """;

    // What each other person owes the user (positive) or the user owes them (negative) through
    // expenses one of the two paid, per currency: one GROUP BY over the shares of the user's expenses.
    private static final String NETS = """
            SELECT other, currency, sum(amount) AS net
            FROM (
                SELECT s.user_id AS other, e.currency, s.amount_minor AS amount
                FROM group_expenses e
                JOIN expense_shares s ON s.expense_id = e.id
                WHERE e.paid_by = :user AND s.user_id <> :user AND e.deleted_at IS NULL
                  AND (CAST(:friend AS uuid) IS NULL OR s.user_id = CAST(:friend AS uuid))
                UNION ALL
                SELECT e.paid_by, e.currency, -s.amount_minor
                FROM expense_shares s
                JOIN group_expenses e ON e.id = s.expense_id
                WHERE s.user_id = :user AND e.paid_by <> :user AND e.deleted_at IS NULL
                  AND (CAST(:friend AS uuid) IS NULL OR e.paid_by = CAST(:friend AS uuid))
            ) t
            GROUP BY other, currency
            """;

    // The expenses that make up the balance between the user and one friend, with the signed effect.
    private static final String ITEMS = """
            SELECT e.id, e.date, e.title, e.currency, e.group_id,
                   CASE WHEN e.paid_by = :user THEN s.amount_minor ELSE -s.amount_minor END AS effect
            FROM group_expenses e
            JOIN expense_shares s ON s.expense_id = e.id
            WHERE e.deleted_at IS NULL AND s.amount_minor <> 0
              AND ((e.paid_by = :user AND s.user_id = :friend) OR (e.paid_by = :friend AND s.user_id = :user))
              AND (CAST(:beforeDate AS timestamptz) IS NULL
                   OR (e.date, e.id) < (CAST(:beforeDate AS timestamptz), CAST(:beforeId AS uuid)))
            ORDER BY e.date DESC, e.id DESC
            LIMIT :limit
            """;

    // Whether the two take part in one live expense, whatever its effect between them.
    private static final String SHARED = """
            SELECT EXISTS (
                SELECT 1
                FROM expense_shares a
                JOIN expense_shares b ON b.expense_id = a.expense_id AND b.user_id = :other
                JOIN group_expenses e ON e.id = a.expense_id AND e.deleted_at IS NULL
                WHERE a.user_id = :user)
            """;

    // Placeholder merge: the ids of expenses that name the placeholder anywhere.
    private static final String NAMING = """
            SELECT id FROM group_expenses
            WHERE paid_by = :user OR created_by = :user OR updated_by = :user
               OR id IN (SELECT expense_id FROM expense_shares WHERE user_id = :user)
            ORDER BY id
            FOR UPDATE
            """;

    private static final String MERGE_COLLIDING_SHARES = """
            UPDATE expense_shares a
            SET amount_minor = a.amount_minor + p.amount_minor, split_value = NULL
            FROM expense_shares p
            WHERE a.expense_id = p.expense_id AND a.user_id = :accepter AND p.user_id = :placeholder
            RETURNING a.expense_id
            """;

    private static final String DELETE_PLACEHOLDER_SHARES_IN = """
            DELETE FROM expense_shares WHERE user_id = :placeholder AND expense_id = ANY (CAST(:ids AS uuid[]))
            """;

    private static final String EXACT_MODE_FOR = """
            UPDATE group_expenses SET split_mode = 'exact' WHERE id = ANY (CAST(:ids AS uuid[]))
            """;

    private static final String CLEAR_SPLIT_VALUES = """
            UPDATE expense_shares SET split_value = NULL WHERE expense_id = ANY (CAST(:ids AS uuid[]))
            """;

    private static final String MOVE_SHARES = """
            UPDATE expense_shares SET user_id = :accepter WHERE user_id = :placeholder
            """;

    private static final String MOVE_EXPENSES = """
            UPDATE group_expenses
            SET paid_by = CASE WHEN paid_by = :placeholder THEN :accepter ELSE paid_by END,
                created_by = CASE WHEN created_by = :placeholder THEN :accepter ELSE created_by END,
                updated_by = CASE WHEN updated_by = :placeholder THEN :accepter ELSE updated_by END,
                updated_at = :now, version = version + 1
            WHERE id = ANY (CAST(:ids AS uuid[]))
            """;

    private final JdbcClient jdbc;

    GroupExpenseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Share(UUID userId, int position, long amountMinor, String splitValue) {}

    record Row(
            UUID id,
            UUID groupId,
            String title,
            String description,
            long totalMinor,
            String currency,
            UUID paidBy,
            String splitMode,
            Instant date,
            UUID createdBy,
            UUID updatedBy,
            Instant createdAt,
            Instant updatedAt,
            int version,
            Instant deletedAt,
            List<Share> shares) {

        Row withShares(List<Share> shares) {
            return new Row(
                    id,
                    groupId,
                    title,
                    description,
                    totalMinor,
                    currency,
                    paidBy,
                    splitMode,
                    date,
                    createdBy,
                    updatedBy,
                    createdAt,
                    updatedAt,
                    version,
                    deletedAt,
                    shares);
        }

        boolean hasParticipant(UUID user) {
            return shares.stream().anyMatch(s -> s.userId().equals(user));
        }

        List<UUID> participants() {
            return shares.stream().map(Share::userId).toList();
        }
    }

    /** The content of an expense as it is written. */
    record Content(
            UUID groupId,
            String title,
            String description,
            long totalMinor,
            String currency,
            UUID paidBy,
            String splitMode,
            Instant date,
            List<Share> shares) {}

    /**
     * What the checks left to an insert are: the default currency the create assumed (null when the
     * request named its currency or the group gave it) and the friends it named (empty in a group).
     */
    record Checks(String assumedCurrency, List<UUID> friends) {
        static final Checks NONE = new Checks(null, List.of());
    }

    /**
     * Inserts the expense, its shares and its change records in one statement, after its checks: nothing
     * when a check fails or the id exists already.
     */
    PendingChange.Checked insert(
            UUID id, Content content, UUID actor, Instant now, PendingChange change, Checks checks) {
        Shares shares = Shares.of(content.shares());
        return change.bind(jdbc.sql(INSERT))
                .param("checkUser", actor)
                .param("checkCurrency", Bind.text(checks.assumedCurrency()))
                .param(
                        "checkFriends",
                        checks.friends().stream().map(UUID::toString).toArray(String[]::new))
                .param("id", id)
                .param("groupId", Bind.text(content.groupId()))
                .param("title", content.title())
                .param("description", Bind.text(content.description()))
                .param("total", content.totalMinor())
                .param("currency", content.currency())
                .param("paidBy", content.paidBy())
                .param("splitMode", content.splitMode())
                .param("date", Bind.at(content.date()))
                .param("actor", actor)
                .param("now", Bind.at(now))
                .param("users", shares.users())
                .param("positions", shares.positions())
                .param("amounts", shares.amounts())
                .param("values", shares.values())
                .query((rs, n) -> PendingChange.checked(rs))
                .single();
    }

    /** Shares as the parallel arrays the statements unnest. */
    private record Shares(String[] users, String[] positions, String[] amounts, String[] values) {
        static Shares of(List<Share> shares) {
            int n = shares.size();
            Shares arrays = new Shares(new String[n], new String[n], new String[n], new String[n]);
            for (int i = 0; i < n; i++) {
                Share share = shares.get(i);
                arrays.users[i] = share.userId().toString();
                arrays.positions[i] = Integer.toString(share.position());
                arrays.amounts[i] = Long.toString(share.amountMinor());
                arrays.values[i] = share.splitValue();
            }
            return arrays;
        }
    }

    private void insertShares(UUID id, List<Share> shares) {
        Shares arrays = Shares.of(shares);
        jdbc.sql(INSERT_SHARES)
                .param("id", id)
                .param("users", arrays.users())
                .param("positions", arrays.positions())
                .param("amounts", arrays.amounts())
                .param("values", arrays.values())
                .update();
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql(BY_ID)
                .param("id", id)
                .query(GroupExpenseRepository::row)
                .optional()
                .map(this::withShares);
    }

    Optional<Row> lock(UUID id) {
        return jdbc.sql(BY_ID_FOR_UPDATE)
                .param("id", id)
                .query(GroupExpenseRepository::row)
                .optional()
                .map(this::withShares);
    }

    private Row withShares(Row row) {
        return row.withShares(shares(List.of(row.id())).getOrDefault(row.id(), List.of()));
    }

    private Map<UUID, List<Share>> shares(List<UUID> ids) {
        Map<UUID, List<Share>> byExpense = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return byExpense;
        }
        String[] array = ids.stream().map(UUID::toString).toArray(String[]::new);
        jdbc.sql(SHARES).param("ids", array).query(rs -> {
            byExpense
                    .computeIfAbsent(rs.getObject("expense_id", UUID.class), k -> new ArrayList<>())
                    .add(new Share(
                            rs.getObject("user_id", UUID.class),
                            rs.getInt("position"),
                            rs.getLong("amount_minor"),
                            rs.getString("split_value")));
        });
        return byExpense;
    }

    /** A group's live expenses with their shares, oldest first. */
    List<Row> inGroup(UUID group) {
        List<Row> rows = jdbc.sql(IN_GROUP)
                .param("group", group)
                .query(GroupExpenseRepository::row)
                .list();
        Map<UUID, List<Share>> shares = shares(rows.stream().map(Row::id).toList());
        return rows.stream()
                .map(row -> row.withShares(shares.getOrDefault(row.id(), List.of())))
                .toList();
    }

    /** Everyone who takes part in a live expense of the group. */
    List<UUID> participantsInGroup(UUID group) {
        return jdbc.sql(PARTICIPANTS_IN_GROUP)
                .param("group", group)
                .query(UUID.class)
                .list();
    }

    /** Each member's net through the group's expenses per currency (zero nets included). */
    List<Net> groupNets(UUID group) {
        return jdbc.sql(GROUP_NETS).param("group", group).query(Net::read).list();
    }

    /** Who owes whom directly through the group's expenses, per currency, before netting the pair. */
    List<Debt> groupDebts(UUID group) {
        return jdbc.sql(GROUP_DEBTS)
                .param("group", group)
                .query((rs, n) -> new Debt(
                        rs.getObject("debtor", UUID.class),
                        rs.getObject("creditor", UUID.class),
                        rs.getString("currency"),
                        rs.getLong("amount")))
                .list();
    }

    /** Up to {@code limit} expenses of the user strictly before (date, id), newest first, with shares. */
    List<Row> list(UUID user, UUID group, UUID friend, Instant beforeDate, UUID beforeId, int limit) {
        return jdbc.sql(LIST)
                .param("user", user)
                .param("group", Bind.text(group))
                .param("friend", Bind.text(friend))
                .param("beforeDate", Bind.text(beforeDate))
                .param("beforeId", Bind.text(beforeId))
                .param("limit", limit)
                .query((rs, n) -> row(rs, n).withShares(aggregatedShares(rs)))
                .list();
    }

    private static List<Share> aggregatedShares(ResultSet rs) throws SQLException {
        UUID[] users = (UUID[]) rs.getArray("users").getArray();
        Integer[] positions = (Integer[]) rs.getArray("positions").getArray();
        Long[] amounts = (Long[]) rs.getArray("amounts").getArray();
        String[] values = (String[]) rs.getArray("split_values").getArray();
        List<Share> shares = new ArrayList<>(users.length);
        for (int i = 0; i < users.length; i++) {
            shares.add(new Share(users[i], positions[i], amounts[i], values[i]));
        }
        return shares;
    }

    void update(UUID id, Content content, UUID actor, Instant now) {
        jdbc.sql(UPDATE)
                .param("id", id)
                .param("title", content.title())
                .param("description", Bind.text(content.description()))
                .param("total", content.totalMinor())
                .param("currency", content.currency())
                .param("paidBy", content.paidBy())
                .param("splitMode", content.splitMode())
                .param("date", Bind.at(content.date()))
                .param("actor", actor)
                .param("now", Bind.at(now))
                .update();
        jdbc.sql(DELETE_SHARES).param("id", id).update();
        insertShares(id, content.shares());
    }

    void softDelete(UUID id, UUID actor, Instant now) {
        jdbc.sql(SOFT_DELETE)
                .param("id", id)
                .param("actor", actor)
                .param("now", Bind.at(now))
                .update();
    }

    List<Net> nets(UUID user, UUID friend) {
        return jdbc.sql(NETS)
                .param("user", user)
                .param("friend", Bind.text(friend))
                .query(Net::read)
                .list();
    }

    boolean shared(UUID user, UUID other) {
        return jdbc.sql(SHARED)
                .param("user", user)
                .param("other", other)
                .query(Boolean.class)
                .single();
    }

    /** Up to {@code limit} items between the two strictly before (date, id), newest first. */
    List<Entry> items(UUID user, UUID friend, Instant beforeDate, UUID beforeId, int limit) {
        return Entry.query(jdbc, ITEMS, Entry::readWithGroup, user, friend, beforeDate, beforeId, limit);
    }

    /**
     * Rewrites every expense naming the placeholder to name the accepter; where both took part in one
     * expense, their shares become one (amounts added, the expense becomes exact). Returns the ids of
     * the expenses changed and whether the accepter took part in each before.
     */
    Map<UUID, Boolean> merge(UUID placeholder, UUID accepter, Instant now) {
        List<UUID> ids = jdbc.sql(NAMING)
                .param("user", placeholder)
                .query((rs, n) -> rs.getObject("id", UUID.class))
                .list();
        Map<UUID, Boolean> changed = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return changed;
        }
        Map<UUID, List<Share>> before = shares(ids);
        for (UUID id : ids) {
            boolean accepterThere = before.getOrDefault(id, List.of()).stream()
                    .anyMatch(s -> s.userId().equals(accepter));
            changed.put(id, accepterThere);
        }
        String[] colliding = jdbc.sql(MERGE_COLLIDING_SHARES)
                .param("accepter", accepter)
                .param("placeholder", placeholder)
                .query((rs, n) -> rs.getObject("expense_id", UUID.class).toString())
                .list()
                .toArray(String[]::new);
        if (colliding.length > 0) {
            jdbc.sql(DELETE_PLACEHOLDER_SHARES_IN)
                    .param("placeholder", placeholder)
                    .param("ids", colliding)
                    .update();
            jdbc.sql(EXACT_MODE_FOR).param("ids", colliding).update();
            jdbc.sql(CLEAR_SPLIT_VALUES).param("ids", colliding).update();
        }
        jdbc.sql(MOVE_SHARES)
                .param("accepter", accepter)
                .param("placeholder", placeholder)
                .update();
        jdbc.sql(MOVE_EXPENSES)
                .param("accepter", accepter)
                .param("placeholder", placeholder)
                .param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .param("now", Bind.at(now))
                .update();
        return changed;
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp deleted = rs.getTimestamp("deleted_at");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("group_id", UUID.class),
                rs.getString("title"),
                rs.getString("description"),
                rs.getLong("total_minor"),
                rs.getString("currency"),
                rs.getObject("paid_by", UUID.class),
                rs.getString("split_mode"),
                rs.getTimestamp("date").toInstant(),
                rs.getObject("created_by", UUID.class),
                rs.getObject("updated_by", UUID.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"),
                deleted == null ? null : deleted.toInstant(),
                List.of());
    }
}
