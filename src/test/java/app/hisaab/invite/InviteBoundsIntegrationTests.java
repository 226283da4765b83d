package app.hisaab.invite;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The invite list is paged, and one user's pending invites are capped (default 50). */
@IntegrationTest
class InviteBoundsIntegrationTests {

    private static final int MAX_PENDING = 50;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void theInviteListIsPagedNewestFirst() {
        Api.TestUser asha = api.register("Asha");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(
                    0,
                    api.post("/api/invites", asha.token(), Map.of("friendName", "Friend " + i))
                            .expect(201)
                            .text("id"));
        }

        Api.Response whole = api.get("/api/invites", asha.token()).expect(200);
        assertThat(ids(whole)).containsExactlyElementsOf(created);
        assertThat(whole.header("X-Next-Cursor")).isNull();

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get(
                            "/api/invites?limit=2" + (cursor == null ? "" : "&before=" + cursor), asha.token())
                    .expect(200);
            assertThat(page.json().size()).isLessThanOrEqualTo(2);
            paged.addAll(ids(page));
            cursor = page.header("X-Next-Cursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(created);

        assertThat(People.fields(api.get("/api/invites?limit=x", asha.token()).expectProblem(400)))
                .containsExactly("limit");
        assertThat(People.fields(
                        api.get("/api/invites?before=***", asha.token()).expectProblem(400)))
                .containsExactly("before");
        // A well-formed cursor past the year 9999 is not one the server gave out.
        String far = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("+999999999-12-31T00:00:00Z|" + created.get(0)).getBytes());
        assertThat(People.fields(
                        api.get("/api/invites?before=" + far, asha.token()).expectProblem(400)))
                .containsExactly("before");
    }

    @Test
    void aUserCanHaveAtMostFiftyPendingInvites() {
        Api.TestUser asha = api.register("Asha");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING; i++) {
            ids.add(api.post("/api/invites", asha.token(), Map.of("friendName", "Friend " + i))
                    .expect(201)
                    .text("id"));
        }
        int friends = friendCount(asha);

        Api.Response refused = api.post("/api/invites", asha.token(), Map.of("friendName", "One too many"))
                .expectProblem(409);
        assertThat(refused.text("error")).contains("50 pending invites");
        // Nothing of the refused invite stays: no placeholder friend, no invite.
        assertThat(friendCount(asha)).isEqualTo(friends);
        assertThat(api.get("/api/invites?limit=1000", asha.token())
                        .expect(200)
                        .json()
                        .size())
                .isEqualTo(MAX_PENDING);

        // A revoked invite and an expired one no longer count.
        api.delete("/api/invites/" + ids.get(0), asha.token()).expect(204);
        api.post("/api/invites", asha.token(), Map.of("friendName", "After a revoke"))
                .expect(201);
        api.post("/api/invites", asha.token(), Map.of("friendName", "Still too many"))
                .expectProblem(409);
        jdbc.sql("UPDATE invites SET expires_at = now() - interval '1 second' WHERE id = CAST(:id AS uuid)")
                .param("id", ids.get(1))
                .update();
        api.post("/api/invites", asha.token(), Map.of("friendName", "After an expiry"))
                .expect(201);
        api.post("/api/invites", asha.token(), Map.of("friendName", "Full again"))
                .expectProblem(409);

        // Another user is not affected.
        Api.TestUser ravi = api.register("Ravi");
        api.post("/api/invites", ravi.token(), Map.of("friendName", "Someone")).expect(201);
    }

    private int friendCount(Api.TestUser user) {
        return api.get("/api/friends?limit=1000", user.token())
                .expect(200)
                .json()
                .size();
    }

    private static List<String> ids(Api.Response list) {
        List<String> ids = new ArrayList<>();
        list.json().forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }
}
