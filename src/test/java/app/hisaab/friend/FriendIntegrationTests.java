package app.hisaab.friend;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class FriendIntegrationTests {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void addingAFriendCreatesAPlaceholderOnlyTheAdderSees() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser other = api.register("Other");

        Api.Response created = api.post(
                        "/api/friends",
                        asha.token(),
                        Map.of("name", "  Ravi  ", "phone", "+91 98765 43210", "email", "ravi@example.com"))
                .expect(201);

        JsonNode friend = created.json();
        assertThat(friend.get("userId").asString()).isEqualTo(asha.id().toString());
        assertThat(friend.get("name").asString()).isEqualTo("Ravi");
        assertThat(friend.get("phone").asString()).isEqualTo("+91 98765 43210");
        assertThat(friend.get("email").asString()).isEqualTo("ravi@example.com");
        assertThat(friend.get("registered").asBoolean()).isFalse();
        assertThat(friend.get("version").asInt()).isEqualTo(1);
        assertThat(friend.get("createdAt").asString())
                .endsWith("Z")
                .isEqualTo(friend.get("updatedAt").asString());
        UUID placeholder = UUID.fromString(friend.get("friendUserId").asString());
        assertThat(placeholder).isNotIn(asha.id(), created.id());

        Api.Response list = api.get("/api/friends", asha.token()).expect(200);
        assertThat(list.json().size()).isEqualTo(1);
        assertThat(list.json().get(0)).isEqualTo(friend);
        assertThat(api.get("/api/friends", other.token()).expect(200).json().size())
                .isZero();

        List<JsonNode> changes = changes(asha.token(), 0);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("type").asString()).isEqualTo("friend_added");
        assertThat(changes.get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(changes.get(0).get("userId").asString()).isEqualTo(asha.id().toString());
        assertThat(changes.get(0).get("data")).isEqualTo(friend);
        assertThat(changes(other.token(), 0)).isEmpty();

        // Another user can neither change nor remove it, and cannot tell it exists.
        api.patch("/api/friends/" + created.id(), other.token(), Map.of("name", "Mine"))
                .expectProblem(404);
        api.delete("/api/friends/" + created.id(), other.token()).expectProblem(404);
    }

    @Test
    void invalidFriendsAreRefusedWithEveryBadFieldNamedAndNothingStored() {
        Api.TestUser asha = api.register("Asha");

        Api.Response bad = api.post(
                        "/api/friends",
                        asha.token(),
                        Map.of("name", "   ", "phone", "call me", "email", "not-an-email"))
                .expectProblem(400);
        assertThat(fields(bad)).containsExactlyInAnyOrder("name", "phone", "email");

        Api.Response control = api.post("/api/friends", asha.token(), Map.of("name", "Ra\u0000vi"))
                .expectProblem(400);
        assertThat(fields(control)).containsExactly("name");
        api.post("/api/friends", asha.token(), Map.of("name", "x".repeat(256))).expectProblem(400);
        api.post("/api/friends", asha.token(), "{\"name\":").expectProblem(400);

        assertThat(api.get("/api/friends", asha.token()).expect(200).json().size())
                .isZero();
        assertThat(changes(asha.token(), 0)).isEmpty();
    }

    @Test
    void concurrentUploadsOfOneOfflineCreateStoreItOnce() throws Exception {
        Api.TestUser asha = api.register("Asha");
        Map<String, Object> body = Map.of("id", UUID.randomUUID().toString(), "name", "Ravi");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(pool.submit(
                    () -> api.post("/api/friends", asha.token(), body).status()));
        }
        List<Integer> answers = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            answers.add(status.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(answers).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(api.get("/api/friends", asha.token()).expect(200).json().size())
                .isEqualTo(1);
    }

    @Test
    void aRepeatedClientIdIsAReplayWhenTheSameAndAConflictOtherwise() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser other = api.register("Other");
        UUID id = UUID.randomUUID();

        Api.Response first = api.post("/api/friends", asha.token(), Map.of("id", id.toString(), "name", "Ravi"))
                .expect(201);
        assertThat(first.id()).isEqualTo(id);

        Api.Response replay = api.post(
                        "/api/friends", asha.token(), Map.of("id", id.toString(), "name", " Ravi ", "version", 7))
                .expect(200);
        assertThat(replay.json()).isEqualTo(first.json());

        api.post("/api/friends", asha.token(), Map.of("id", id.toString(), "name", "Ravi K"))
                .expectProblem(409);
        api.post("/api/friends", other.token(), Map.of("id", id.toString(), "name", "Ravi"))
                .expectProblem(409);

        assertThat(api.get("/api/friends", asha.token()).expect(200).json().size())
                .isEqualTo(1);
        assertThat(changes(asha.token(), 0)).hasSize(1);
        assertThat(api.get("/api/friends", other.token()).expect(200).json().size())
                .isZero();

        api.delete("/api/friends/" + id, asha.token()).expect(204);
        api.post("/api/friends", asha.token(), Map.of("id", id.toString(), "name", "Ravi"))
                .expectProblem(409);
    }

    @Test
    void patchChangesTheAliasWithVersionChecks() {
        Api.TestUser asha = api.register("Asha");
        Api.Response created = api.post(
                        "/api/friends",
                        asha.token(),
                        Map.of("name", "Ravi", "phone", "12345", "email", "r@example.com"))
                .expect(201);
        String path = "/api/friends/" + created.id();

        Api.Response patched = api.patch(path, asha.token(), Map.of("name", "Ravi Kumar", "phone", "", "version", 1))
                .expect(200);
        assertThat(patched.text("name")).isEqualTo("Ravi Kumar");
        assertThat(patched.text("phone")).isNull();
        assertThat(patched.text("email")).isEqualTo("r@example.com");
        assertThat(patched.json().get("version").asInt()).isEqualTo(2);
        assertThat(patched.text("friendUserId")).isEqualTo(created.text("friendUserId"));

        Api.Response stale = api.send("PATCH", path, asha.token(), Map.of("name", "Old"), Map.of("If-Match", "\"1\""))
                .expectProblem(409);
        assertThat(stale.json().get("current")).isEqualTo(patched.json());
        api.patch(path, asha.token(), Map.of("name", "Old", "version", 1)).expectProblem(409);
        Api.Response invalid =
                api.patch(path, asha.token(), Map.of("email", "nope")).expectProblem(400);
        assertThat(fields(invalid)).containsExactly("email");

        api.send("PATCH", path, asha.token(), Map.of("email", "ravi@example.com"), Map.of("If-Match", "\"2\""))
                .expect(200);
        Api.Response now = api.get("/api/friends", asha.token()).expect(200);
        assertThat(now.json().get(0).get("name").asString()).isEqualTo("Ravi Kumar");
        assertThat(now.json().get(0).get("email").asString()).isEqualTo("ravi@example.com");
        assertThat(now.json().get(0).get("version").asInt()).isEqualTo(3);

        List<JsonNode> changes = changes(asha.token(), 0);
        assertThat(changes)
                .extracting(c -> c.get("type").asString())
                .containsExactly("friend_added", "friend_updated", "friend_updated");
        assertThat(changes.get(2).get("data")).isEqualTo(now.json().get(0));
    }

    @Test
    void deleteRemovesTheFriendAndEmitsADeletedChange() {
        Api.TestUser asha = api.register("Asha");
        Api.Response ravi =
                api.post("/api/friends", asha.token(), Map.of("name", "Ravi")).expect(201);
        Api.Response meera =
                api.post("/api/friends", asha.token(), Map.of("name", "meera")).expect(201);

        assertThat(api.get("/api/friends", asha.token()).expect(200).json())
                .extracting(f -> f.get("name").asString())
                .containsExactly("meera", "Ravi");

        api.delete("/api/friends/" + ravi.id(), asha.token()).expect(204);

        Api.Response list = api.get("/api/friends", asha.token()).expect(200);
        assertThat(list.json().size()).isEqualTo(1);
        assertThat(list.json().get(0).get("id").asString()).isEqualTo(meera.id().toString());
        api.delete("/api/friends/" + ravi.id(), asha.token()).expectProblem(404);
        api.patch("/api/friends/" + ravi.id(), asha.token(), Map.of("name", "Back"))
                .expectProblem(404);
        api.delete("/api/friends/not-a-uuid", asha.token()).expectProblem(404);

        List<JsonNode> changes = changes(asha.token(), 0);
        assertThat(changes).hasSize(3);
        assertThat(changes.get(2).get("type").asString()).isEqualTo("friend_deleted");
        assertThat(changes.get(2).get("data")).isEqualTo(Api.JSON.readTree("{\"id\":\"" + ravi.id() + "\"}"));
    }

    @Test
    void namingSomebodysUserIdNeverLinksAccounts() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");

        Api.Response created = api.post(
                        "/api/friends",
                        asha.token(),
                        Map.of(
                                "name",
                                "Ravi",
                                "friendUserId",
                                ravi.id().toString(),
                                "userId",
                                ravi.id().toString(),
                                "registered",
                                true))
                .expect(201);

        assertThat(created.text("friendUserId")).isNotEqualTo(ravi.id().toString());
        assertThat(created.text("userId")).isEqualTo(asha.id().toString());
        assertThat(created.json().get("registered").asBoolean()).isFalse();
        assertThat(api.get("/api/friends", ravi.token()).expect(200).json().size())
                .isZero();
        assertThat(changes(ravi.token(), 0)).isEmpty();
    }

    @Test
    void friendsNeedAToken() {
        api.get("/api/friends", null).expectProblem(401);
        api.post("/api/friends", null, Map.of("name", "Ravi")).expectProblem(401);
    }

    private List<JsonNode> changes(String token, long since) {
        JsonNode body = api.get("/api/sync?since=" + since, token).expect(200).json();
        List<JsonNode> changes = new ArrayList<>();
        body.get("changes").forEach(changes::add);
        return changes;
    }

    private static List<String> fields(Api.Response problem) {
        List<String> fields = new ArrayList<>();
        problem.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
