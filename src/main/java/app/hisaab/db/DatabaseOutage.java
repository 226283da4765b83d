package app.hisaab.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a lost or unreachable database (PostgreSQL restarting, a backend terminated, the pool timing
 * out) from other faults, and reports each outage once: one warning when the first request fails, one
 * line when the database answers again, and a counter of the requests answered 503 in between.
 */
@Component
public class DatabaseOutage {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

    /** admin_shutdown, crash_shutdown, cannot_connect_now: the server is going down or not up yet. */
    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    /** An outage ends once a check succeeds with no failure for this long, so one restart is one outage. */
    static final Duration QUIET = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Clock clock;
    private final Counter unavailable;
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant started;
    private volatile Instant lastFailure;

    public DatabaseOutage(DataSource dataSource, Clock clock, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.unavailable = Counter.builder("hisaab.database.unavailable")
                .description("Requests answered 503 because PostgreSQL could not be reached")
                .register(meters);
    }

    /** True when {@code e}, or a cause of it, says the connection to the database failed or was refused. */
    public static boolean isConnectionFailure(Throwable e) {
        boolean underSql = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    // an I/O error of the driver's socket; one of the client's own connection is no outage
                    || (underSql && cause instanceof IOException)) {
                return true;
            }
            if (cause instanceof TransactionSystemException rollback) {
                // A rollback or commit on a connection the pool had already found broken and closed.
                if (rollback.getApplicationException() != null
                        && isConnectionFailure(rollback.getApplicationException())) {
                    return true;
                }
                if (rollback.getCause() instanceof SQLException sql
                        && sql.getSQLState() == null
                        && "Connection is closed".equals(sql.getMessage())) {
                    return true;
                }
            }
            if (cause instanceof SQLException sql) {
                underSql = true;
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || SHUTDOWN_STATES.contains(state))) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Counts a request that failed for want of the database; the first of an outage is logged. */
    public void failed(Throwable e) {
        unavailable.increment();
        failures.incrementAndGet();
        Instant now = clock.instant();
        lastFailure = now;
        boolean first;
        synchronized (this) {
            first = started == null;
            if (first) {
                started = now;
            }
        }
        if (first) {
            log.warn(
                    "PostgreSQL is unreachable ({}); answering 503 until it is back. Further failures of this outage"
                            + " are counted in hisaab.database.unavailable, not logged",
                    summary(e));
        }
    }

    /** True from the first failed request of an outage until the database answers again. */
    public boolean ongoing() {
        return started != null;
    }

    @Scheduled(fixedDelay = 1000)
    void checkRecovery() {
        Instant since = started;
        Instant last = lastFailure;
        if (since == null || last == null || clock.instant().isBefore(last.plus(QUIET))) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                return;
            }
        } catch (SQLException | RuntimeException e) {
            return;
        }
        synchronized (this) {
            if (started != since || !lastFailure.equals(last)) {
                return; // failed again meanwhile
            }
            started = null;
        }
        log.info(
                "PostgreSQL answers again after {} s; {} requests were answered 503",
                Duration.between(since, clock.instant()).toSeconds(),
                failures.getAndSet(0));
    }

    /** The innermost message, without SQL or parameters: the driver's own words about the connection. */
    private static String summary(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state =
                root instanceof SQLException sql && sql.getSQLState() != null ? " SQLState " + sql.getSQLState() : "";
        return root.getClass().getSimpleName() + state + ": " + root.getMessage();
    }
}
