package app.hisaab.personal;

import app.hisaab.db.Bind;
import app.hisaab.money.Money;
import app.hisaab.sync.PendingChange;
import app.hisaab.user.UserService;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PersonalExpenseRepository {

    private static final String COLUMNS = """
            id, user_id, title, description, amount_minor, currency, category, date, created_at, updated_at,
            version, deleted_at""";

    // The expense and its change record in one statement; ON CONFLICT: a replayed or concurrent create
    // with the same id waits for the other one and then writes nothing.
    // A create that assumed the default currency (the one this node last saw) checks it first; when it
    // is no longer the user's, nothing is written and "checked" is false.
    private static final String INSERT =
            """
            WITH checked AS (
                SELECT\s""" + UserService.DEFAULT_CURRENCY_IS + """
             AS ok
            ), expense AS (
                INSERT INTO personal_expenses (id, user_id, title, description, amount_minor, currency, category,
                                               date, created_at, updated_at)
                SELECT CAST(:id AS uuid), CAST(:user AS uuid), :title, :description, :amount, :currency, :category,
                       CAST(:date AS timestamptz), CAST(:now AS timestamptz), CAST(:now AS timestamptz)
                FROM checked WHERE checked.ok
                ON CONFLICT (id) DO NOTHING
                RETURNING id
            ),\s""" + PendingChange.recordedAfter("expense") + """
            SELECT (SELECT ok FROM checked) AS checked, (SELECT count(*) FROM expense) AS inserted,\s"""
                    + PendingChange.RECORDED;

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM personal_expenses WHERE id = :id";

    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";

    private static final String UPDATE = """
            UPDATE personal_expenses
            SET title = :title, description = :description, amount_minor = :amount, currency = :currency,
                category = :category, date = :date, updated_at = :now, version = version + 1
            WHERE id = :id
            """;

    private static final String SOFT_DELETE = """
            UPDATE personal_expenses SET deleted_at = :now, updated_at = :now, version = version + 1
            WHERE id = :id
            """;

    // A filter or cursor that is null does not restrict; a category filter of "uncategorized" also
    // matches expenses without one, as the summary counts them.
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM personal_expenses
            WHERE user_id = :user AND deleted_at IS NULL
              AND (CAST(:from AS timestamptz) IS NULL OR date >= CAST(:from AS timestamptz))
              AND (CAST(:to AS timestamptz) IS NULL OR date <= CAST(:to AS timestamptz))
              AND (CAST(:category AS text) IS NULL
                   OR lower(category) = lower(CAST(:category AS text))
                   OR (category IS NULL AND lower(CAST(:category AS text)) = 'uncategorized'))
              AND (CAST(:beforeDate AS timestamptz) IS NULL
                   OR (date, id) < (CAST(:beforeDate AS timestamptz), CAST(:beforeId AS uuid)))
            ORDER BY date DESC, id DESC
            LIMIT :limit
            """;

    private static final String TOTALS = """
            SELECT currency, sum(amount_minor) AS total, count(*) AS count
            FROM personal_expenses
            WHERE user_id = :user AND deleted_at IS NULL AND date >= :start AND date < :end
            GROUP BY currency
            ORDER BY currency
            """;

    private static final String BY_CATEGORY = """
            SELECT coalesce(category, 'uncategorized') AS category, currency, sum(amount_minor) AS total,
                   count(*) AS count
            FROM personal_expenses
            WHERE user_id = :user AND deleted_at IS NULL AND date >= :start AND date < :end
            GROUP BY 1, 2
            ORDER BY 1, 2
            """;

    private final JdbcClient jdbc;

    PersonalExpenseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The fields a client sets, normalised: trimmed text, amount in minor units. */
    record Values(String title, String description, long amountMinor, String currency, String category, Instant date) {}

    record Row(
            UUID id, UUID userId, Values values, Instant createdAt, Instant updatedAt, int version, Instant deletedAt) {

        boolean visibleTo(UUID user) {
            return userId.equals(user) && deletedAt == null;
        }

        PersonalExpense view() {
            return new PersonalExpense(
                    id,
                    userId,
                    values.title(),
                    values.description(),
                    Money.format(values.amountMinor(), values.currency()),
                    values.currency(),
                    values.category(),
                    values.date(),
                    createdAt,
                    updatedAt,
                    version);
        }
    }

    record Filter(Instant from, Instant to, String category) {}

    record Total(String category, String currency, long totalMinor, long count) {}

    /**
     * Inserts the expense and its change record unless the id exists or the user's default currency is no
     * longer {@code assumedCurrency} (when given); a concurrent create of the same id waits for the other
     * one and then inserts nothing.
     */
    PendingChange.Checked insert(
            UUID id, UUID user, Values values, Instant now, PendingChange change, String assumedCurrency) {
        return change.bind(jdbc.sql(INSERT))
                .param("checkUser", user)
                .param("checkCurrency", Bind.text(assumedCurrency))
                .param("id", id)
                .param("user", user)
                .param("title", values.title())
                .param("description", Bind.text(values.description()))
                .param("amount", values.amountMinor())
                .param("currency", values.currency())
                .param("category", Bind.text(values.category()))
                .param("date", Bind.at(values.date()))
                .param("now", Bind.at(now))
                .query((rs, n) -> PendingChange.checked(rs))
                .single();
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql(BY_ID)
                .param("id", id)
                .query(PersonalExpenseRepository::row)
                .optional();
    }

    Optional<Row> lock(UUID id) {
        return jdbc.sql(BY_ID_FOR_UPDATE)
                .param("id", id)
                .query(PersonalExpenseRepository::row)
                .optional();
    }

    void update(UUID id, Values values, Instant now) {
        jdbc.sql(UPDATE)
                .param("id", id)
                .param("title", values.title())
                .param("description", Bind.text(values.description()))
                .param("amount", values.amountMinor())
                .param("currency", values.currency())
                .param("category", Bind.text(values.category()))
                .param("date", Bind.at(values.date()))
                .param("now", Bind.at(now))
                .update();
    }

    void softDelete(UUID id, Instant now) {
        jdbc.sql(SOFT_DELETE).param("id", id).param("now", Bind.at(now)).update();
    }

    List<Row> list(UUID user, Filter filter, Instant beforeDate, UUID beforeId, int limit) {
        return jdbc.sql(LIST)
                .param("user", user)
                .param("from", Bind.text(filter.from()))
                .param("to", Bind.text(filter.to()))
                .param("category", Bind.text(filter.category()))
                .param("beforeDate", Bind.text(beforeDate))
                .param("beforeId", Bind.text(beforeId))
                .param("limit", limit)
                .query(PersonalExpenseRepository::row)
                .list();
    }

    List<Total> totals(UUID user, Instant start, Instant end) {
        return jdbc.sql(TOTALS)
                .param("user", user)
                .param("start", Bind.at(start))
                .param("end", Bind.at(end))
                .query((rs, n) -> new Total(null, rs.getString("currency"), rs.getLong("total"), rs.getLong("count")))
                .list();
    }

    List<Total> byCategory(UUID user, Instant start, Instant end) {
        return jdbc.sql(BY_CATEGORY)
                .param("user", user)
                .param("start", Bind.at(start))
                .param("end", Bind.at(end))
                .query((rs, n) -> new Total(
                        rs.getString("category"), rs.getString("currency"), rs.getLong("total"), rs.getLong("count")))
                .list();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp deleted = rs.getTimestamp("deleted_at");
        Values values = new Values(
                rs.getString("title"),
                rs.getString("description"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getString("category"),
                rs.getTimestamp("date").toInstant());
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                values,
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"),
                deleted == null ? null : deleted.toInstant());
    }
}
