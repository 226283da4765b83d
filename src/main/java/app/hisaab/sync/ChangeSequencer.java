package app.hisaab.sync;

import app.hisaab.db.DatabaseConnections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Numbers committed changes (decision 0014). A write queues its recipients' change rows and commits.
 * A write that was one autocommit statement (the creates between friends) then numbers its recipients'
 * changes itself, on a pooled connection. After a transaction, whose connection is still held while its
 * after-commit callbacks run, the writing thread hands the recipients here and waits. One thread, on a connection of its own
 * (never a pooled one, which the waiting writers may all hold), takes every user handed in meanwhile
 * and numbers all their queued rows in one short transaction ({@code sequence_changes}, V18), then wakes
 * their sessions. So a writer answers only once its changes are in the feed, and many writes share one
 * sequencing commit.
 *
 * <p>If numbering fails (the database is unreachable), the writer is answered anyway, since its write
 * has committed: its rows stay queued, and the sweep, which every node runs every {@code sweep}, numbers
 * whatever any node left queued (also a node that stopped between a commit and its numbering).
 */
@Component
class ChangeSequencer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeSequencer.class);

    private static final String SEQUENCE = "SELECT u FROM sequence_changes(?) AS u";
    private static final String SEQUENCE_NAMED = "SELECT u FROM sequence_changes(CAST(:users AS uuid[])) AS u";

    /** Users with queued rows, for the sweep: a bounded batch per round, the rest in the next ones. */
    private static final String QUEUED = "SELECT DISTINCT user_id FROM change_queue LIMIT 500";

    private final JdbcClient jdbc;
    private final DatabaseConnections connections;
    private final AtomicBoolean directFailing = new AtomicBoolean();
    private final ChangeNotifier notifier;
    private final long waitMillis;
    private final long sweepNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Semaphore signal = new Semaphore(0);
    private Round open = new Round(); // guarded by lock
    private Connection connection; // only the sequencing thread uses it
    private final LoopThread loop = new LoopThread("hisaab-sequence");

    private final Counter rounds;
    private final Counter writes;
    private final Counter failures;
    private final Counter swept;

    ChangeSequencer(
            JdbcClient jdbc,
            DatabaseConnections connections,
            ChangeNotifier notifier,
            SyncProperties properties,
            MeterRegistry registry) {
        this.jdbc = jdbc;
        this.connections = connections;
        this.notifier = notifier;
        this.waitMillis = properties.sequenceWait().toMillis();
        this.sweepNanos = properties.sequenceSweep().toNanos();
        this.rounds = Counter.builder("hisaab.changes.sequencing.rounds")
                .description("Transactions that numbered committed writes' changes")
                .register(registry);
        this.writes = Counter.builder("hisaab.changes.sequencing.writes")
                .description("Committed writes whose changes were numbered (per round: writes / rounds)")
                .register(registry);
        this.failures = Counter.builder("hisaab.changes.sequencing.failures")
                .description("Rounds that failed; their changes stay queued for the sweep")
                .register(registry);
        this.swept = Counter.builder("hisaab.changes.swept.users")
                .description("Users whose queued changes the sweep found and numbered")
                .register(registry);
    }

    /** The users handed in while the thread was busy, numbered together; done when their round is. */
    private static final class Round {
        final Set<UUID> users = new HashSet<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int writes;
    }

    /** Numbers the users' queued changes once the current transaction commits, or now when none is active. */
    void afterCommit(Collection<UUID> users) {
        if (users.isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            List<UUID> copy = List.copyOf(users);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sequence(copy);
                }
            });
        } else {
            numberNow(users);
        }
    }

    /**
     * After a write that committed on its own statement (no transaction is bound to this thread, so no
     * connection is held): numbers on a pooled connection, at once, without the hop to the sequencing
     * thread and its wait for the round in progress. Concurrent numberings of the same users wait on each
     * other's advisory locks; the later one finds their rows already numbered and writes nothing.
     */
    private void numberNow(Collection<UUID> users) {
        if (!loop.running()) {
            return;
        }
        try {
            List<UUID> sequenced = jdbc.sql(SEQUENCE_NAMED)
                    .param("users", users.stream().map(UUID::toString).toArray(String[]::new))
                    .query(UUID.class)
                    .list();
            rounds.increment();
            writes.increment();
            notifier.wake(sequenced);
            if (directFailing.compareAndSet(true, false)) {
                log.info("Changes are numbered again");
            }
        } catch (DataAccessException e) {
            // Committed all the same: the sweep numbers these changes once the database answers again.
            failures.increment();
            if (directFailing.compareAndSet(false, true)) {
                log.warn("Could not number committed changes; they stay queued until the sweep: {}", e.getMessage());
            }
        }
    }

    /** Numbers every queued change of these users and wakes their sessions; returns when that is done. */
    void sequence(Collection<UUID> users) {
        if (!loop.running()) {
            return; // stopping: the sweep of the next node to run numbers them
        }
        Round round;
        lock.lock();
        try {
            round = open;
            round.users.addAll(users);
            round.writes++;
        } finally {
            lock.unlock();
        }
        signal.release();
        try {
            round.done.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Committed all the same: the sweep numbers these changes once the database answers again.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long lastSweep = System.nanoTime();
        boolean failing = false;
        while (loop.running() || hasWaiting()) {
            try {
                signal.tryAcquire(sweepNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                if (!loop.running()) {
                    continue; // the last round still runs
                }
                Thread.currentThread().interrupt();
                break;
            }
            signal.drainPermits();
            Round round = take();
            boolean sweep = System.nanoTime() - lastSweep >= sweepNanos;
            try {
                if (!round.users.isEmpty()) {
                    notifier.wake(sequence(round.users.toArray(UUID[]::new)));
                    rounds.increment();
                    writes.increment(round.writes);
                }
                round.done.complete(null);
                if (sweep) {
                    lastSweep = System.nanoTime();
                    UUID[] queued = queued();
                    if (queued.length > 0) {
                        notifier.wake(sequence(queued));
                        swept.increment(queued.length);
                    }
                }
                if (failing) {
                    log.info("Changes are numbered again");
                    failing = false;
                }
            } catch (SQLException | RuntimeException e) {
                closeConnection();
                round.done.completeExceptionally(e); // no effect when the round itself was numbered
                failures.increment();
                if (!failing) {
                    log.warn(
                            "Could not number committed changes; they stay queued until the sweep: {}", e.getMessage());
                    failing = true;
                }
                pause();
            }
        }
        closeConnection();
    }

    private boolean hasWaiting() {
        lock.lock();
        try {
            return !open.users.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private Round take() {
        lock.lock();
        try {
            Round round = open;
            open = new Round();
            return round;
        } finally {
            lock.unlock();
        }
    }

    private List<UUID> sequence(UUID[] users) throws SQLException {
        List<UUID> sequenced = new ArrayList<>(users.length);
        try (PreparedStatement statement = connection().prepareStatement(SEQUENCE)) {
            statement.setArray(1, connection.createArrayOf("uuid", users));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sequenced.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return sequenced;
    }

    private UUID[] queued() throws SQLException {
        List<UUID> users = new ArrayList<>();
        try (PreparedStatement statement = connection().prepareStatement(QUEUED);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                users.add(rs.getObject(1, UUID.class));
            }
        }
        return users.toArray(UUID[]::new);
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = connections.openDedicated("hisaab-sequence");
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken
            }
            connection = null;
        }
    }

    /** After a failure, waits a little before the next attempt instead of spinning on a database that is down. */
    private void pause() {
        try {
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(sweepNanos), 200));
        } catch (InterruptedException e) {
            // stopping: the loop sees the flag
        }
    }

    @Override
    public void start() {
        loop.start(this::run);
    }

    @Override
    public void stop() {
        loop.stop(thread -> signal.release());
    }

    @Override
    public boolean isRunning() {
        return loop.running();
    }

    /** Stops after the web server has finished its requests, whose writes this numbers. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
