package app.hisaab.db;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pool's backends are terminated (pg_terminate_backend, as a restart does) again and again while
 * writes run: every write answers 2xx or 503 + Retry-After, every 2xx write is stored, and the outage is
 * logged once, without a stack trace.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageIntegrationTests {

    private static final int WRITERS = 6;
    private static final int WRITES_EACH = 40;

    @LocalServerPort
    int port;

    @Autowired
    DatabaseConnections connections;

    @Autowired
    DatabaseOutage outage;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LoggingSystem logging;

    @BeforeEach
    void logOutages() {
        // Servers other tests start in this JVM reset the log levels; the recovery line is INFO.
        logging.setLogLevel(DatabaseOutage.class.getName(), LogLevel.INFO);
    }

    @AfterEach
    void resetLogLevel() {
        logging.setLogLevel(DatabaseOutage.class.getName(), null);
    }

    @Test
    void terminatedBackendsAnswer503AndLoseNoAcknowledgedWrite(CapturedOutput output) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> !outage.ongoing());
        int logStart = output.length();
        Api api = new Api(port);
        List<Api.TestUser> users = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            users.add(api.register("Writer" + i));
        }
        Set<UUID> storedExpenses = ConcurrentHashMap.newKeySet();
        Set<UUID> storedFriends = ConcurrentHashMap.newKeySet();
        List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger unavailable = new java.util.concurrent.atomic.AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        Future<Integer> terminator = pool.submit(() -> terminateWhile(writing));
        List<Future<?>> writers = new ArrayList<>();
        for (Api.TestUser user : users) {
            writers.add(pool.submit(() -> {
                for (int i = 0; i < WRITES_EACH; i++) {
                    UUID id = UUID.randomUUID();
                    Api.Response r = i % 2 == 0
                            ? api.post(
                                    "/api/personal-expenses",
                                    user.token(),
                                    body("id", id, "title", "Tea " + i, "amount", "10", "date", "2026-11-24"))
                            // a write in a transaction of several statements
                            : api.post("/api/friends", user.token(), Map.of("name", "Friend " + i));
                    if (r.status() == 201) {
                        (i % 2 == 0 ? storedExpenses : storedFriends).add(r.id());
                    } else if (r.status() == 503) {
                        r.expectProblem(503);
                        assertThat(r.header("Retry-After")).isEqualTo("2");
                        unavailable.incrementAndGet();
                    } else {
                        unexpected.add(r.status() + " " + r.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        int terminated = terminator.get(30, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(unexpected).as("statuses other than 201 and 503").isEmpty();
        assertThat(terminated).as("backends terminated").isPositive();
        assertThat(unavailable.get()).as("writes answered 503").isPositive();
        assertThat(storedExpenses.size() + storedFriends.size() + unavailable.get())
                .isEqualTo(WRITERS * WRITES_EACH);
        assertThat(count("personal_expenses", storedExpenses)).isEqualTo(storedExpenses.size());
        assertThat(count("friendships", storedFriends)).isEqualTo(storedFriends.size());

        // The server recovered by itself, and said so once.
        api.get("/api/users/me", users.get(0).token()).expect(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !outage.ongoing());
        String log = output.toString().substring(logStart);
        assertThat(Pattern.compile("PostgreSQL is unreachable").matcher(log).results())
                .hasSize(1);
        assertThat(log).contains("PostgreSQL answers again after");
        assertThat(log).doesNotContain("ERROR").doesNotContain("\tat ");
    }

    /**
     * How many of these ids the table holds. The pool may still hold a connection whose backend was terminated
     * in the last round; its first use fails and evicts it, so this check tries again.
     */
    private long count(String table, Set<UUID> ids) {
        return await().atMost(Duration.ofSeconds(30))
                .ignoreException(DataAccessResourceFailureException.class)
                .until(
                        () -> jdbc.sql("SELECT count(*) FROM " + table + " WHERE id IN (:ids)")
                                .param("ids", ids)
                                .query(Long.class)
                                .single(),
                        counted -> true);
    }

    /** Terminates the pool's backends every 50 ms, 20 times or until the writers are done; returns how many. */
    private int terminateWhile(AtomicBoolean writing) throws Exception {
        java.util.concurrent.atomic.AtomicInteger terminated = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch rounds = new java.util.concurrent.CountDownLatch(20);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (Connection connection = connections.openDedicated("test-terminator");
                Statement statement = connection.createStatement()) {
            timer.scheduleAtFixedRate(
                    () -> {
                        if (!writing.get() || rounds.getCount() == 0) {
                            return;
                        }
                        try (ResultSet rs = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM"
                                + " pg_stat_activity WHERE application_name = 'hisaab' AND pid <> pg_backend_pid()")) {
                            rs.next();
                            terminated.addAndGet(rs.getInt(1));
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                        rounds.countDown();
                    },
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> rounds.getCount() == 0 || !writing.get());
        } finally {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        return terminated.get();
    }
}
