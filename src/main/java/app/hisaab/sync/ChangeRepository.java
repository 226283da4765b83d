package app.hisaab.sync;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ChangeRepository {

    /** Channel of the wake-up notifications; the payload is a comma-separated list of user ids. */
    static final String CHANNEL = "hisaab_changes";

    /** User ids per NOTIFY, keeping the payload well under PostgreSQL's 8000 bytes. */
    private static final int IDS_PER_NOTIFY = 200;

    // One row lock per recipient, taken in id order; held until commit, it orders concurrent writers
    // so that a lower seq never commits after a higher one. Placeholders get no feed.
    private static final String NEXT_SEQS = """
            INSERT INTO sync_cursors (user_id, last_seq)
            SELECT id, 1 FROM users
            WHERE id = ANY (CAST(:ids AS uuid[])) AND password_hash IS NOT NULL
            ORDER BY id
            ON CONFLICT (user_id) DO UPDATE SET last_seq = sync_cursors.last_seq + 1
            RETURNING user_id, last_seq
            """;

    // Takes the same row locks as NEXT_SEQS, in id order, without allocating a seq.
    private static final String LOCK_FEEDS = """
            INSERT INTO sync_cursors (user_id, last_seq)
            SELECT id, 0 FROM users
            WHERE id = ANY (CAST(:ids AS uuid[])) AND password_hash IS NOT NULL
            ORDER BY id
            ON CONFLICT (user_id) DO UPDATE SET last_seq = sync_cursors.last_seq
            RETURNING user_id
            """;

    private static final String INSERT_CHANGES = """
            INSERT INTO change_log (user_id, seq, type, entity_id, actor_id, at, data)
            SELECT u, s, :type, :entityId, :actorId, :at, CAST(d AS jsonb)
            FROM unnest(CAST(:users AS uuid[]), CAST(:seqs AS bigint[]), CAST(:data AS text[])) AS t (u, s, d)
            """;

    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', :payload)";

    private static final String CURSOR = """
            SELECT last_seq, pruned_through FROM sync_cursors WHERE user_id = :user
            """;

    private static final String CHANGES_AFTER = """
            SELECT seq, type, entity_id, actor_id, at, data::text AS data
            FROM change_log
            WHERE user_id = :user AND seq > :since
            ORDER BY seq
            LIMIT :limit
            """;

    private static final String PRUNE = """
            WITH gone AS (
                DELETE FROM change_log
                WHERE ctid IN (SELECT ctid FROM change_log WHERE at < :cutoff LIMIT :batch)
                RETURNING user_id, seq
            ), last AS (
                SELECT user_id, max(seq) AS seq FROM gone GROUP BY user_id
            ), marked AS (
                UPDATE sync_cursors c SET pruned_through = GREATEST(c.pruned_through, last.seq)
                FROM last WHERE c.user_id = last.user_id
                RETURNING 1
            )
            SELECT count(*) FROM gone
            """;

    private final JdbcClient jdbc;

    ChangeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void append(String type, UUID entityId, UUID actorId, Instant at, Map<UUID, String> dataByUser) {
        String[] ids = dataByUser.keySet().stream().map(UUID::toString).toArray(String[]::new);
        List<Object[]> allocated = jdbc.sql(NEXT_SEQS)
                .param("ids", ids)
                .query((rs, n) -> new Object[] {rs.getObject("user_id", UUID.class), rs.getLong("last_seq")})
                .list();
        if (allocated.isEmpty()) {
            return;
        }
        int size = allocated.size();
        String[] users = new String[size];
        Long[] seqs = new Long[size];
        String[] data = new String[size];
        List<String> notified = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            UUID user = (UUID) allocated.get(i)[0];
            users[i] = user.toString();
            seqs[i] = (Long) allocated.get(i)[1];
            data[i] = dataByUser.get(user);
            notified.add(users[i]);
        }
        jdbc.sql(INSERT_CHANGES)
                .param("type", type)
                .param("entityId", entityId)
                .param("actorId", actorId)
                .param("at", Timestamp.from(at))
                .param("users", users)
                .param("seqs", seqs)
                .param("data", data)
                .update();
        for (int from = 0; from < size; from += IDS_PER_NOTIFY) {
            String payload = String.join(",", notified.subList(from, Math.min(size, from + IDS_PER_NOTIFY)));
            jdbc.sql(NOTIFY).param("payload", payload).query((rs, n) -> 1).list();
        }
    }

    void lockFeeds(Collection<UUID> users) {
        String[] ids = users.stream().map(UUID::toString).toArray(String[]::new);
        jdbc.sql(LOCK_FEEDS).param("ids", ids).query(UUID.class).list();
    }

    /** The user's latest seq and the highest seq already pruned; zeros for a user with no change yet. */
    Cursor cursor(UUID user) {
        return jdbc.sql(CURSOR)
                .param("user", user)
                .query((rs, n) -> new Cursor(rs.getLong("last_seq"), rs.getLong("pruned_through")))
                .optional()
                .orElse(new Cursor(0, 0));
    }

    List<StoredChange> after(UUID user, long since, int limit) {
        return jdbc.sql(CHANGES_AFTER)
                .param("user", user)
                .param("since", since)
                .param("limit", limit)
                .query((rs, n) -> new StoredChange(
                        rs.getLong("seq"),
                        rs.getString("type"),
                        rs.getObject("entity_id", UUID.class),
                        rs.getObject("actor_id", UUID.class),
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("data")))
                .list();
    }

    int prune(Instant cutoff, int batch) {
        return jdbc.sql(PRUNE)
                .param("cutoff", Timestamp.from(cutoff))
                .param("batch", batch)
                .query(Integer.class)
                .single();
    }

    record Cursor(long lastSeq, long prunedThrough) {}

    record StoredChange(long seq, String type, UUID entityId, UUID actorId, Instant at, String data) {}
}
