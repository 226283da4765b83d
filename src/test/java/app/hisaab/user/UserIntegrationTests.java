package app.hisaab.user;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class UserIntegrationTests {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void patchChangesNameAndCurrencyAndEmitsUserUpdatedToOwnDevicesOnly() {
        Api.TestUser user = api.register("Meera");
        Api.TestUser other = api.register("Other");

        Api.Response r = api.patch("/api/users/me", user.token(), Map.of("name", " Meera S ", "defaultCurrency", "usd"))
                .expect(200);

        assertThat(r.text("name")).isEqualTo("Meera S");
        assertThat(r.text("defaultCurrency")).isEqualTo("USD");
        assertThat(r.json().get("version").asInt()).isEqualTo(2);
        Api.Response feed = api.get("/api/sync?since=0", user.token()).expect(200);
        assertThat(feed.json().get("changes").size()).isEqualTo(1);
        var change = feed.json().get("changes").get(0);
        assertThat(change.get("seq").asLong()).isEqualTo(1);
        assertThat(change.get("type").asString()).isEqualTo("user_updated");
        assertThat(change.get("entity").asString()).isEqualTo("user");
        assertThat(change.get("op").asString()).isEqualTo("updated");
        assertThat(change.get("id").asString()).isEqualTo(user.id().toString());
        assertThat(change.get("userId").asString()).isEqualTo(user.id().toString());
        assertThat(change.get("data").get("name").asString()).isEqualTo("Meera S");
        assertThat(api.get("/api/sync", other.token()).json().get("changes").size())
                .isZero();
    }

    @Test
    void staleVersionIs409WithTheCurrentUser() {
        Api.TestUser user = api.register("Versions");
        api.patch("/api/users/me", user.token(), Map.of("name", "V2")).expect(200);

        Api.Response stale = api.send(
                        "PATCH", "/api/users/me", user.token(), Map.of("name", "V3"), Map.of("If-Match", "\"1\""))
                .expectProblem(409);
        api.patch("/api/users/me", user.token(), Map.of("name", "V3", "version", 1))
                .expectProblem(409);

        assertThat(stale.json().get("current").get("name").asString()).isEqualTo("V2");
        assertThat(stale.json().get("current").get("version").asInt()).isEqualTo(2);
        api.send("PATCH", "/api/users/me", user.token(), Map.of("name", "V3"), Map.of("If-Match", "\"2\""))
                .expect(200);
    }

    @Test
    void invalidCurrencyIs400AndChangesNothing() {
        Api.TestUser user = api.register("Currency");

        api.patch("/api/users/me", user.token(), Map.of("name", "New", "defaultCurrency", "XYZ"))
                .expectProblem(400);

        Api.Response me = api.get("/api/users/me", user.token());
        assertThat(me.text("name")).isEqualTo("Currency");
        assertThat(me.json().get("version").asInt()).isEqualTo(1);
    }
}
