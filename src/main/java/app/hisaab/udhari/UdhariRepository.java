package app.hisaab.udhari;

import app.hisaab.db.Bind;
import app.hisaab.ledger.Entry;
import app.hisaab.ledger.Net;
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
class UdhariRepository {

    private static final String COLUMNS = """
            id, created_by, counterparty_id, amount_minor, currency, description, type, status, date,
            settled_at, settled_by, created_at, updated_at, version, deleted_at""";

    private static final String INSERT = """
            INSERT INTO udhari (id, created_by, counterparty_id, amount_minor, currency, description, type, status,
                                date, settled_at, settled_by, created_at, updated_at)
            VALUES (:id, :createdBy, :counterparty, :amount, :currency, :description, :type, :status,
                    :date, CAST(:settledAt AS timestamptz), CAST(:settledBy AS uuid), :now, :now)
            ON CONFLICT (id) DO NOTHING
            """;

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM udhari WHERE id = :id";

    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";

    private static final String LIST = "SELECT " + COLUMNS + """

            FROM udhari
            WHERE (created_by = :user OR counterparty_id = :user)
              AND deleted_at IS NULL
              AND (CAST(:status AS smallint) IS NULL OR status = CAST(:status AS smallint))
              AND (CAST(:friend AS uuid) IS NULL
                   OR created_by = CAST(:friend AS uuid) OR counterparty_id = CAST(:friend AS uuid))
              AND (CAST(:beforeDate AS timestamptz) IS NULL
                   OR (date, id) < (CAST(:beforeDate AS timestamptz), CAST(:beforeId AS uuid)))
            ORDER BY date DESC, id DESC
            LIMIT :limit
            """;

    private static final String UPDATE = """
            UPDATE udhari
            SET counterparty_id = :counterparty, amount_minor = :amount, currency = :currency,
                description = :description, type = :type, status = :status, date = :date,
                settled_at = CAST(:settledAt AS timestamptz), settled_by = CAST(:settledBy AS uuid),
                updated_at = :now, version = version + 1
            WHERE id = :id
            """;

    private static final String SOFT_DELETE = """
            UPDATE udhari SET deleted_at = :now, updated_at = :now, version = version + 1 WHERE id = :id
            """;

    // Pending udhari per other party and currency, signed from the user's side: lent is positive.
    // In SQL the enums are their codes: type 0 is UdhariType.LENT, status 0 is UdhariStatus.PENDING.
    private static final String NETS = """
            SELECT other, currency, sum(amount) AS net
            FROM (
                SELECT counterparty_id AS other, currency,
                       CASE WHEN type = 0 THEN amount_minor ELSE -amount_minor END AS amount
                FROM udhari
                WHERE created_by = :user AND status = 0 AND deleted_at IS NULL
                  AND (CAST(:friend AS uuid) IS NULL OR counterparty_id = CAST(:friend AS uuid))
                UNION ALL
                SELECT created_by, currency, CASE WHEN type = 0 THEN -amount_minor ELSE amount_minor END
                FROM udhari
                WHERE counterparty_id = :user AND status = 0 AND deleted_at IS NULL
                  AND (CAST(:friend AS uuid) IS NULL OR created_by = CAST(:friend AS uuid))
            ) t
            GROUP BY other, currency
            """;

    private static final String ITEMS = """
            SELECT id, date, coalesce(description, 'Udhari') AS title, currency,
                   CASE WHEN (created_by = :user) = (type = 0) THEN amount_minor ELSE -amount_minor END AS effect
            FROM udhari
            WHERE status = 0 AND deleted_at IS NULL
              AND ((created_by = :user AND counterparty_id = :friend) OR (created_by = :friend AND counterparty_id = :user))
              AND (CAST(:beforeDate AS timestamptz) IS NULL
                   OR (date, id) < (CAST(:beforeDate AS timestamptz), CAST(:beforeId AS uuid)))
            ORDER BY date DESC, id DESC
            LIMIT :limit
            """;

    // Whether a live udhari, pending or settled, is between the two.
    private static final String SHARED = """
            SELECT EXISTS (
                SELECT 1 FROM udhari
                WHERE deleted_at IS NULL
                  AND ((created_by = :user AND counterparty_id = :other)
                       OR (created_by = :other AND counterparty_id = :user)))
            """;

    private static final String NAMING = """
            SELECT id FROM udhari
            WHERE created_by = :user OR counterparty_id = :user OR settled_by = :user
            ORDER BY id
            FOR UPDATE
            """;

    // A row that would name the accepter on both sides cannot exist (the placeholder's owner is the
    // only one who could name it, and accepting one's own invite is refused); delete it defensively.
    private static final String DROP_SELF = """
            UPDATE udhari SET deleted_at = :now, updated_at = :now, version = version + 1
            WHERE deleted_at IS NULL
              AND ((created_by = :placeholder AND counterparty_id = :accepter)
                   OR (created_by = :accepter AND counterparty_id = :placeholder))
            """;

