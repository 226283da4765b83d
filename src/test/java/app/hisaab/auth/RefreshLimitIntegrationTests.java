package app.hisaab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Refresh is limited per client address and per token chain; rotated tokens do not pile up. */
@IntegrationTest
class RefreshLimitIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void oneChainGets20RefreshesAnHourThen429AndItsTokenStaysValid() {
        Api.TestUser user = api.register("Looper");
        String token = user.refreshToken();
        for (int i = 0; i < 20; i++) {
            token = refresh(new Api(port), token).expect(200).text("refreshToken");
        }

        Api.Response limited = refresh(new Api(port), token).expectProblem(429);

        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
        // Not rotated: a retry later still works with it. Another login of the same user is its own chain.
        Api.Response login = new Api(port)
                .post("/api/auth/login", null, Map.of("email", user.email(), "password", user.password()))
                .expect(200);
        refresh(new Api(port), login.text("refreshToken")).expect(200);
    }

    @Test
    void oneClientAddressGets60RefreshesAMinuteAcrossChainsThen429() {
        List<String> chains = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chains.add(new Api(port).register("Chain" + i).refreshToken());
        }
        int ok = 0;
        Api.Response limited = null;
        long started = System.nanoTime();
        for (int i = 0; i < 80 && limited == null; i++) {
            int chain = i % chains.size();
            Api.Response r = refresh(api, chains.get(chain));
            if (r.status() == 429) {
                limited = r;
            } else {
                chains.set(chain, r.expect(200).text("refreshToken"));
                ok++;
            }
        }

        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(limited).isNotNull();
        limited.expectProblem(429);
        assertThat(limited.header("Retry-After")).isNotBlank();
        // 60 at once, and one more for each second the run took (the limit refills smoothly).
        assertThat(ok).isBetween(60, 60 + (int) seconds + 1);
        // The same chain from another address is served: the limit is the address's.
        refresh(new Api(port), chains.get(0)).expect(200);
    }

    @Test
    void rotatedTokensAreDeletedAfterTheRetentionAndAReplayStillRevokesTheChain() {
        Api.TestUser user = api.register("Pruned");
        String first = user.refreshToken();
        String second = refresh(api, first).expect(200).text("refreshToken");
        String third = refresh(api, second).expect(200).text("refreshToken");
        assertThat(rows(user)).isEqualTo(3);

        tokens.deleteRetired(Instant.now().plus(Duration.ofMinutes(9)));
        assertThat(rows(user)).isEqualTo(3); // within the 10 minutes, kept
        tokens.deleteRetired(Instant.now().plus(Duration.ofMinutes(11)));
        assertThat(rows(user)).isEqualTo(1); // only the live one

        refresh(api, first).expectProblem(401);
        refresh(api, third).expectProblem(401); // the replay revoked the chain
    }

    private long rows(Api.TestUser user) {
        return jdbc.sql("SELECT count(*) FROM refresh_tokens WHERE user_id = :user")
                .param("user", user.id())
                .query(Long.class)
                .single();
    }

    private static Api.Response refresh(Api from, String token) {
        return from.post("/api/auth/refresh", null, Map.of("refreshToken", token));
    }
}
