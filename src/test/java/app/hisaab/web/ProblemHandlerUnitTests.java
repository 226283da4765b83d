package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class ProblemHandlerUnitTests {

    private final ProblemHandler handler = new ProblemHandler();

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
}
