package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class SyncIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ChangeLog changeLog;

    @Autowired
    ChangeFeed feed;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void feedPagesInSeqOrderWithCursorAndHasMore() {
        Api.TestUser user = api.register("Pager");
        for (int i = 1; i <= 5; i++) {
            api.patch("/api/users/me", user.token(), Map.of("name", "Name " + i))
                    .expect(200);
        }

        JsonNode first =
                api.get("/api/sync?since=0&limit=2", user.token()).expect(200).json();
        JsonNode second =
                api.get("/api/sync?since=2&limit=2", user.token()).expect(200).json();
        JsonNode last =
                api.get("/api/sync?since=4&limit=2", user.token()).expect(200).json();
        JsonNode none = api.get("/api/sync?since=5", user.token()).expect(200).json();

        assertThat(seqs(first)).containsExactly(1L, 2L);
        assertThat(first.get("cursor").asLong()).isEqualTo(2);
        assertThat(first.get("hasMore").asBoolean()).isTrue();
        assertThat(seqs(second)).containsExactly(3L, 4L);
        assertThat(seqs(last)).containsExactly(5L);
        assertThat(last.get("hasMore").asBoolean()).isFalse();
        assertThat(last.get("changes").get(0).get("data").get("name").asString())
                .isEqualTo("Name 5");
        assertThat(seqs(none)).isEmpty();
        assertThat(none.get("cursor").asLong()).isEqualTo(5);
    }

    @Test
    void sinceAheadOfTheUserAsksForAResync() {
        Api.TestUser user = api.register("Restored");
        api.patch("/api/users/me", user.token(), Map.of("name", "Once")).expect(200);

        JsonNode r = api.get("/api/sync?since=99", user.token()).expect(200).json();

        assertThat(r.get("resyncRequired").asBoolean()).isTrue();
        assertThat(r.get("cursor").asLong()).isEqualTo(1);
    }

    @Test
    void sinceOlderThanWhatIsKeptAsksForAResync() {
        Api.TestUser user = api.register("Old");
        api.patch("/api/users/me", user.token(), Map.of("name", "One")).expect(200);
        api.patch("/api/users/me", user.token(), Map.of("name", "Two")).expect(200);
        jdbc.sql("UPDATE change_payloads SET at = now() - interval '40 days'"
                        + " WHERE id = (SELECT payload_id FROM change_log WHERE user_id = :u AND seq = 1)")
                .param("u", user.id())
                .update();

        feed.pruneNow();

        JsonNode stale = api.get("/api/sync?since=0", user.token()).expect(200).json();
        assertThat(stale.get("resyncRequired").asBoolean()).isTrue();
        assertThat(stale.get("cursor").asLong()).isEqualTo(2);
        JsonNode current =
                api.get("/api/sync?since=1", user.token()).expect(200).json();
        assertThat(seqs(current)).containsExactly(2L);
    }

    @Test
    void badSinceOrLimitIs400() {
        Api.TestUser user = api.register("Bad");

        api.get("/api/sync?since=-1", user.token()).expectProblem(400);
        api.get("/api/sync?since=abc", user.token()).expectProblem(400);
        api.get("/api/sync?limit=0", user.token()).expectProblem(400);
        api.get("/api/sync?limit=2001", user.token()).expectProblem(400);
        api.get("/api/sync?limit=2000", user.token()).expect(200);
        api.get("/api/sync", null).expectProblem(401);
    }

    /**
     * The interleaving that once lost changes: a writer waits on feed rows another writer holds, and
     * that one commits after the waiter's statement began. The waiter must still record a change for
     * every recipient, with the seq after the other writer's.
     */
    @Test
    void aWriterThatWaitedForTheFeedLocksRecordsForEveryRecipient() throws Exception {
        List<UUID> users = List.of(
                api.register("W1").id(),
                api.register("W2").id(),
                api.register("W3").id(),
                api.register("W4").id());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> first = pool.submit(() -> transaction.executeWithoutResult(status -> {
                changeLog.record(Entity.USER, Op.UPDATED, UUID.randomUUID(), users.get(0), users, Map.of());
                holding.countDown();
                await(release);
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            List<UUID> reversed = new ArrayList<>(users);
            Collections.reverse(reversed);
            Future<?> second = pool.submit(() -> transaction.executeWithoutResult(status -> {
                changeLog.record(Entity.USER, Op.UPDATED, UUID.randomUUID(), users.get(3), reversed, Map.of());
            }));
            waitUntilOneBackendWaitsOnALock();
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        for (UUID user : users) {
            assertThat(jdbc.sql("SELECT seq FROM change_log WHERE user_id = :u ORDER BY seq")
                            .param("u", user)
                            .query(Long.class)
                            .list())
                    .as("feed of %s", user)
                    .containsExactly(1L, 2L);
        }
    }

    /**
     * A node of the previous release calls record_changes and reads the recipients it returns; during a
     * rolling upgrade it must go on recording, with seqs that follow on the new function's.
     */
    @Test
    void thePreviousReleasesRecordChangesStillRecordsAfterTheNumberedOne() {
        UUID user = api.register("Rolling upgrade").id();
        UUID placeholder = UUID.randomUUID(); // no feed: skipped by both
        String call = "(CAST(:entity AS uuid), CAST(:user AS uuid), now(), CAST(:recipients AS uuid[]),"
                + " CAST(:types AS text[]), CAST(:views AS int[]), ARRAY[CAST('{\"name\":\"x\"}' AS jsonb)])";
        String[] recipients = {user.toString(), placeholder.toString()};
        String[] types = {"user_updated", "user_updated"};
        Integer[] views = {1, 1};
        long before = feed.latestSeq(user);
        List<Long> numbered = jdbc.sql("SELECT r.feed_seq FROM record_numbered_changes" + call + " AS r")
                .param("entity", user)
                .param("user", user)
                .param("recipients", recipients)
                .param("types", types)
                .param("views", views)
                .query(Long.class)
                .list();
        List<UUID> old = jdbc.sql("SELECT r FROM record_changes" + call + " AS r")
                .param("entity", user)
                .param("user", user)
                .param("recipients", recipients)
                .param("types", types)
                .param("views", views)
                .query(UUID.class)
                .list();

        assertThat(numbered).containsExactly(before + 1);
        assertThat(old).containsExactly(user);
        assertThat(jdbc.sql("SELECT seq FROM change_log WHERE user_id = :u AND seq > :before ORDER BY seq")
                        .param("u", user)
                        .param("before", before)
                        .query(Long.class)
                        .list())
                .containsExactly(before + 1, before + 2);
    }

    private void waitUntilOneBackendWaitsOnALock() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Integer waiting = jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            + " AND query LIKE '%record_numbered_changes%'")
                    .query(Integer.class)
                    .single();
            if (waiting > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the second writer never waited on the feed locks");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Invariant 4: many concurrent transactions record changes for the same users, some roll back. Each
     * user's seqs are 1..n with no gap or duplicate, and a reader following the feed while they commit
     * never sees a gap (a lower seq committing after a higher one would show as one).
     */
    @Test
    void seqsAreGaplessUniqueAndCommittedInOrderUnderConcurrentWriters() throws Exception {
        List<UUID> users = List.of(
                api.register("S1").id(),
                api.register("S2").id(),
                api.register("S3").id());
        int writers = 8;
        int writesEach = 40;
        Map<UUID, List<Long>> committed = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        List<String> readerProblems = new CopyOnWriteArrayList<>();

        ExecutorService pool = Executors.newFixedThreadPool(writers + users.size());
        List<Future<?>> readers = new ArrayList<>();
        for (UUID user : users) {
            readers.add(pool.submit(() -> follow(user, done, readerProblems)));
        }
        List<Future<Integer>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            results.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < writesEach; i++) {
                    List<UUID> recipients = new ArrayList<>(users);
                    Collections.shuffle(recipients);
                    boolean rollBack = ThreadLocalRandom.current().nextInt(5) == 0;
                    try {
                        transaction.executeWithoutResult(status -> {
                            changeLog.record(
                                    Entity.USER,
                                    Op.UPDATED,
                                    UUID.randomUUID(),
                                    recipients.get(0),
                                    recipients,
                                    Map.of());
                            if (ThreadLocalRandom.current().nextBoolean()) {
                                jdbc.sql("SELECT pg_sleep(0.002)").query().singleRow();
                            }
                            if (rollBack) {
                                status.setRollbackOnly();
                            }
                        });
                        if (!rollBack) {
                            ok++;
                        }
                    } catch (RuntimeException e) {
                        readerProblems.add("writer failed: " + e);
                    }
                }
                return ok;
            }));
        }
        int total = 0;
        for (Future<Integer> result : results) {
            total += result.get(120, TimeUnit.SECONDS);
        }
        done.set(true);
        for (Future<?> reader : readers) {
            reader.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(readerProblems).isEmpty();
        for (UUID user : users) {
            List<Long> seqs = jdbc.sql("SELECT seq FROM change_log WHERE user_id = :u ORDER BY seq")
                    .param("u", user)
                    .query(Long.class)
                    .list();
            committed.put(user, seqs);
            assertThat(seqs).hasSize(total);
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).isEqualTo(i + 1L);
            }
            assertThat(feed.latestSeq(user)).isEqualTo(total);
        }
        assertThat(total).isGreaterThan(writers * writesEach / 2);
    }

    /** Reads the feed like a client that keeps its cursor, checking every batch continues it exactly. */
    private void follow(UUID user, AtomicBoolean done, List<String> problems) {
        long cursor = 0;
        boolean finalPass = false;
        while (true) {
            ChangeFeed.Batch batch = feed.read(user, cursor, 50);
            long expected = cursor + 1;
            for (ChangeFeed.Change change : batch.changes()) {
                if (change.seq() != expected) {
                    problems.add(
                            user + ": expected seq " + expected + " after " + cursor + " but read " + change.seq());
                    return;
                }
                expected++;
            }
            cursor = batch.cursor();
            if (!batch.hasMore()) {
                if (finalPass) {
                    return;
                }
                finalPass = done.get();
            }
        }
    }

    private static List<Long> seqs(JsonNode response) {
        return response.get("changes")
                .valueStream()
                .map(c -> c.get("seq").asLong())
                .toList();
    }
}
