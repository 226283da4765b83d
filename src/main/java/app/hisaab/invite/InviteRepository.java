package app.hisaab.invite;

import app.hisaab.db.Bind;
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
class InviteRepository {

    private static final String COLUMNS = """
            id, code, inviter_id, placeholder_id, friend_name, friend_phone, friend_email, status, expires_at,
            accepted_by, accepted_at, created_at, updated_at, version""";

    private static final String INSERT = """
            INSERT INTO invites (id, code, inviter_id, placeholder_id, friend_name, friend_phone, friend_email,
                                 expires_at, created_at, updated_at)
            VALUES (:id, :code, :inviter, :placeholder, :name, :phone, :email, :expiresAt, :now, :now)
            """;

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM invites WHERE id = :id";

    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";

    private static final String BY_CODE = "SELECT " + COLUMNS + " FROM invites WHERE code = :code";

    private static final String BY_INVITER = "SELECT " + COLUMNS + """
             FROM invites WHERE inviter_id = :inviter
              AND (CAST(:beforeDate AS timestamptz) IS NULL
                   OR (created_at, id) < (CAST(:beforeDate AS timestamptz), CAST(:beforeId AS uuid)))
            ORDER BY created_at DESC, id DESC
            LIMIT :limit
            """;

    private static final String COUNT_PENDING = """
            SELECT count(*) FROM invites WHERE inviter_id = :inviter AND status = 'pending' AND expires_at > :now
            """;

    // Held until commit: counting and adding a user's invites happen one at a time per user.
    private static final String LOCK_INVITER =
            "SELECT pg_advisory_xact_lock(hashtextextended(CAST(:inviter AS text), 12))";

    // Every accept of an invite for one placeholder takes this lock before the invite's row lock, so
    // two invites for the same placeholder are never merged at once.
    private static final String LOCK_PLACEHOLDER =
            "SELECT pg_advisory_xact_lock(hashtextextended(CAST(:placeholder AS text), 7))";

    private static final String ACCEPT = """
            UPDATE invites SET status = 'accepted', accepted_by = :accepter, accepted_at = :now, updated_at = :now,
                               version = version + 1
            WHERE id = :id
            """;

    private static final String REVOKE = """
            UPDATE invites SET status = 'revoked', updated_at = :now, version = version + 1
            WHERE id = :id
            """;

    private static final String PENDING_FOR_PLACEHOLDER = "SELECT " + COLUMNS + """
             FROM invites WHERE placeholder_id = :placeholder AND status = 'pending'
            ORDER BY id
            FOR UPDATE
            """;

    private static final String REPOINT = """
            UPDATE invites SET placeholder_id = :to WHERE placeholder_id = :from
            """;

    private final JdbcClient jdbc;

    InviteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(
            UUID id,
            String code,
            UUID inviterId,
            UUID placeholderId,
            String friendName,
            String friendPhone,
            String friendEmail,
            String status,
            Instant expiresAt,
            UUID acceptedBy,
            Instant acceptedAt,
            Instant createdAt,
            Instant updatedAt,
            int version) {

        boolean pending() {
            return "pending".equals(status);
        }

        boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt);
        }

        Invite view(Instant now) {
            String shown = pending() && expiredAt(now) ? "expired" : status;
            return new Invite(
                    id,
                    code,
                    InviteService.LINK_PREFIX + code,
                    expiresAt,
                    shown,
                    placeholderId,
                    friendName,
                    friendPhone,
                    friendEmail,
                    acceptedAt,
                    createdAt,
                    updatedAt,
                    version);
        }
    }

    void insert(
            UUID id,
            String code,
            UUID inviter,
            UUID placeholder,
            String name,
            String phone,
            String email,
            Instant expiresAt,
            Instant now) {
        jdbc.sql(INSERT)
                .param("id", id)
                .param("code", code)
                .param("inviter", inviter)
                .param("placeholder", placeholder)
                .param("name", name)
                .param("phone", Bind.text(phone))
                .param("email", Bind.text(email))
                .param("expiresAt", Bind.at(expiresAt))
                .param("now", Bind.at(now))
                .update();
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql(BY_ID).param("id", id).query(InviteRepository::row).optional();
    }

    Optional<Row> lock(UUID id) {
        return jdbc.sql(BY_ID_FOR_UPDATE)
                .param("id", id)
                .query(InviteRepository::row)
                .optional();
    }

    Optional<Row> findByCode(String code) {
        return jdbc.sql(BY_CODE)
                .param("code", code)
                .query(InviteRepository::row)
                .optional();
    }

    /** Up to {@code limit} invites the user created strictly before (createdAt, id), newest first. */
    List<Row> byInviter(UUID inviter, Instant beforeDate, UUID beforeId, int limit) {
        return jdbc.sql(BY_INVITER)
                .param("inviter", inviter)
                .param("beforeDate", Bind.text(beforeDate))
                .param("beforeId", Bind.text(beforeId))
                .param("limit", limit)
                .query(InviteRepository::row)
                .list();
    }

    /** Locks the user's invites against concurrent creates (until commit) and counts the usable ones. */
    long lockAndCountPending(UUID inviter, Instant now) {
        jdbc.sql(LOCK_INVITER).param("inviter", inviter).query((rs, n) -> 1).list();
        return jdbc.sql(COUNT_PENDING)
                .param("inviter", inviter)
                .param("now", Bind.at(now))
                .query(Long.class)
                .single();
    }

    void lockPlaceholder(UUID placeholder) {
        jdbc.sql(LOCK_PLACEHOLDER)
                .param("placeholder", placeholder)
                .query((rs, n) -> 1)
                .list();
    }

    void accept(UUID id, UUID accepter, Instant now) {
        jdbc.sql(ACCEPT)
                .param("id", id)
                .param("accepter", accepter)
                .param("now", Bind.at(now))
                .update();
    }

    void revoke(UUID id, Instant now) {
        jdbc.sql(REVOKE).param("id", id).param("now", Bind.at(now)).update();
    }

    List<Row> lockPendingFor(UUID placeholder) {
        return jdbc.sql(PENDING_FOR_PLACEHOLDER)
                .param("placeholder", placeholder)
                .query(InviteRepository::row)
                .list();
    }

    void repoint(UUID from, UUID to) {
        jdbc.sql(REPOINT).param("from", from).param("to", to).update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp acceptedAt = rs.getTimestamp("accepted_at");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getString("code"),
                rs.getObject("inviter_id", UUID.class),
                rs.getObject("placeholder_id", UUID.class),
                rs.getString("friend_name"),
                rs.getString("friend_phone"),
                rs.getString("friend_email"),
                rs.getString("status"),
                rs.getTimestamp("expires_at").toInstant(),
                rs.getObject("accepted_by", UUID.class),
                acceptedAt == null ? null : acceptedAt.toInstant(),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"));
    }
}
