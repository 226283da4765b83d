package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.db.DatabaseOutage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class ProblemHandlerUnitTests {

    private final ProblemHandler handler =
            new ProblemHandler(new DatabaseOutage(null, Clock.systemUTC(), new SimpleMeterRegistry()));

    @Test
    void aLostDeadlockAsksTheClientToRetryWithoutRevealingTheCause() {
        ResponseEntity<Problem> response = handler.busy(
                new PessimisticLockingFailureException("ERROR: deadlock detected; SQL [UPDATE sync_cursors ...]"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(response.getBody().error()).isEqualTo("The server is busy, retry shortly");
        assertThat(response.getBody().toString()).doesNotContain("SQL").doesNotContain("deadlock");
    }

    @Test
    void anUnexpectedFaultIsA500WithoutDetails() {
        ResponseEntity<Problem> response = handler.fault(new IllegalStateException("secret internals"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(response.getBody().error()).isEqualTo("Internal server error");
        assertThat(response.getBody().toString()).doesNotContain("secret");
    }

    @Test
    void aTerminatedBackendIsA503WithRetryAfter() {
        ResponseEntity<Problem> response = handler.fault(new DataAccessResourceFailureException(
                "PreparedStatementCallback; SQL [INSERT ...]",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(response.getBody().error()).isEqualTo("The database is not reachable, retry shortly");
    }

    @Test
    void connectionFailuresAreToldFromOtherFaults() {
        assertThat(DatabaseOutage.isConnectionFailure(new CannotCreateTransactionException(
                        "Could not open JDBC Connection", new SQLException("Connection refused", "08001"))))
                .isTrue();
        assertThat(DatabaseOutage.isConnectionFailure(new CannotGetJdbcConnectionException(
                        "pool", new java.sql.SQLTransientConnectionException("request timed out after 10000ms"))))
                .isTrue();
        assertThat(DatabaseOutage.isConnectionFailure(new IllegalStateException(
                        "wrapped", new SQLException("I/O error", null, new java.io.EOFException()))))
                .isTrue();
        assertThat(DatabaseOutage.isConnectionFailure(new SQLException("cannot_connect_now", "57P03")))
                .isTrue();
        // A client that went away is no outage, nor is a constraint or a lost deadlock.
        assertThat(DatabaseOutage.isConnectionFailure(
                        new IllegalStateException(new java.io.IOException("Broken pipe"))))
                .isFalse();
        assertThat(DatabaseOutage.isConnectionFailure(new SQLException("duplicate key", "23505")))
                .isFalse();
        assertThat(DatabaseOutage.isConnectionFailure(new PessimisticLockingFailureException("deadlock")))
                .isFalse();
    }
}