    private static final String MOVE = """
            UPDATE udhari
            SET created_by = CASE WHEN created_by = :placeholder THEN :accepter ELSE created_by END,
                counterparty_id = CASE WHEN counterparty_id = :placeholder THEN :accepter ELSE counterparty_id END,
                settled_by = CASE WHEN settled_by = :placeholder THEN :accepter ELSE settled_by END,
                updated_at = :now, version = version + 1
            WHERE (created_by = :placeholder OR counterparty_id = :placeholder OR settled_by = :placeholder)
              AND NOT (created_by = :placeholder AND counterparty_id = :accepter)
              AND NOT (created_by = :accepter AND counterparty_id = :placeholder)
            """;

    private final JdbcClient jdbc;

    UdhariRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(
            UUID id,
            UUID createdBy,
            UUID counterpartyId,
            long amountMinor,
            String currency,
            String description,
            UdhariType type,
            UdhariStatus status,
            Instant date,
            Instant settledAt,
            UUID settledBy,
            Instant createdAt,
            Instant updatedAt,
            int version,
            Instant deletedAt) {

        boolean hasParty(UUID user) {
            return createdBy.equals(user) || counterpartyId.equals(user);
        }
    }

    /** What a create or update writes, from the creator's side. */
    record Content(
            UUID counterpartyId,
            long amountMinor,
            String currency,
            String description,
            UdhariType type,
            UdhariStatus status,
            Instant date,
            Instant settledAt,
            UUID settledBy) {

        /** The fields a client gives; settling details are the server's. */
        boolean sameAsGiven(Content other) {
            return counterpartyId.equals(other.counterpartyId)
                    && amountMinor == other.amountMinor
                    && currency.equals(other.currency)
                    && java.util.Objects.equals(description, other.description)
                    && type == other.type
                    && status == other.status
                    && date.equals(other.date);
        }
    }

    boolean insert(UUID id, UUID createdBy, Content content, Instant now) {
        return content(jdbc.sql(INSERT), content)
                        .param("id", id)
                        .param("createdBy", createdBy)
                        .param("now", Bind.at(now))
                        .update()
                > 0;
    }

    /** Binds what {@link #INSERT} and {@link #UPDATE} write; the enums are written as their codes. */
    private static JdbcClient.StatementSpec content(JdbcClient.StatementSpec statement, Content content) {
        return statement
                .param("counterparty", content.counterpartyId())
                .param("amount", content.amountMinor())
                .param("currency", content.currency())
                .param("description", Bind.text(content.description()))
                .param("type", content.type().code())
                .param("status", content.status().code())
                .param("date", Bind.at(content.date()))
                .param("settledAt", Bind.text(content.settledAt()))
                .param("settledBy", Bind.text(content.settledBy()));
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql(BY_ID).param("id", id).query(UdhariRepository::row).optional();
    }

    Optional<Row> lock(UUID id) {
        return jdbc.sql(BY_ID_FOR_UPDATE)
                .param("id", id)
                .query(UdhariRepository::row)
                .optional();
    }

    List<Row> list(UUID user, UdhariStatus status, UUID friend, Instant beforeDate, UUID beforeId, int limit) {
        return jdbc.sql(LIST)
                .param("user", user)
                .param("status", Bind.text(status == null ? null : status.code()))
                .param("friend", Bind.text(friend))
                .param("beforeDate", Bind.text(beforeDate))
                .param("beforeId", Bind.text(beforeId))
                .param("limit", limit)
                .query(UdhariRepository::row)
                .list();
    }

    void update(UUID id, Content content, Instant now) {
        content(jdbc.sql(UPDATE), content)
                .param("id", id)
                .param("now", Bind.at(now))
                .update();
    }

    void softDelete(UUID id, Instant now) {
        jdbc.sql(SOFT_DELETE).param("id", id).param("now", Bind.at(now)).update();
    }

    List<Net> nets(UUID user, UUID friend) {
        return Net.query(jdbc, NETS, user, friend);
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
        return Entry.query(jdbc, ITEMS, user, friend, beforeDate, beforeId, limit);
    }

    /** Moves every udhari naming the placeholder to the accepter; returns the ids touched. */
    List<UUID> merge(UUID placeholder, UUID accepter, Instant now) {
        List<UUID> ids = jdbc.sql(NAMING)
                .param("user", placeholder)
                .query((rs, n) -> rs.getObject("id", UUID.class))
                .list();
        if (!ids.isEmpty()) {
            jdbc.sql(DROP_SELF)
                    .param("placeholder", placeholder)
                    .param("accepter", accepter)
                    .param("now", Bind.at(now))
                    .update();
            jdbc.sql(MOVE)
                    .param("placeholder", placeholder)
                    .param("accepter", accepter)
                    .param("now", Bind.at(now))
                    .update();
        }
        return ids;
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp settled = rs.getTimestamp("settled_at");
        Timestamp deleted = rs.getTimestamp("deleted_at");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("created_by", UUID.class),
                rs.getObject("counterparty_id", UUID.class),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getString("description"),
                UdhariType.of(rs.getInt("type")).orElseThrow(),
                UdhariStatus.of(rs.getInt("status")).orElseThrow(),
                rs.getTimestamp("date").toInstant(),
                settled == null ? null : settled.toInstant(),
                rs.getObject("settled_by", UUID.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"),
                deleted == null ? null : deleted.toInstant());
    }
}
