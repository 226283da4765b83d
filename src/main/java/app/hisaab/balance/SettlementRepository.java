package app.hisaab.balance;

import app.hisaab.db.Bind;
import app.hisaab.ledger.Entry;
import app.hisaab.ledger.Net;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SettlementRepository {

    private static final String COLUMNS = """
            id, group_id, from_user_id, to_user_id, amount_minor, currency, note, date, created_by, created_at,
            updated_at, version, deleted_at""";

    private static final String INSERT = """
            INSERT INTO settlements (id, group_id, from_user_id, to_user_id, amount_minor, currency, note, date,
                                     created_by, created_at, updated_at)
            VALUES (:id, CAST(:groupId AS uuid), :from, :to, :amount, :currency, :note, :date, :createdBy, :now, :now)
            ON CONFLICT (id) DO NOTHING
            """;

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM settlements WHERE id = :id";

    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";

    // The user's settlements and those of the user's groups, optionally one friend's or one group's.
    private static final String LIST = "SELECT " + COLUMNS + """

            FROM settlements
            WHERE (from_user_id = :user OR to_user_id = :user
                   OR group_id IN (SELECT group_id FROM group_members WHERE user_id = :user))
              AND deleted_at IS NULL
              AND (CAST(:group AS uuid) IS NULL OR group_id = CAST(:group AS uuid))
              AND (CAST(:friend AS uuid) IS NULL
                   OR from_user_id = CAST(:friend AS uuid) OR to_user_id = CAST(:friend AS uuid))
              AND (CAST(:beforeDate AS timestamptz) IS NULL
                   OR (date, id) < (CAST(:beforeDate AS timestamptz), CAST(:beforeId AS uuid)))
            ORDER BY date DESC, id DESC
            LIMIT :limit
            """;

    private static final String SOFT_DELETE = """
            UPDATE settlements SET deleted_at = :now, updated_at = :now, version = version + 1 WHERE id = :id
            """;

    // Settlements per other party and currency from the user's side: what the user paid raises the
    // net (they owe less), what the user received lowers it.
    private static final String NETS = """
            SELECT other, currency, sum(amount) AS net
            FROM (
                SELECT to_user_id AS other, currency, amount_minor AS amount
                FROM settlements
                WHERE from_user_id = :user AND deleted_at IS NULL
                  AND (CAST(:friend AS uuid) IS NULL OR to_user_id = CAST(:friend AS uuid))
                UNION ALL
                SELECT from_user_id, currency, -amount_minor
                FROM settlements
                WHERE to_user_id = :user AND deleted_at IS NULL
                  AND (CAST(:friend AS uuid) IS NULL OR from_user_id = CAST(:friend AS uuid))
            ) t
            GROUP BY other, currency
            """;

    private static final String ITEMS = """
            SELECT id, date, coalesce(note, 'Settlement') AS title, currency, group_id,
                   CASE WHEN from_user_id = :user THEN amount_minor ELSE -amount_minor END AS effect
            FROM settlements
            WHERE deleted_at IS NULL
              AND ((from_user_id = :user AND to_user_id = :friend) OR (from_user_id = :friend AND to_user_id = :user))
              AND (CAST(:beforeDate AS timestamptz) IS NULL
                   OR (date, id) < (CAST(:beforeDate AS timestamptz), CAST(:beforeId AS uuid)))
            ORDER BY date DESC, id DESC
            LIMIT :limit
            """;

    // Whether a live settlement is between the two.
    private static final String SHARED = """
            SELECT EXISTS (
                SELECT 1 FROM settlements
                WHERE deleted_at IS NULL
                  AND ((from_user_id = :user AND to_user_id = :other) OR (from_user_id = :other AND to_user_id = :user)))
            """;

    // A group's live settlements, oldest first.
    private static final String IN_GROUP = "SELECT " + COLUMNS + """

            FROM settlements
            WHERE group_id = :group AND deleted_at IS NULL
            ORDER BY date, id
            """;

    // A group's nets through its settlements: paying raises the payer's net, receiving lowers it.
    private static final String GROUP_NETS = """
            SELECT other, currency, sum(amount) AS net
            FROM (
                SELECT from_user_id AS other, currency, amount_minor AS amount
                FROM settlements WHERE group_id = :group AND deleted_at IS NULL
                UNION ALL
                SELECT to_user_id, currency, -amount_minor
                FROM settlements WHERE group_id = :group AND deleted_at IS NULL
            ) t
            GROUP BY other, currency
            """;

    private static final String NAMING = """
            SELECT id FROM settlements
            WHERE from_user_id = :user OR to_user_id = :user OR created_by = :user
            ORDER BY id
            FOR UPDATE
            """;

    // Cannot happen (only the placeholder's owner can name it), kept so a merge never breaks a check.
    private static final String DROP_SELF = """
            UPDATE settlements SET deleted_at = :now, updated_at = :now, version = version + 1
            WHERE deleted_at IS NULL
              AND ((from_user_id = :placeholder AND to_user_id = :accepter)
                   OR (from_user_id = :accepter AND to_user_id = :placeholder))
            """;

    private static final String MOVE = """
            UPDATE settlements
            SET from_user_id = CASE WHEN from_user_id = :placeholder THEN :accepter ELSE from_user_id END,
                to_user_id = CASE WHEN to_user_id = :placeholder THEN :accepter ELSE to_user_id END,
                created_by = CASE WHEN created_by = :placeholder THEN :accepter ELSE created_by END,
                updated_at = :now, version = version + 1
            WHERE (from_user_id = :placeholder OR to_user_id = :placeholder OR created_by = :placeholder)
              AND NOT (from_user_id = :placeholder AND to_user_id = :accepter)
              AND NOT (from_user_id = :accepter AND to_user_id = :placeholder)
            """;

    private final JdbcClient jdbc;

    SettlementRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(
            UUID id,
            UUID groupId,
            UUID fromUserId,
            UUID toUserId,
            long amountMinor,
            String currency,
            String note,
            Instant date,
            UUID createdBy,
            Instant createdAt,
            Instant updatedAt,
            int version,
            Instant deletedAt) {

        boolean hasParty(UUID user) {
            return fromUserId.equals(user) || toUserId.equals(user);
        }

        boolean sameContent(Content content) {
            return Objects.equals(groupId, content.groupId())
                    && fromUserId.equals(content.fromUserId())
                    && toUserId.equals(content.toUserId())
                    && amountMinor == content.amountMinor()
                    && currency.equals(content.currency())
                    && Objects.equals(note, content.note())
                    && date.equals(content.date());
        }
    }

    record Content(
            UUID groupId,
            UUID fromUserId,
            UUID toUserId,
            long amountMinor,
            String currency,
            String note,
            Instant date) {}

    boolean insert(UUID id, Content content, UUID createdBy, Instant now) {
        return jdbc.sql(INSERT)
                        .param("id", id)
                        .param("groupId", Bind.text(content.groupId()))
                        .param("from", content.fromUserId())
                        .param("to", content.toUserId())
                        .param("amount", content.amountMinor())
                        .param("currency", content.currency())
                        .param("note", Bind.text(content.note()))
                        .param("date", Bind.at(content.date()))
                        .param("createdBy", createdBy)
                        .param("now", Bind.at(now))
                        .update()
                > 0;
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql(BY_ID).param("id", id).query(SettlementRepository::row).optional();
    }

    Optional<Row> lock(UUID id) {
        return jdbc.sql(BY_ID_FOR_UPDATE)
                .param("id", id)
                .query(SettlementRepository::row)
                .optional();
    }

    List<Row> list(UUID user, UUID group, UUID friend, Instant beforeDate, UUID beforeId, int limit) {
        return jdbc.sql(LIST)
                .param("user", user)
                .param("group", Bind.text(group))
                .param("friend", Bind.text(friend))
                .param("beforeDate", Bind.text(beforeDate))
                .param("beforeId", Bind.text(beforeId))
                .param("limit", limit)
                .query(SettlementRepository::row)
                .list();
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
        return Entry.query(jdbc, ITEMS, Entry::readWithGroup, user, friend, beforeDate, beforeId, limit);
    }

    /** A group's live settlements, oldest first. */
    List<Row> inGroup(UUID group) {
        return jdbc.sql(IN_GROUP)
                .param("group", group)
                .query(SettlementRepository::row)
                .list();
    }

    /** Each member's net through the group's settlements per currency (zero nets included). */
    List<Net> groupNets(UUID group) {
        return jdbc.sql(GROUP_NETS).param("group", group).query(Net::read).list();
    }

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
        Timestamp deleted = rs.getTimestamp("deleted_at");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("group_id", UUID.class),
                rs.getObject("from_user_id", UUID.class),
                rs.getObject("to_user_id", UUID.class),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getString("note"),
                rs.getTimestamp("date").toInstant(),
                rs.getObject("created_by", UUID.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"),
                deleted == null ? null : deleted.toInstant());
    }
}
