package app.hisaab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class AuthIntegrationTests {

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
    void registerAnswersTheUserAndATokenPair() {
        String email = "Reg-" + UUID.randomUUID() + "@Example.com";
        Api.Response r = api.post(
                        "/api/auth/register",
                        null,
                        Map.of(
                                "name",
                                "  Ravi  ",
                                "email",
                                email,
                                "phone",
                                "+91 98765-" + digits(5),
                                "password",
                                "12345678"))
                .expect(201);

        assertThat(r.json().get("user").get("name").asString()).isEqualTo("Ravi");
        assertThat(r.json().get("user").get("email").asString()).isEqualTo(email);
        assertThat(r.json().get("user").get("defaultCurrency").asString()).isEqualTo("INR");
        assertThat(r.json().get("user").get("version").asInt()).isEqualTo(1);
        assertThat(r.json().get("user").has("passwordHash")).isFalse();
        assertThat(r.text("token")).isNotBlank();
        assertThat(r.text("refreshToken")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(r.json().get("expiresIn").asLong()).isEqualTo(900);
        assertThat(r.body()).doesNotContain("12345678");
    }

    @Test
    void emailOrPhoneAlreadyRegisteredIs409() {
        Api.TestUser first = api.register("First");
        String phone = "+1 (555) " + digits(7);
        api.post("/api/auth/register", null, Map.of("name", "P", "phone", phone, "password", "password1"))
                .expect(201);

        api.post(
                        "/api/auth/register",
                        null,
                        Map.of("name", "Again", "email", first.email().toUpperCase(), "password", "password1"))
                .expectProblem(409);
        api.post(
                        "/api/auth/register",
                        null,
                        Map.of(
                                "name",
                                "Again",
                                "phone",
                                phone.replace(" ", "").replace("(", "").replace(")", ""),
                                "password",
                                "password1"))
                .expectProblem(409);
    }

    @Test
    void registerNeedsEmailOrPhoneAndAPasswordOf8To128() {
        api.post("/api/auth/register", null, Map.of("name", "N", "password", "password1"))
                .expectProblem(400);
        api.post("/api/auth/register", null, Map.of("name", "N", "email", uniqueEmail(), "password", "1234567"))
                .expectProblem(400);
        api.post("/api/auth/register", null, Map.of("name", "N", "email", uniqueEmail(), "password", "p".repeat(129)))
                .expectProblem(400);
        api.post("/api/auth/register", null, Map.of("name", "N", "email", uniqueEmail(), "password", "p".repeat(128)))
                .expect(201);
    }

    @Test
    void loginByEmailInAnyCaseOrByPhoneDigits() {
        Api.TestUser user = api.register("Asha");
        String phone = "+44 20 " + digits(8);
        api.post("/api/auth/register", null, Map.of("name", "Phoney", "phone", phone, "password", "password1"))
                .expect(201);

        Api.Response byEmail = api.post(
                        "/api/auth/login",
                        null,
                        Map.of("email", user.email().toUpperCase(), "password", user.password(), "name", "ignored"))
                .expect(200);
        api.post("/api/auth/login", null, Map.of("phone", phone.replace(" ", "-"), "password", "password1"))
                .expect(200);

        assertThat(byEmail.json().get("user").get("id").asString())
                .isEqualTo(user.id().toString());
        api.get("/api/users/me", byEmail.text("token")).expect(200);
    }

    @Test
    void wrongPasswordAndUnknownAccountAnswerTheSame() {
        Api.TestUser user = api.register("Same");

        Api.Response wrong = api.post("/api/auth/login", null, Map.of("email", user.email(), "password", "wrong-pass"))
                .expectProblem(401);
        Api.Response unknown = api.post(
                        "/api/auth/login", null, Map.of("email", uniqueEmail(), "password", "wrong-pass"))
                .expectProblem(401);

        assertThat(wrong.body()).isEqualTo(unknown.body());
    }

    @Test
    void refreshRotatesAndTheOldTokenStopsWorking() {
        Api.TestUser user = api.register("Rotor");

        Api.Response first = api.post("/api/auth/refresh", null, Map.of("refreshToken", user.refreshToken()))
                .expect(200);
        String second = first.text("refreshToken");

        assertThat(second).isNotEqualTo(user.refreshToken());
        api.get("/api/users/me", first.text("token")).expect(200);
        api.post("/api/auth/refresh", null, Map.of("refreshToken", second)).expect(200);
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeChain() {
        Api.TestUser user = api.register("Thief");
        String next = api.post("/api/auth/refresh", null, Map.of("refreshToken", user.refreshToken()))
                .expect(200)
                .text("refreshToken");

        api.post("/api/auth/refresh", null, Map.of("refreshToken", user.refreshToken()))
                .expectProblem(401);

        // The legitimate holder of the newest token is logged out too: the chain is revoked.
        api.post("/api/auth/refresh", null, Map.of("refreshToken", next)).expectProblem(401);
    }

    @Test
    void otherLoginsKeepWorkingAfterOneChainIsRevoked() {
        Api.TestUser user = api.register("Devices");
        String phoneToken = api.post(
                        "/api/auth/login", null, Map.of("email", user.email(), "password", user.password()))
                .expect(200)
                .text("refreshToken");

        api.post("/api/auth/logout", user.token(), Map.of("refreshToken", user.refreshToken()))
                .expect(204);

        api.post("/api/auth/refresh", null, Map.of("refreshToken", user.refreshToken()))
                .expectProblem(401);
        api.post("/api/auth/refresh", null, Map.of("refreshToken", phoneToken)).expect(200);
    }

    @Test
    void refreshOrLogoutWithoutRefreshTokenIs400() {
        Api.TestUser user = api.register("Nothing");

        api.post("/api/auth/refresh", null, Map.of()).expectProblem(400);
        api.post("/api/auth/logout", user.token(), Map.of()).expectProblem(400);
        api.post("/api/auth/refresh", null, Map.of("refreshToken", "not-a-real-token"))
                .expectProblem(401);
    }

    @Test
    void missingInvalidAndExpiredTokensAre401() {
        Api.TestUser user = api.register("Expiry");
        String expired =
                tokens.accessToken(user.id(), Instant.now().minus(Duration.ofMinutes(16)), Duration.ofMinutes(15));
        String forged = user.token().substring(0, user.token().length() - 4) + "AAAA";

        api.get("/api/users/me", null).expectProblem(401);
        api.get("/api/users/me", "garbage").expectProblem(401);
        api.get("/api/users/me", forged).expectProblem(401);
        api.get("/api/users/me", expired).expectProblem(401);
        api.get("/api/users/me", tokens.accessToken(user.id(), Duration.ofMinutes(1)))
                .expect(200);
    }

    @Test
    void aStaleTokenDoesNotBlockLogin() {
        Api.TestUser user = api.register("Stale");

        api.send(
                        "POST",
                        "/api/auth/login",
                        "expired-or-garbage",
                        Map.of("email", user.email(), "password", user.password()),
                        Map.of())
                .expect(200);
    }

    @Test
    void registerAndLoginAreLimitedPerClientAddress() {
        // The default limit is 60 a minute per address, refilled smoothly (one a second); invalid
        // requests count too.
        Map<String, Object> invalid = new HashMap<>();
        invalid.put("name", "x");
        long started = System.nanoTime();
        int accepted = 0;
        Api.Response refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            Api.Response r = api.post("/api/auth/login", null, invalid);
            if (r.status() == 429) {
                refused = r;
            } else {
                r.expectProblem(400);
                accepted++;
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        assertThat(refused).as("a 429 within 200 requests").isNotNull();
        refused.expectProblem(429);
        assertThat(accepted).isBetween(60, 60 + (int) seconds + 1);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        // Another address is not affected.
        new Api(port).register("Elsewhere");
    }

    @Test
    void failedLoginsLockTheIdentifierEvenWithTheRightPassword() {
        Api.TestUser user = api.register("Locked");
        for (int i = 0; i < 10; i++) {
            // From different addresses, so only the per-identifier limit applies.
            new Api(port)
                    .post("/api/auth/login", null, Map.of("email", user.email(), "password", "wrong-" + i))
                    .expectProblem(401);
        }

        Api.Response refused = new Api(port)
                .post("/api/auth/login", null, Map.of("email", user.email(), "password", user.password()))
                .expectProblem(429);

        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 15 * 60L);
    }

    private static String uniqueEmail() {
        return "u-" + UUID.randomUUID() + "@example.com";
    }

    private static String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((int) (Math.random() * 10));
        }
        return s.toString();
    }
}
