package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decision 0014: writes queue their changes and a sequencer numbers them after commit. These tests try
 * to break what that must keep: every committed change reaches every feed exactly once, gapless, in
 * the order the writes took their locks, also when the numbering fails or never runs.
 */
@IntegrationTest
class ChangeSequencingIntegrationTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ChangeLog changeLog;

    @Autowired
    ChangeFeed feed;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    /** A node that stopped between a write's commit and its numbering leaves the rows queued: the sweep numbers them. */
    @Test
    void changesLeftQueuedByAStoppedNodeAreNumberedByTheSweep() throws Exception {
        Api.TestUser user = api.register("Queued");
        double sweptBefore = metric("hisaab_changes_swept_users_total");
        UUID entity = UUID.randomUUID();
        PendingChange change = changeLog.prepare(
                Entity.USER, Op.UPDATED, entity, user.id(), List.of(user.id()), Map.of("left", "queued"));
        // The write commits on its own and nobody hands its recipients to the sequencer.
        List<UUID> queued = change.bind(jdbc.sql("SELECT r FROM " + PendingChange.CALL + " AS r"))
                .query(UUID.class)
                .list();
        assertThat(queued).containsExactly(user.id());

        JsonNode changes = null;
        for (int i = 0; i < 200; i++) {
            changes = api.get("/api/sync?since=0", user.token())
                    .expect(200)
                    .json()
                    .get("changes");
            if (!changes.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(changes.get(0).get("id").asString()).isEqualTo(entity.toString());
        assertThat(changes.get(0).get("data").get("left").asString()).isEqualTo("queued");
        assertThat(queuedRows(List.of(user.id()))).isZero();
        assertThat(metric("hisaab_changes_swept_users_total")).isGreaterThan(sweptBefore);
    }

    /**
     * Writers that take one row lock in turn and each record two changes: in every feed, the changes
     * come in the order the writers held the lock, and each writer's first before its second.
     */
    @Test
    void changesReachEveryFeedInTheOrderTheWritesTookTheirLocks() throws Exception {
        List<UUID> users = List.of(
                api.register("O1").id(),
                api.register("O2").id(),
                api.register("O3").id());
        UUID locked = users.get(0);
        AtomicInteger turn = new AtomicInteger();
        int writers = 6;
        int writesEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            results.add(pool.submit(() -> {
                for (int i = 0; i < writesEach; i++) {
                    transaction.executeWithoutResult(status -> {
                        jdbc.sql("SELECT id FROM users WHERE id = :id FOR UPDATE")
                                .param("id", locked)
                                .query(UUID.class)
                                .single();
                        int mine = turn.incrementAndGet(); // under the lock: the order of the commits
                        List<UUID> recipients = new ArrayList<>(users);
                        Collections.shuffle(recipients);
                        UUID entity = UUID.randomUUID();
                        changeLog.record(
                                Entity.USER, Op.UPDATED, entity, locked, recipients, Map.of("turn", mine, "step", 1));
                        changeLog.record(
                                Entity.USER, Op.UPDATED, entity, locked, recipients, Map.of("turn", mine, "step", 2));
                    });
                }
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int total = writers * writesEach * 2;
        for (UUID user : users) {
            List<ChangeFeed.Change> changes = feed.read(user, 0, total + 10).changes();
            assertThat(changes).as("feed of %s", user).hasSize(total);
            int lastTurn = 0;
            int lastStep = 2;
            for (int i = 0; i < changes.size(); i++) {
                ChangeFeed.Change change = changes.get(i);
                assertThat(change.seq()).isEqualTo(i + 1L);
                JsonNode data = json.readTree(change.data());
                int turnOf = data.get("turn").asInt();
                int step = data.get("step").asInt();
                if (step == 1) {
                    assertThat(lastStep).as("seq %d of %s", change.seq(), user).isEqualTo(2);
                    assertThat(turnOf).as("seq %d of %s", change.seq(), user).isEqualTo(lastTurn + 1);
                } else {
                    assertThat(lastStep).as("seq %d of %s", change.seq(), user).isEqualTo(1);
                    assertThat(turnOf).as("seq %d of %s", change.seq(), user).isEqualTo(lastTurn + 1);
                    lastTurn = turnOf;
                }
                lastStep = step;
            }
        }
    }

    /**
     * The sequencer's connection is killed again and again during a burst of writes, half of them numbered
     * by the sequencer after a transaction and half by the writer itself after one statement, for the
     * same users: every write still returns, and once the sweep has run every committed change is in every
     * feed exactly once, gapless.
     */
    @Test
    void theSequencersConnectionDroppedMidBurstLosesAndDuplicatesNothing() throws Exception {
        List<UUID> users = List.of(
                api.register("K1").id(),
                api.register("K2").id(),
                api.register("K3").id());
        int writers = 4;
        int writesEach = 60;
        Set<UUID> written = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger killed = new AtomicInteger();
        double failuresBefore = metric("hisaab_changes_sequencing_failures_total");
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        Future<?> killer = pool.submit(() -> {
            while (!done.get()) {
                Boolean terminated = jdbc.sql("SELECT coalesce(bool_or(pg_terminate_backend(pid)), false)"
                                + " FROM pg_stat_activity WHERE application_name = 'hisaab-sequence'")
                        .query(Boolean.class)
                        .single();
                if (terminated) {
                    killed.incrementAndGet();
                }
                Thread.sleep(ThreadLocalRandom.current().nextInt(20, 80));
            }
            return null;
        });
        List<Future<?>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            results.add(pool.submit(() -> {
                for (int i = 0; i < writesEach; i++) {
                    UUID entity = UUID.randomUUID();
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        transaction.executeWithoutResult(status ->
                                changeLog.record(Entity.USER, Op.UPDATED, entity, users.get(0), users, Map.of()));
                    } else {
                        // As a create between friends: one autocommit statement, then its own numbering.
                        PendingChange change =
                                changeLog.prepare(Entity.USER, Op.UPDATED, entity, users.get(0), users, Map.of());
                        changeLog.recorded(change.bind(jdbc.sql("SELECT r FROM " + PendingChange.CALL + " AS r"))
                                .query(UUID.class)
                                .list());
                    }
                    written.add(entity);
                }
                return null;
            }));
        }
        for (Future<?> result : results) {
            result.get(180, TimeUnit.SECONDS);
        }
        done.set(true);
        killer.get(10, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(killed.get()).as("connections killed").isGreaterThan(1);
        assertThat(metric("hisaab_changes_sequencing_failures_total")).isGreaterThan(failuresBefore);
        // Several writes share a round when they arrive together; never more rounds than writes.
        assertThat(metric("hisaab_changes_sequencing_writes_total"))
                .isGreaterThanOrEqualTo(metric("hisaab_changes_sequencing_rounds_total"));

        for (int i = 0; i < 200 && queuedRows(users) > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(queuedRows(users)).isZero();
        for (UUID user : users) {
            List<ChangeFeed.Change> changes =
                    feed.read(user, 0, written.size() + 10).changes();
            Map<UUID, Integer> times = new HashMap<>();
            for (int i = 0; i < changes.size(); i++) {
                assertThat(changes.get(i).seq()).isEqualTo(i + 1L);
                times.merge(changes.get(i).id(), 1, Integer::sum);
            }
            assertThat(times.keySet()).as("feed of %s", user).isEqualTo(new HashSet<>(written));
            assertThat(Set.copyOf(times.values())).as("feed of %s", user).containsExactly(1);
        }
    }

    private double metric(String name) {
        String body = new Api(managementPort)
                .get("/actuator/prometheus", null)
                .expect(200)
                .body();
        Matcher value =
                Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
        assertThat(value.find()).as("metric %s", name).isTrue();
        return Double.parseDouble(value.group(1));
    }

    private long queuedRows(List<UUID> users) {
        return jdbc.sql("SELECT count(*) FROM change_queue WHERE user_id = ANY (CAST(:ids AS uuid[]))")
                .param("ids", users.stream().map(UUID::toString).toArray(String[]::new))
                .query(Long.class)
                .single();
    }
}
