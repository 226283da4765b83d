package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code READ_LIMIT_PER_USER}: reads per user per minute (600 in the test profile), 429 + Retry-After past it. */
@IntegrationTest
class ReadLimitIntegrationTests {

    private static final int LIMIT = 600;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void readsAreLimitedPerUserAndOtherUsersAreStillServed() {
        Api.TestUser greedy = api.register("Greedy");
        Api.TestUser other = api.register("Other");
        long started = System.nanoTime();
        int served = 0;
        Api.Response refused = null;
        for (int i = 0; i < 3 * LIMIT && refused == null; i++) {
            Api.Response r = api.get("/api/friends", greedy.token());
            if (r.status() == 429) {
                refused = r;
            } else {
                r.expect(200);
                served++;
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        assertThat(refused).as("a 429 within %d reads", 3 * LIMIT).isNotNull();
        refused.expectProblem(429);
        // Refilled smoothly: 600 at once, then 10 a second.
        assertThat(served).isBetween(LIMIT, LIMIT + 10 * ((int) seconds + 1));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        // Every route under /api counts, the sync feed too (a token comes back every 100 ms).
        boolean syncRefused = false;
        for (int i = 0; i < 100 && !syncRefused; i++) {
            syncRefused = api.get("/api/sync", greedy.token()).status() == 429;
        }
        assertThat(syncRefused).isTrue();

        // Another user is served; writes have their own limit.
        api.get("/api/friends", other.token()).expect(200);
        api.post("/api/friends", greedy.token(), Map.of("name", "Still writable"))
                .expect(201);
    }
}
