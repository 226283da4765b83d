package app.hisaab.friend;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The friend list is paged, and one user's friendships are capped (default 1000). */
@IntegrationTest
class FriendBoundsIntegrationTests {

    private static final int MAX_FRIENDS = 1000;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;
    People people;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        people = new People(api);
    }

    @Test
    void theFriendListIsPagedByNameWithACursor() {
        Api.TestUser asha = api.register("Asha");
        for (String name : List.of("delta", "Bravo", "echo", "alpha", "Charlie")) {
            api.post("/api/friends", asha.token(), Map.of("name", name)).expect(201);
        }

        Api.Response whole = api.get("/api/friends", asha.token()).expect(200);
        assertThat(whole.header("X-Next-Cursor")).isNull();
        assertThat(names(whole.json())).containsExactly("alpha", "Bravo", "Charlie", "delta", "echo");

        Api.Response first = api.get("/api/friends?limit=2", asha.token()).expect(200);
        assertThat(names(first.json())).containsExactly("alpha", "Bravo");
        String cursor = first.header("X-Next-Cursor");
        assertThat(cursor).isNotBlank();
        Api.Response second =
                api.get("/api/friends?limit=2&before=" + cursor, asha.token()).expect(200);
        assertThat(names(second.json())).containsExactly("Charlie", "delta");
        Api.Response third = api.get("/api/friends?limit=2&before=" + second.header("X-Next-Cursor"), asha.token())
                .expect(200);
        assertThat(names(third.json())).containsExactly("echo");
        assertThat(third.header("X-Next-Cursor")).isNull();
        // Each page holds the same objects the whole list does.
        assertThat(first.json().get(0)).isEqualTo(whole.json().get(0));

        assertThat(People.fields(api.get("/api/friends?limit=0", asha.token()).expectProblem(400)))
                .containsExactly("limit");
        assertThat(People.fields(
                        api.get("/api/friends?limit=1001", asha.token()).expectProblem(400)))
                .containsExactly("limit");
        assertThat(People.fields(api.get("/api/friends?before=bm90LWEtY3Vyc29y", asha.token())
                        .expectProblem(400)))
                .containsExactly("before");
        assertThat(People.fields(
                        api.get("/api/friends?before=***", asha.token()).expectProblem(400)))
                .containsExactly("before");
    }

    @Test
    void aUserCanHaveAtMostAThousandFriendsAndTheListComesInPagesOfTwoHundred() {
        Api.TestUser asha = api.register("Asha");
        fill(asha.id(), MAX_FRIENDS - 1);

        api.post("/api/friends", asha.token(), Map.of("name", "The last one")).expect(201);
        Api.Response refused = api.post("/api/friends", asha.token(), Map.of("name", "One too many"))
                .expectProblem(409);
        assertThat(refused.text("error")).contains("1000 friends");
        // An invite for someone new would add a friend too.
        api.post("/api/invites", asha.token(), Map.of("friendName", "Invitee")).expectProblem(409);
        assertThat(count(asha.id())).isEqualTo(MAX_FRIENDS);

        // Without a limit the first 200, then the rest by the cursor.
        Api.Response first = api.get("/api/friends", asha.token()).expect(200);
        assertThat(first.json().size()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        first.json().forEach(f -> ids.add(f.get("id").asString()));
        Api.Response rest = api.get("/api/friends?limit=1000&before=" + first.header("X-Next-Cursor"), asha.token())
                .expect(200);
        rest.json().forEach(f -> ids.add(f.get("id").asString()));
        assertThat(rest.header("X-Next-Cursor")).isNull();
        assertThat(ids).hasSize(MAX_FRIENDS).doesNotHaveDuplicates();

        // Removing one makes room again.
        api.delete("/api/friends/" + ids.get(0), asha.token()).expect(204);
        api.post("/api/friends", asha.token(), Map.of("name", "Room again")).expect(201);
    }

    @Test
    void acceptingAnInviteIsRefusedWhenTheAccepterHasNoRoomAndChangesNothing() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        fill(ravi.id(), MAX_FRIENDS);
        String code = api.post("/api/invites", asha.token(), Map.of("friendName", "Ravi"))
                .expect(201)
                .text("inviteCode");

        api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", code))
                .expectProblem(409);

        assertThat(count(ravi.id())).isEqualTo(MAX_FRIENDS);
        JsonNode invite =
                api.get("/api/invites", asha.token()).expect(200).json().get(0);
        assertThat(invite.get("status").asString()).isEqualTo("pending");
        assertThat(api.get("/api/friends", asha.token())
                        .expect(200)
                        .json()
                        .get(0)
                        .get("registered")
                        .asBoolean())
                .isFalse();
    }

    /** Gives the user {@code n} placeholder friends directly in the database (the API would take n requests). */
    private void fill(UUID owner, int n) {
        jdbc.sql("""
                        WITH p AS (
                            INSERT INTO users (id, name, owner_id, created_at, updated_at)
                            SELECT gen_random_uuid(), 'Filler ' || lpad(g::text, 4, '0'), :owner, now(), now()
                            FROM generate_series(1, :n) g
                            RETURNING id, name)
                        INSERT INTO friendships (id, user_id, friend_user_id, name, created_at, updated_at)
                        SELECT gen_random_uuid(), :owner, id, name, now(), now() FROM p
                        """).param("owner", owner).param("n", n).update();
    }

    private long count(UUID owner) {
        return jdbc.sql("SELECT count(*) FROM friendships WHERE user_id = :owner AND deleted_at IS NULL")
                .param("owner", owner)
                .query(Long.class)
                .single();
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(f -> names.add(f.get("name").asString()));
        return names;
    }
}
