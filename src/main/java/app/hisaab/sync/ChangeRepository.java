package app.hisaab.sync;

import app.hisaab.db.Bind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ChangeRepository {

    /** Channel of the wake-ups between nodes; the payload is the sending node, then a comma-separated list of user ids. */
    static final String CHANNEL = "hisaab_changes";

    // record_numbered_changes (V18, V17's record_changes returning the seqs) stores each distinct view
    // once in change_payloads, then allocates each recipient's next seq under its sync_cursors row lock,
    // in user id order, and appends one change row per recipient referencing its view; the locks are
    // held until commit, so a lower seq never commits after a higher one. Placeholders have no feed and
    // are skipped. It yields (feed_user, feed_seq) per change row.
    static final String RECORD_CHANGES = """
            record_numbered_changes(:changeEntity, :changeActor, :changeAt, CAST(:changeRecipients AS uuid[]),
                           CAST(:changeTypes AS text[]), CAST(:changeViews AS int[]), CAST(:changeData AS jsonb[]))""";

    private static final String APPEND = "WITH recorded AS (SELECT r.feed_user, r.feed_seq FROM " + RECORD_CHANGES
            + " AS r) SELECT " + PendingChange.RECORDED;

    // Takes the same row locks as record_changes, in id order, without allocating a seq.
    private static final String LOCK_FEEDS = """
            SELECT user_id FROM sync_cursors WHERE user_id = ANY (CAST(:ids AS uuid[])) ORDER BY user_id FOR UPDATE
            """;

    private static final String OPEN_FEED = """
            INSERT INTO sync_cursors (user_id, last_seq) VALUES (:user, 0) ON CONFLICT (user_id) DO NOTHING
            """;

    private static final String NOTIFY =
            "SELECT pg_notify('" + CHANNEL + "', p) FROM unnest(CAST(:payloads AS text[])) AS p";

    private static final String LATEST = """
            SELECT user_id, last_seq FROM sync_cursors WHERE user_id = ANY (CAST(:ids AS uuid[]))
            """;

    private static final String CURSOR = """
            SELECT last_seq, pruned_through FROM sync_cursors WHERE user_id = :user
            """;

    // The cursor and the changes after since in one statement, so one snapshot: the cursor is never
    // behind the changes read with it.
    private static final String READ = """
            SELECT c.last_seq, c.pruned_through, ch.seq, ch.type, ch.entity_id, ch.actor_id, ch.at, ch.data::text AS data
            FROM sync_cursors c
            LEFT JOIN LATERAL (
                SELECT l.seq, l.type, p.entity_id, p.actor_id, p.at, p.data
                FROM change_log l
                JOIN change_payloads p ON p.id = l.payload_id
                WHERE l.user_id = c.user_id AND l.seq > :since
                ORDER BY l.seq
                LIMIT :limit
            ) ch ON true
            WHERE c.user_id = :user
            ORDER BY ch.seq
            """;

    // A batch of old payloads goes with every change row that references them, in one statement, so no
    // payload is left without its rows and no row without its payload. Each user's highest pruned seq
    // is kept: a client behind it must fetch its lists again.
    private static final String PRUNE = """
            WITH old AS (
                SELECT id FROM change_payloads WHERE at < :cutoff LIMIT :batch
            ), dropped AS (
                DELETE FROM change_payloads WHERE id IN (SELECT id FROM old)
                RETURNING id
            ), gone AS (
                DELETE FROM change_log WHERE payload_id IN (SELECT id FROM old)
                RETURNING user_id, seq
            ), last AS (
                SELECT user_id, max(seq) AS seq FROM gone GROUP BY user_id
            ), marked AS (
                UPDATE sync_cursors c SET pruned_through = GREATEST(c.pruned_through, last.seq)
                FROM last WHERE c.user_id = last.user_id
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM dropped) AS payloads, (SELECT count(*) FROM gone) AS changes
            """;

    private final JdbcClient jdbc;

    ChangeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a prepared change in the current transaction; returns the recipients with a feed and their seqs. */
    PendingChange.Recorded append(PendingChange change) {
        return change.bind(jdbc.sql(APPEND))
                .query((rs, n) -> PendingChange.Recorded.read(rs, "notified", "seqs"))
                .single();
    }

    void lockFeeds(Collection<UUID> users) {
        jdbc.sql(LOCK_FEEDS).param("ids", ids(users)).query(UUID.class).list();
    }

    /** Gives a registered user an (empty) feed: only users with a feed receive changes. */
    void openFeed(UUID user) {
        jdbc.sql(OPEN_FEED).param("user", user).update();
    }

    /** Sends the wake-up payloads, each in one NOTIFY, in one transaction. */
    void notify(List<String> payloads) {
        jdbc.sql(NOTIFY)
                .param("payloads", payloads.toArray(String[]::new))
                .query((rs, n) -> 1)
                .list();
    }

    /** The latest seq of each of these users that has a feed. */
    Map<UUID, Long> latest(Collection<UUID> users) {
        Map<UUID, Long> latest = new HashMap<>();
        jdbc.sql(LATEST).param("ids", ids(users)).query(rs -> {
            latest.put(rs.getObject("user_id", UUID.class), rs.getLong("last_seq"));
        });
        return latest;
    }

    private static String[] ids(Collection<UUID> users) {
        return users.stream().map(UUID::toString).toArray(String[]::new);
    }

    /** The user's latest seq and the highest seq already pruned; zeros for a user with no change yet. */
    Cursor cursor(UUID user) {
        return jdbc.sql(CURSOR)
                .param("user", user)
                .query((rs, n) -> new Cursor(rs.getLong("last_seq"), rs.getLong("pruned_through")))
                .optional()
                .orElse(new Cursor(0, 0));
    }

    /** The user's cursor and up to {@code limit} changes after {@code since}, read in one snapshot. */
    Read read(UUID user, long since, int limit) {
        List<StoredChange> changes = new ArrayList<>();
        long[] cursor = {0, 0};
        jdbc.sql(READ)
                .param("user", user)
                .param("since", since)
                .param("limit", limit)
                .query(rs -> {
                    cursor[0] = rs.getLong("last_seq");
                    cursor[1] = rs.getLong("pruned_through");
                    long seq = rs.getLong("seq");
                    if (!rs.wasNull()) {
                        changes.add(new StoredChange(
                                seq,
                                rs.getString("type"),
                                rs.getObject("entity_id", UUID.class),
                                rs.getObject("actor_id", UUID.class),
                                rs.getTimestamp("at").toInstant(),
                                rs.getString("data")));
                    }
                });
        return new Read(new Cursor(cursor[0], cursor[1]), changes);
    }

    /** Deletes up to {@code batch} payloads older than the cutoff with the changes that reference them. */
    Pruned prune(Instant cutoff, int batch) {
        return jdbc.sql(PRUNE)
                .param("cutoff", Bind.at(cutoff))
                .param("batch", batch)
                .query((rs, n) -> new Pruned(rs.getInt("payloads"), rs.getInt("changes")))
                .single();
    }

    record Pruned(int payloads, int changes) {}

    record Cursor(long lastSeq, long prunedThrough) {}

    record Read(Cursor cursor, List<StoredChange> changes) {}

    record StoredChange(long seq, String type, UUID entityId, UUID actorId, Instant at, String data) {}
}
