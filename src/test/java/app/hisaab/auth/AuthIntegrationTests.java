package app.hisaab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class AuthIntegrationTests {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void registerThenLoginByEmailInAnyCase() {
        Api.TestUser user = api.register("Asha");

        Api.Response login = api.post(
                        "/api/auth/login",
                        null,
                        Map.of("email", user.email().toUpperCase(), "password", user.password(), "name", "ignored"))
                .expect(200);

        assertThat(login.json().get("user").get("id").asString())
                .isEqualTo(user.id().toString());
        assertThat(login.json().get("expiresIn").asInt()).isEqualTo(900);
        api.get("/api/users/me", login.text("token")).expect(200);
    }
}
