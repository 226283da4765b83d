package app.hisaab.group;

import app.hisaab.db.Bind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class GroupRepository {

    private static final String COLUMNS = """
            g.id, g.name, g.currency, g.simplify_debts, g.created_by, g.created_at, g.updated_at, g.version,
            g.deleted_at""";

    // ON CONFLICT: a replayed or concurrent create with the same id waits for the other one, then writes
    // nothing; the service compares the stored group instead.
    private static final String INSERT = """
            INSERT INTO groups (id, name, currency, simplify_debts, created_by, created_at, updated_at)
            VALUES (:id, :name, :currency, :simplifyDebts, :actor, :now, :now)
            ON CONFLICT (id) DO NOTHING
            """;

    private static final String INSERT_MEMBERS = """
            INSERT INTO group_members (group_id, user_id, position, name, added_by, added_at)
            SELECT :group, u, p, n, :actor, :now
            FROM unnest(CAST(:users AS uuid[]), CAST(:positions AS int[]), CAST(:names AS text[])) AS t (u, p, n)
            """;

    private static final String ADD_MEMBER = """
            INSERT INTO group_members (group_id, user_id, position, name, added_by, added_at)
            SELECT :group, :user, coalesce(max(position), 0) + 1, :name, :actor, :now
            FROM group_members WHERE group_id = :group
            """;

    private static final String REMOVE_MEMBER = "DELETE FROM group_members WHERE group_id = :group AND user_id = :user";

    private static final String REMOVE_ALL_MEMBERS = "DELETE FROM group_members WHERE group_id = :group";

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM groups g WHERE g.id = :id";

    // Membership changes take the group row exclusively; writes of the group's money share it, so that a
    // member cannot leave while an expense naming them is being written (one of the two waits).
    private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE";

    private static final String BY_ID_FOR_SHARE = BY_ID + " FOR SHARE";

    private static final String LOCK_ALL = """
            SELECT id FROM groups WHERE id = ANY (CAST(:ids AS uuid[])) ORDER BY id FOR UPDATE
            """;

    private static final String MEMBERS = """
            SELECT group_id, user_id, position, name, added_by
            FROM group_members
            WHERE group_id = ANY (CAST(:ids AS uuid[]))
            ORDER BY group_id, position
            """;

    // The user's groups, newest first by (created_at, id).
    private static final String LIST = "SELECT " + COLUMNS + """

            FROM group_members m
            JOIN groups g ON g.id = m.group_id
            WHERE m.user_id = :user AND g.deleted_at IS NULL
              AND (CAST(:beforeDate AS timestamptz) IS NULL
                   OR (g.created_at, g.id) < (CAST(:beforeDate AS timestamptz), CAST(:beforeId AS uuid)))
            ORDER BY g.created_at DESC, g.id DESC
            LIMIT :limit
            """;

    private static final String GROUPS_OF = """
            SELECT group_id FROM group_members WHERE user_id = :user ORDER BY group_id
            """;

    private static final String COUNT_GROUPS_OF = "SELECT count(*) FROM group_members WHERE user_id = :user";

    // Held until commit: counting and adding a user's memberships happen one at a time per user.
    private static final String LOCK_USER = "SELECT pg_advisory_xact_lock(hashtextextended(CAST(:user AS text), 15))";

    private static final String UPDATE = """
            UPDATE groups
            SET name = :name, currency = :currency, simplify_debts = :simplifyDebts, updated_at = :now,
                version = version + 1
            WHERE id = :id
            """;

    private static final String TOUCH = "UPDATE groups SET updated_at = :now, version = version + 1 WHERE id = :id";

    private static final String SOFT_DELETE = """
            UPDATE groups SET deleted_at = :now, updated_at = :now, version = version + 1 WHERE id = :id
            """;

    // Members of the user's groups other than the user, with the name their groups show.
    private static final String FELLOWS = """
            SELECT DISTINCT ON (o.user_id) o.user_id, o.name
            FROM group_members mine
            JOIN group_members o ON o.group_id = mine.group_id AND o.user_id <> mine.user_id
            WHERE mine.user_id = :user
            ORDER BY o.user_id, o.group_id
            """;

    private static final String IS_MEMBER = """
            SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = :group AND user_id = :user)
            """;

    private static final String SHARE_A_GROUP = """
            SELECT EXISTS (
                SELECT 1 FROM group_members mine
                JOIN group_members o ON o.group_id = mine.group_id
                WHERE mine.user_id = :user AND o.user_id = :other)
            """;

    private static final String MOVE_MEMBER = """
            UPDATE group_members SET user_id = :accepter WHERE group_id = :group AND user_id = :placeholder
            """;

    private final JdbcClient jdbc;

    GroupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Row(
            UUID id,
            String name,
            String currency,
            boolean simplifyDebts,
            UUID createdBy,
            Instant createdAt,
            Instant updatedAt,
            int version,
            Instant deletedAt,
            List<MemberRow> members) {

        Row withMembers(List<MemberRow> members) {
            return new Row(
                    id, name, currency, simplifyDebts, createdBy, createdAt, updatedAt, version, deletedAt, members);
        }

        boolean hasMember(UUID user) {
            return members.stream().anyMatch(m -> m.userId().equals(user));
        }

        List<UUID> memberIds() {
            return members.stream().map(MemberRow::userId).toList();
        }
    }

    /** A membership: {@code name} is what {@code addedBy} called the member when adding them. */
    record MemberRow(UUID userId, int position, String name, UUID addedBy) {}

    /** A new member: the user and the name the member adding them gave. */
    record NewMember(UUID userId, String name) {}

    /** Inserts the group and its members; false (nothing written) when the id exists already. */
    boolean insert(
            UUID id,
            String name,
            String currency,
            boolean simplifyDebts,
            List<NewMember> members,
            UUID actor,
            Instant now) {
        int inserted = jdbc.sql(INSERT)
                .param("id", id)
                .param("name", name)
                .param("currency", currency)
                .param("simplifyDebts", simplifyDebts)
                .param("actor", actor)
                .param("now", Bind.at(now))
                .update();
        if (inserted == 0) {
            return false;
        }
        int n = members.size();
        String[] users = new String[n];
        String[] positions = new String[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            users[i] = members.get(i).userId().toString();
            positions[i] = Integer.toString(i + 1);
            names[i] = members.get(i).name();
        }
        jdbc.sql(INSERT_MEMBERS)
                .param("group", id)
                .param("users", users)
                .param("positions", positions)
                .param("names", names)
                .param("actor", actor)
                .param("now", Bind.at(now))
                .update();
        return true;
    }

    Optional<Row> find(UUID id) {
        return one(BY_ID, id);
    }

    Optional<Row> lock(UUID id) {
        return one(BY_ID_FOR_UPDATE, id);
    }

    Optional<Row> lockShared(UUID id) {
        return one(BY_ID_FOR_SHARE, id);
    }

    /** Locks these groups in id order, so that writers locking several groups wait instead of deadlocking. */
    void lockAll(Collection<UUID> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql(LOCK_ALL).param("ids", array(ids)).query((rs, n) -> 1).list();
        }
    }

    private Optional<Row> one(String sql, UUID id) {
        return jdbc.sql(sql)
                .param("id", id)
                .query(GroupRepository::row)
                .optional()
                .map(row -> row.withMembers(members(List.of(id)).getOrDefault(id, List.of())));
    }

    private Map<UUID, List<MemberRow>> members(List<UUID> ids) {
        Map<UUID, List<MemberRow>> byGroup = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return byGroup;
        }
        jdbc.sql(MEMBERS).param("ids", array(ids)).query(rs -> {
            byGroup.computeIfAbsent(rs.getObject("group_id", UUID.class), k -> new ArrayList<>())
                    .add(new MemberRow(
                            rs.getObject("user_id", UUID.class),
                            rs.getInt("position"),
                            rs.getString("name"),
                            rs.getObject("added_by", UUID.class)));
        });
        return byGroup;
    }

    /** Up to {@code limit} of the user's groups strictly before (createdAt, id), newest first. */
    List<Row> list(UUID user, Instant beforeDate, UUID beforeId, int limit) {
        List<Row> rows = jdbc.sql(LIST)
                .param("user", user)
                .param("beforeDate", Bind.text(beforeDate))
                .param("beforeId", Bind.text(beforeId))
                .param("limit", limit)
                .query(GroupRepository::row)
                .list();
        Map<UUID, List<MemberRow>> members = members(rows.stream().map(Row::id).toList());
        return rows.stream()
                .map(row -> row.withMembers(members.getOrDefault(row.id(), List.of())))
                .toList();
    }

    List<UUID> groupsOf(UUID user) {
        return jdbc.sql(GROUPS_OF).param("user", user).query(UUID.class).list();
    }

    /** Holds the user's memberships until commit, then counts them. */
    long lockAndCountGroupsOf(UUID user) {
        jdbc.sql(LOCK_USER).param("user", user).query((rs, n) -> 1).list();
        return jdbc.sql(COUNT_GROUPS_OF).param("user", user).query(Long.class).single();
    }

    void update(UUID id, String name, String currency, boolean simplifyDebts, Instant now) {
        jdbc.sql(UPDATE)
                .param("id", id)
                .param("name", name)
                .param("currency", currency)
                .param("simplifyDebts", simplifyDebts)
                .param("now", Bind.at(now))
                .update();
    }

    void addMember(UUID group, UUID user, String name, UUID actor, Instant now) {
        jdbc.sql(ADD_MEMBER)
                .param("group", group)
                .param("user", user)
                .param("name", name)
                .param("actor", actor)
                .param("now", Bind.at(now))
                .update();
        touch(group, now);
    }

    void removeMember(UUID group, UUID user, Instant now) {
        jdbc.sql(REMOVE_MEMBER).param("group", group).param("user", user).update();
        touch(group, now);
    }

    /** The placeholder's membership becomes the accepter's. */
    void moveMember(UUID group, UUID placeholder, UUID accepter, Instant now) {
        jdbc.sql(MOVE_MEMBER)
                .param("group", group)
                .param("placeholder", placeholder)
                .param("accepter", accepter)
                .update();
        touch(group, now);
    }

    private void touch(UUID group, Instant now) {
        jdbc.sql(TOUCH).param("id", group).param("now", Bind.at(now)).update();
    }

    void softDelete(UUID id, Instant now) {
        jdbc.sql(REMOVE_ALL_MEMBERS).param("group", id).update();
        jdbc.sql(SOFT_DELETE).param("id", id).param("now", Bind.at(now)).update();
    }

    /** The members of the user's groups other than the user: user id to the name a group shows. */
    Map<UUID, String> fellows(UUID user) {
        Map<UUID, String> names = new LinkedHashMap<>();
        jdbc.sql(FELLOWS).param("user", user).query(rs -> {
            names.put(rs.getObject("user_id", UUID.class), rs.getString("name"));
        });
        return names;
    }

    boolean isMember(UUID group, UUID user) {
        return jdbc.sql(IS_MEMBER)
                .param("group", group)
                .param("user", user)
                .query(Boolean.class)
                .single();
    }

    boolean shareAGroup(UUID user, UUID other) {
        return jdbc.sql(SHARE_A_GROUP)
                .param("user", user)
                .param("other", other)
                .query(Boolean.class)
                .single();
    }

    private static String[] array(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp deleted = rs.getTimestamp("deleted_at");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("currency"),
                rs.getBoolean("simplify_debts"),
                rs.getObject("created_by", UUID.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"),
                deleted == null ? null : deleted.toInstant(),
                List.of());
    }
}
