package app.hisaab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A correctly signed token is refused unless its subject is an account that can sign in. */
@IntegrationTest
class AccountTokenIntegrationTests {

    static final List<String> ROUTES = List.of(
            "/api/users/me",
            "/api/friends",
            "/api/balances",
            "/api/personal-expenses",
            "/api/group-expenses",
            "/api/udhari",
            "/api/settlements",
            "/api/sync",
            "/api/no-such-route");

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aSignedTokenForAnUnknownIdIs401OnEveryRoute() {
        assertRefusedEverywhere(tokens.accessToken(UUID.randomUUID(), Duration.ofMinutes(5)));
    }

    @Test
    void aSignedTokenForAPlaceholderIs401OnEveryRoute() {
        Api.TestUser owner = api.register("Owner");
        UUID placeholder = new People(api).placeholder(owner, "Nobody");

        assertRefusedEverywhere(tokens.accessToken(placeholder, Duration.ofMinutes(5)));
        // The owner's own token still works, for the same routes.
        api.get("/api/users/me", owner.token()).expect(200);
        api.get("/api/friends", owner.token()).expect(200);
    }

    @Test
    void aSignedTokenForARegisteredAccountWorks() {
        Api.TestUser user = api.register("Real");
        String token = tokens.accessToken(user.id(), Duration.ofMinutes(5));

        Api.Response me = api.get("/api/users/me", token).expect(200);
        assertThat(me.text("id")).isEqualTo(user.id().toString());
    }

    private void assertRefusedEverywhere(String token) {
        for (String route : ROUTES) {
            api.get(route, token).expectProblem(401);
        }
        api.patch("/api/users/me", token, Map.of("name", "Ghost")).expectProblem(401);
        api.post("/api/personal-expenses", token, Map.of("title", "x", "amount", "1", "date", "2026-11-24"))
                .expectProblem(401);
        api.post("/api/auth/logout", token, Map.of("refreshToken", "whatever")).expectProblem(401);
    }
}
