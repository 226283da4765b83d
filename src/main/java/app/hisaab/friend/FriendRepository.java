package app.hisaab.friend;

import app.hisaab.db.Bind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FriendRepository {

    private static final String COLUMNS =
            "id, user_id, friend_user_id, name, phone, email, created_at, updated_at, version, deleted_at";

    private static final String EXISTS = """
            SELECT EXISTS (
                SELECT 1 FROM friendships
                WHERE user_id = :user AND friend_user_id = :friend AND deleted_at IS NULL)
            """;

    private static final String AMONG = """
            SELECT friend_user_id FROM friendships
            WHERE user_id = :user AND friend_user_id = ANY (CAST(:ids AS uuid[])) AND deleted_at IS NULL
            """;

    private static final String NAMES = """
            SELECT friend_user_id, name FROM friendships
            WHERE user_id = :user AND deleted_at IS NULL
            ORDER BY name, friend_user_id
            """;

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM friendships WHERE id = :id";

    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";

    // Keyset paging on (lower(name), id): the cursor carries the sort key as PostgreSQL computed it.
    private static final String LIST = "SELECT " + COLUMNS + """
            , lower(name) AS sort_name
            FROM friendships
            WHERE user_id = :user AND deleted_at IS NULL
              AND (CAST(:afterName AS text) IS NULL
                   OR (lower(name), id) > (CAST(:afterName AS text), CAST(:afterId AS uuid)))
            ORDER BY lower(name), id
            LIMIT :limit
            """;

    private static final String COUNT_LIVE = """
            SELECT count(*) FROM friendships WHERE user_id = :user AND deleted_at IS NULL
            """;

    // Held until commit: counting and adding a user's friendships happen one at a time per user.
    private static final String LOCK_OWNER = "SELECT pg_advisory_xact_lock(hashtextextended(CAST(:user AS text), 11))";

    private static final String LIVE_PAIR = "SELECT " + COLUMNS + """
             FROM friendships
            WHERE user_id = :user AND friend_user_id = :friend AND deleted_at IS NULL
            """;

    private static final String LIVE_PAIR_FOR_UPDATE = LIVE_PAIR + " FOR UPDATE";

    private static final String LIVE_NAMING_FOR_UPDATE = "SELECT " + COLUMNS + """
             FROM friendships
            WHERE friend_user_id = :friend AND deleted_at IS NULL
            ORDER BY id
            FOR UPDATE
            """;

    // Held until commit; a hash collision with another id only makes two creates wait for each other.
    private static final String LOCK_CLIENT_ID = "SELECT pg_advisory_xact_lock(hashtextextended(CAST(:id AS text), 0))";

    private static final String INSERT = """
            INSERT INTO friendships (id, user_id, friend_user_id, name, phone, email, created_at, updated_at)
            VALUES (:id, :user, :friend, :name, :phone, :email, :now, :now)
            """;

    private static final String UPDATE_DETAILS = """
            UPDATE friendships SET name = :name, phone = :phone, email = :email, updated_at = :now, version = version + 1
            WHERE id = :id
            """;

    private static final String SOFT_DELETE = """
            UPDATE friendships SET deleted_at = :now, updated_at = :now, version = version + 1
            WHERE id = :id
            """;

    private static final String REPOINT = """
            UPDATE friendships SET friend_user_id = :to, updated_at = :now, version = version + 1
            WHERE id = :id
            """;

    // Removed friendships keep their history but name the account from now on, like every other row.
    private static final String REPOINT_DELETED = """
            UPDATE friendships SET friend_user_id = :to
            WHERE friend_user_id = :from AND deleted_at IS NOT NULL AND user_id <> :to
            """;

    private final JdbcClient jdbc;

    FriendRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A friendship row, deleted or not. */
    record Row(
            UUID id,
            UUID userId,
            UUID friendUserId,
            String name,
            String phone,
            String email,
            Instant createdAt,
            Instant updatedAt,
            int version,
            Instant deletedAt) {

        boolean visibleTo(UUID user) {
            return userId.equals(user) && deletedAt == null;
        }

        Friend view(boolean registered) {
            return new Friend(id, userId, friendUserId, name, phone, email, registered, createdAt, updatedAt, version);
        }
    }

    boolean exists(UUID user, UUID friend) {
        return jdbc.sql(EXISTS)
                .param("user", user)
                .param("friend", friend)
                .query(Boolean.class)
                .single();
    }

    Set<UUID> among(UUID user, Collection<UUID> ids) {
        String[] array = ids.stream().map(UUID::toString).toArray(String[]::new);
        return new HashSet<>(jdbc.sql(AMONG)
                .param("user", user)
                .param("ids", array)
                .query(UUID.class)
                .list());
    }

    Map<UUID, String> names(UUID user) {
        Map<UUID, String> names = new LinkedHashMap<>();
        jdbc.sql(NAMES).param("user", user).query(rs -> {
            names.put(rs.getObject("friend_user_id", UUID.class), rs.getString("name"));
        });
        return names;
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql(BY_ID).param("id", id).query(FriendRepository::row).optional();
    }

    Optional<Row> lock(UUID id) {
        return jdbc.sql(BY_ID_FOR_UPDATE)
                .param("id", id)
                .query(FriendRepository::row)
                .optional();
    }

    /** A friendship with the key it is listed by. */
    record Listed(Row row, String sortName) {}

    /** Up to {@code limit} live friendships of the user after (sortName, id), by name. */
    List<Listed> list(UUID user, String afterName, UUID afterId, int limit) {
        return jdbc.sql(LIST)
                .param("user", user)
                .param("afterName", Bind.text(afterName))
                .param("afterId", Bind.text(afterId))
                .param("limit", limit)
                .query((rs, n) -> new Listed(row(rs, n), rs.getString("sort_name")))
                .list();
    }

    /** Locks the user's friend list against concurrent additions (until commit) and counts it. */
    long lockAndCount(UUID user) {
        jdbc.sql(LOCK_OWNER).param("user", user).query((rs, n) -> 1).list();
        return jdbc.sql(COUNT_LIVE).param("user", user).query(Long.class).single();
    }

    Optional<Row> findLivePair(UUID user, UUID friend) {
        return jdbc.sql(LIVE_PAIR)
                .param("user", user)
                .param("friend", friend)
                .query(FriendRepository::row)
                .optional();
    }

    Optional<Row> lockLivePair(UUID user, UUID friend) {
        return jdbc.sql(LIVE_PAIR_FOR_UPDATE)
                .param("user", user)
                .param("friend", friend)
                .query(FriendRepository::row)
                .optional();
    }

    List<Row> lockLiveNaming(UUID friend) {
        return jdbc.sql(LIVE_NAMING_FOR_UPDATE)
                .param("friend", friend)
                .query(FriendRepository::row)
                .list();
    }

    void lockClientId(UUID id) {
        jdbc.sql(LOCK_CLIENT_ID).param("id", id).query((rs, n) -> 1).list();
    }

    void insert(UUID id, UUID user, UUID friend, String name, String phone, String email, Instant now) {
        jdbc.sql(INSERT)
                .param("id", id)
                .param("user", user)
                .param("friend", friend)
                .param("name", name)
                .param("phone", Bind.text(phone))
                .param("email", Bind.text(email))
                .param("now", Bind.at(now))
                .update();
    }

    void updateDetails(UUID id, String name, String phone, String email, Instant now) {
        jdbc.sql(UPDATE_DETAILS)
                .param("id", id)
                .param("name", name)
                .param("phone", Bind.text(phone))
                .param("email", Bind.text(email))
                .param("now", Bind.at(now))
                .update();
    }

    void softDelete(UUID id, Instant now) {
        jdbc.sql(SOFT_DELETE).param("id", id).param("now", Bind.at(now)).update();
    }

    void repoint(UUID id, UUID to, Instant now) {
        jdbc.sql(REPOINT)
                .param("id", id)
                .param("to", to)
                .param("now", Bind.at(now))
                .update();
    }

    void repointDeleted(UUID from, UUID to) {
        jdbc.sql(REPOINT_DELETED).param("from", from).param("to", to).update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp deleted = rs.getTimestamp("deleted_at");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getObject("friend_user_id", UUID.class),
                rs.getString("name"),
                rs.getString("phone"),
                rs.getString("email"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"),
                deleted == null ? null : deleted.toInstant());
    }
}
