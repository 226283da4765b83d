package app.hisaab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Sign-in floods: password hashing stays bounded, and failed logins stay within their limit. */
@IntegrationTest
class LoginFloodIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    PasswordHashing hashing;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aFloodOfSignInsHashesAtMostTheBoundAtOnceRefusesTheRestWith503AndOthersAreServed() throws Exception {
        Api.TestUser bystander = api.register("Bystander");
        List<Supplier<Api.Response>> flood = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Api from = new Api(port); // each from its own address: no per-address limit applies
            flood.add(
                    i % 2 == 0
                            ? () -> from.post(
                                    "/api/auth/login",
                                    null,
                                    Map.of("email", UUID.randomUUID() + "@example.com", "password", "wrong-pass"))
                            : () -> from.post(
                                    "/api/auth/register",
                                    null,
                                    Map.of(
                                            "name",
                                            "Flood",
                                            "email",
                                            UUID.randomUUID() + "@example.com",
                                            "password",
                                            "password1")));
        }

        List<Api.Response> answers = runAtOnce(flood, () -> api.get("/api/users/me", bystander.token()));

        Api.Response duringFlood = answers.remove(answers.size() - 1);
        duringFlood.expect(200);
        List<Integer> statuses = answers.stream().map(Api.Response::status).toList();
        assertThat(statuses).allMatch(status -> List.of(200, 201, 401, 503).contains(status));
        List<Api.Response> refused =
                answers.stream().filter(r -> r.status() == 503).toList();
        if (Runtime.version().feature() < 21) {
            // On platform threads the flood reaches the queue and its overflow is refused. On JDK 21+
            // requests run on virtual threads over one carrier per core: CPU-bound hashes hold the
            // carriers, later requests wait to be scheduled before they reach the queue, and none is
            // refused; the bound on concurrent hashes (the memory) holds either way, asserted below.
            assertThat(refused).isNotEmpty();
        }
        for (Api.Response r : refused) {
            r.expectProblem(503);
            assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        }
        assertThat(statuses).contains(401).contains(201);
        assertThat(hashing.concurrency()).isEqualTo(2);
        assertThat(hashing.peak()).isBetween(1, hashing.concurrency());
        // After the flood, signing in works as ever.
        Api.TestUser after = new Api(port).register("After");
        new Api(port)
                .post("/api/auth/login", null, Map.of("email", after.email(), "password", after.password()))
                .expect(200);
    }

    @Test
    void aConcurrentBurstOfWrongPasswordsGetsNoMoreGuessesThanTheLimit() throws Exception {
        Api.TestUser victim = api.register("Victim");
        List<Supplier<Api.Response>> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Api from = new Api(port);
            burst.add(() ->
                    from.post("/api/auth/login", null, Map.of("email", victim.email(), "password", "wrong-pass")));
        }

        List<Api.Response> answers = runAtOnce(burst, null);

        List<Integer> statuses = answers.stream().map(Api.Response::status).toList();
        assertThat(statuses).allMatch(status -> List.of(401, 429, 503).contains(status));
        long guesses = statuses.stream().filter(status -> status == 401).count();
        assertThat(guesses).isLessThanOrEqualTo(10);
        // Whatever the burst left of the limit (10 failed logins per 15 minutes) can be used, no more.
        for (int i = 0; i < 15; i++) {
            Api.Response r = new Api(port)
                    .post("/api/auth/login", null, Map.of("email", victim.email(), "password", "wrong-pass"));
            if (r.status() == 429) {
                assertThat(r.header("Retry-After")).isNotBlank();
                break;
            }
            r.expectProblem(401);
            guesses++;
        }
        assertThat(guesses).isEqualTo(10);
        new Api(port)
                .post("/api/auth/login", null, Map.of("email", victim.email(), "password", victim.password()))
                .expectProblem(429);
    }

    /** Runs every call at the same moment, then {@code alongside} (if any) while they run; answers in order. */
    private static List<Api.Response> runAtOnce(List<Supplier<Api.Response>> calls, Supplier<Api.Response> alongside)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size() + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (Supplier<Api.Response> call : calls) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            Future<Api.Response> other = alongside == null ? null : threads.submit(alongside::get);
            List<Api.Response> answers = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                answers.add(future.get());
            }
            if (other != null) {
                answers.add(other.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
