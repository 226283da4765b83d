package app.hisaab.group;

import static app.hisaab.support.Api.body;
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

/** Groups over real HTTP: create, read, rename, members in and out, deletion, and what each member's feed shows. */
@IntegrationTest
class GroupIntegrationTests {

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
    void aGroupHasYouAndYourFriendsWithDefaultsAndDuplicatesCountOnce() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        UUID meera = people.placeholder(asha, "Meera (flat)");
        // Asha's alias for Ravi; the group shows his account name, since he has one.
        String raviFriendship = null;
        for (JsonNode friend : api.get("/api/friends", asha.token()).expect(200).json()) {
            if (friend.get("friendUserId").asString().equals(ravi.id().toString())) {
                raviFriendship = friend.get("id").asString();
            }
        }
        api.patch("/api/friends/" + raviFriendship, asha.token(), body("name", "Ravi from work"))
                .expect(200);
        api.patch("/api/users/me", asha.token(), body("defaultCurrency", "EUR")).expect(200);

        JsonNode group = api.post(
                        "/api/groups",
                        asha.token(),
                        body(
                                "name",
                                "  Goa trip ",
                                "members",
                                List.of(
                                        ravi.id().toString(),
                                        meera.toString(),
                                        ravi.id().toString(),
                                        asha.id().toString()),
                                "createdBy",
                                ravi.id().toString(),
                                "version",
                                7))
                .expect(201)
                .json();
        assertThat(group.get("name").asString()).isEqualTo("Goa trip");
        assertThat(group.get("currency").asString()).isEqualTo("EUR");
        assertThat(group.get("simplifyDebts").asBoolean()).isTrue();
        assertThat(group.get("createdBy").asString()).isEqualTo(asha.id().toString());
        assertThat(group.get("version").asInt()).isEqualTo(1);
        assertThat(group.get("createdAt").asString()).endsWith("Z");
        assertThat(members(group))
                .containsExactly(asha.id() + " Asha true", ravi.id() + " Ravi true", meera + " Meera (flat) false");

        // Only you, when members is absent or empty; currency and simplifyDebts as given.
        JsonNode alone = api.post(
                        "/api/groups",
                        asha.token(),
                        body("name", "Me", "currency", "jpy", "simplifyDebts", false, "members", List.of()))
                .expect(201)
                .json();
        assertThat(members(alone)).containsExactly(asha.id() + " Asha true");
        assertThat(alone.get("currency").asString()).isEqualTo("JPY");
        assertThat(alone.get("simplifyDebts").asBoolean()).isFalse();

        // Every member reads the same group.
        String path = "/api/groups/" + group.get("id").asString();
        assertThat(api.get(path, ravi.token()).expect(200).json()).isEqualTo(group);
        assertThat(api.get(path, asha.token()).expect(200).json()).isEqualTo(group);
    }

    @Test
    void membersMustBeYourFriendsAndTheInputValid() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser stranger = api.register("Stranger");
        UUID meera = people.placeholder(asha, "Meera");
        UUID someoneElses = people.placeholder(stranger, "Not yours");

        Api.Response notFriends = api.post(
                        "/api/groups",
                        asha.token(),
                        body(
                                "name",
                                "Trip",
                                "members",
                                List.of(
                                        meera.toString(),
                                        stranger.id().toString(),
                                        someoneElses.toString(),
                                        "not-an-id",
                                        UUID.randomUUID().toString())))
                .expectProblem(400);
        assertThat(People.fields(notFriends))
                .containsExactlyInAnyOrder("members[1]", "members[2]", "members[3]", "members[4]");
        assertThat(People.fields(api.post("/api/groups", asha.token(), body("members", List.of()))
                        .expectProblem(400)))
                .containsExactly("name");
        assertThat(People.fields(api.post("/api/groups", asha.token(), body("name", "x", "currency", "EURO"))
                        .expectProblem(400)))
                .containsExactly("currency");
        assertThat(People.fields(api.post("/api/groups", asha.token(), body("name", "x", "id", "nope"))
                        .expectProblem(400)))
                .containsExactly("id");
        assertThat(People.fields(api.post("/api/groups", asha.token(), body("name", "a\u0007b"))
                        .expectProblem(400)))
                .containsExactly("name");
        assertThat(api.get("/api/groups", asha.token()).expect(200).json().size())
                .isZero();
        assertThat(people.changes(asha, 0))
                .extracting(c -> c.get("entity").asString())
                .doesNotContain("group");
    }

    @Test
    void aRepeatedCreateWithTheSameIdReturnsTheStoredGroupComparingMembersAsASet() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        UUID meera = people.placeholder(asha, "Meera");
        UUID kabir = people.placeholder(asha, "Kabir");
        UUID id = UUID.randomUUID();

        Map<String, Object> create =
                body("id", id, "name", "Flat", "members", List.of(meera.toString(), kabir.toString()));
        JsonNode first =
                api.post("/api/groups", asha.token(), create).expect(201).json();
        assertThat(first.get("id").asString()).isEqualTo(id.toString());
        long changes = people.changes(asha, 0).size();

        JsonNode replay = api.post(
                        "/api/groups",
                        asha.token(),
                        body(
                                "id",
                                id,
                                "name",
                                " Flat ",
                                "currency",
                                "INR",
                                "simplifyDebts",
                                true,
                                "members",
                                List.of(kabir.toString(), asha.id().toString(), meera.toString(), kabir.toString())))
                .expect(200)
                .json();
        assertThat(replay).isEqualTo(first);
        assertThat(people.changes(asha, 0)).hasSize((int) changes);

        api.post("/api/groups", asha.token(), body("id", id, "name", "Flat", "members", List.of(meera.toString())))
                .expectProblem(409);
        api.post(
                        "/api/groups",
                        asha.token(),
                        body("id", id, "name", "Other", "members", List.of(meera.toString(), kabir.toString())))
                .expectProblem(409);
        api.post(
                        "/api/groups",
                        asha.token(),
                        body(
                                "id",
                                id,
                                "name",
                                "Flat",
                                "simplifyDebts",
                                false,
                                "members",
                                List.of(meera.toString(), kabir.toString())))
                .expectProblem(409);
        Api.Response taken = api.post("/api/groups", ravi.token(), body("id", id, "name", "Flat"))
                .expectProblem(409);
        assertThat(taken.body()).doesNotContain("Meera");
        assertThat(api.get("/api/groups", ravi.token()).expect(200).json().size())
                .isZero();
    }

    @Test
    void theGroupListIsNewestFirstAndPaged() {
        Api.TestUser asha = api.register("Asha");
        List<String> ids = new ArrayList<>();
        for (String name : List.of("One", "Two", "Three")) {
            ids.add(
                    0,
                    api.post("/api/groups", asha.token(), body("name", name))
                            .expect(201)
                            .text("id"));
        }

        JsonNode all = api.get("/api/groups", asha.token()).expect(200).json();
        assertThat(top(all, "name")).containsExactly("Three", "Two", "One");
        Api.Response first = api.get("/api/groups?limit=2", asha.token()).expect(200);
        assertThat(top(first.json(), "id")).containsExactly(ids.get(0), ids.get(1));
        Api.Response rest = api.get("/api/groups?limit=2&before=" + first.header("X-Next-Cursor"), asha.token())
                .expect(200);
        assertThat(top(rest.json(), "id")).containsExactly(ids.get(2));
        assertThat(rest.header("X-Next-Cursor")).isNull();
        assertThat(People.fields(api.get("/api/groups?limit=0", asha.token()).expectProblem(400)))
                .containsExactly("limit");
        assertThat(People.fields(api.get("/api/groups?before=xyz", asha.token()).expectProblem(400)))
                .containsExactly("before");
    }

    @Test
    void anyMemberRenamesTheGroupWithOptionalVersionChecks() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        JsonNode group = api.post(
                        "/api/groups",
                        asha.token(),
                        body("name", "Trip", "members", List.of(ravi.id().toString())))
                .expect(201)
                .json();
        String path = "/api/groups/" + group.get("id").asString();
        long ashaSince = people.changes(asha, 0).size();
        long raviSince = people.changes(ravi, 0).size();

        JsonNode renamed = api.patch(path, ravi.token(), body("name", "Goa", "version", 1, "members", List.of()))
                .expect(200)
                .json();
        assertThat(renamed.get("name").asString()).isEqualTo("Goa");
        assertThat(renamed.get("version").asInt()).isEqualTo(2);
        assertThat(renamed.get("members").size()).isEqualTo(2);

        Api.Response stale = api.send("PATCH", path, asha.token(), body("currency", "USD"), Map.of("If-Match", "\"1\""))
                .expectProblem(409);
        assertThat(stale.json().get("current")).isEqualTo(renamed);
        assertThat(People.fields(
                        api.patch(path, asha.token(), body("name", " ")).expectProblem(400)))
                .containsExactly("name");
        // The same values: no new version, no change.
        assertThat(api.patch(path, asha.token(), body("name", "Goa", "simplifyDebts", true))
                        .expect(200)
                        .json())
                .isEqualTo(renamed);
        JsonNode usd = api.send(
                        "PATCH",
                        path,
                        asha.token(),
                        body("currency", "USD", "simplifyDebts", false),
                        Map.of("If-Match", "\"2\""))
                .expect(200)
                .json();
        assertThat(usd.get("version").asInt()).isEqualTo(3);
        assertThat(usd.get("simplifyDebts").asBoolean()).isFalse();

        for (var feed : List.of(people.changes(asha, ashaSince), people.changes(ravi, raviSince))) {
            assertThat(feed)
                    .extracting(c -> c.get("type").asString())
                    .containsExactly("group_updated", "group_updated");
            assertThat(feed.get(1).get("data")).isEqualTo(usd);
        }
    }

    @Test
    void membersAddTheirOwnFriendsAndSomeoneAlreadyInChangesNothing() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser kabir = api.register("Kabir");
        people.link(asha, ravi);
        people.link(ravi, kabir);
        UUID meera = people.placeholder(asha, "Meera");
        JsonNode group = api.post(
                        "/api/groups",
                        asha.token(),
                        body("name", "Trip", "members", List.of(ravi.id().toString())))
                .expect(201)
                .json();
        String path = "/api/groups/" + group.get("id").asString();
        String members = path + "/members";
        long ashaSince = people.changes(asha, 0).size();
        long raviSince = people.changes(ravi, 0).size();

        // Kabir is Ravi's friend, not Asha's: Ravi may add him, Asha may not.
        assertThat(People.fields(api.post(members, asha.token(), body("userId", kabir.id()))
                        .expectProblem(400)))
                .containsExactly("userId");
        assertThat(People.fields(
                        api.post(members, asha.token(), body("userId", "x")).expectProblem(400)))
                .containsExactly("userId");
        assertThat(People.fields(api.post(members, asha.token(), body()).expectProblem(400)))
                .containsExactly("userId");
        JsonNode withKabir = api.post(members, ravi.token(), body("userId", kabir.id()))
                .expect(200)
                .json();
        assertThat(withKabir.get("version").asInt()).isEqualTo(2);
        assertThat(members(withKabir))
                .containsExactly(asha.id() + " Asha true", ravi.id() + " Ravi true", kabir.id() + " Kabir true");
        JsonNode withMeera = api.post(members, asha.token(), body("userId", meera))
                .expect(200)
                .json();
        assertThat(withMeera.get("version").asInt()).isEqualTo(3);
        // Kabir sees Meera under the name Asha gave her, and Asha sees Kabir though they are not friends.
        assertThat(members(api.get(path, kabir.token()).expect(200).json())).contains(meera + " Meera false");

        // Already a member (and not Asha's friend): 200, nothing changes, checked before the friend rule.
        assertThat(api.post(members, asha.token(), body("userId", kabir.id()))
                        .expect(200)
                        .json())
                .isEqualTo(withMeera);
        assertThat(api.post(members, asha.token(), body("userId", asha.id()))
                        .expect(200)
                        .json())
                .isEqualTo(withMeera);

        assertThat(people.changes(asha, ashaSince))
                .extracting(c -> c.get("type").asString())
                .containsExactly("group_updated", "group_updated");
        assertThat(people.changes(ravi, raviSince))
                .extracting(c -> c.get("type").asString())
                .containsExactly("group_updated", "group_updated");
        List<JsonNode> kabirs = people.changes(kabir, 0).stream()
                .filter(c -> c.get("entity").asString().equals("group"))
                .toList();
        assertThat(kabirs).extracting(c -> c.get("type").asString()).containsExactly("group_added", "group_updated");
        assertThat(kabirs.get(0).get("data")).isEqualTo(withKabir);
        assertThat(kabirs.get(0).get("userId").asString()).isEqualTo(ravi.id().toString());
        assertThat(kabirs.get(1).get("data")).isEqualTo(withMeera);
    }

    @Test
    void membersLeaveOrAreRemovedAndTheLastOneLeavingDeletesTheGroup() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser kabir = api.register("Kabir");
        people.link(asha, ravi);
        people.link(asha, kabir);
        UUID meera = people.placeholder(asha, "Meera");
        UUID id = UUID.randomUUID();
        api.post(
                        "/api/groups",
                        asha.token(),
                        body(
                                "id",
                                id,
                                "name",
                                "Trip",
                                "members",
                                List.of(ravi.id().toString(), kabir.id().toString(), meera.toString())))
                .expect(201);
        String path = "/api/groups/" + id;
        long ashaSince = people.changes(asha, 0).size();
        long raviSince = people.changes(ravi, 0).size();
        long kabirSince = people.changes(kabir, 0).size();

        // Asha removes Kabir; Ravi leaves himself.
        api.delete(path + "/members/" + kabir.id(), asha.token()).expect(204);
        api.get(path, kabir.token()).expectProblem(404);
        api.delete(path + "/members/" + kabir.id(), asha.token()).expectProblem(404);
        api.delete(path + "/members/not-an-id", asha.token()).expectProblem(404);
        api.delete(path + "/members/" + ravi.id(), ravi.token()).expect(204);
        JsonNode left = api.get(path, asha.token()).expect(200).json();
        assertThat(left.get("version").asInt()).isEqualTo(3);
        assertThat(members(left)).containsExactly(asha.id() + " Asha true", meera + " Meera false");
        assertThat(api.get("/api/groups", ravi.token()).expect(200).json().size())
                .isZero();

        assertThat(people.changes(kabir, kabirSince))
                .extracting(c -> c.get("type").asString())
                .containsExactly("group_deleted");
        assertThat(people.changes(kabir, kabirSince).get(0).get("data").toString())
                .isEqualTo("{\"id\":\"" + id + "\"}");
        assertThat(people.changes(ravi, raviSince))
                .extracting(c -> c.get("type").asString())
                .containsExactly("group_updated", "group_deleted");
        assertThat(people.changes(asha, ashaSince))
                .extracting(c -> c.get("type").asString())
                .containsExactly("group_updated", "group_updated");

        // Asha is the last registered member: her leaving deletes the group, Meera's membership with it.
        api.delete(path + "/members/" + asha.id(), asha.token()).expect(204);
        api.get(path, asha.token()).expectProblem(404);
        assertThat(people.changes(asha, ashaSince))
                .extracting(c -> c.get("type").asString())
                .containsExactly("group_updated", "group_updated", "group_deleted");
        assertThat(jdbc.sql("SELECT count(*) FROM group_members WHERE group_id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isZero();
        // Its id stays taken.
        api.post("/api/groups", asha.token(), body("id", id, "name", "Trip")).expectProblem(409);

        // A group of one: leaving deletes it too.
        String solo = api.post("/api/groups", ravi.token(), body("name", "Solo"))
                .expect(201)
                .text("id");
        api.delete("/api/groups/" + solo + "/members/" + ravi.id(), ravi.token())
                .expect(204);
        api.get("/api/groups/" + solo, ravi.token()).expectProblem(404);
        assertThat(people.typesOf(ravi, UUID.fromString(solo))).containsExactly("group_added", "group_deleted");
    }

    @Test
    void anyMemberDeletesTheGroupAndEveryMemberIsTold() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        UUID id = api.post(
                        "/api/groups",
                        asha.token(),
                        body("name", "Trip", "members", List.of(ravi.id().toString())))
                .expect(201)
                .id();
        String path = "/api/groups/" + id;

        api.send("DELETE", path, ravi.token(), null, Map.of("If-Match", "\"5\""))
                .expectProblem(409);
        api.delete(path, ravi.token()).expect(204);
        for (Api.TestUser user : List.of(asha, ravi)) {
            api.get(path, user.token()).expectProblem(404);
            api.delete(path, user.token()).expectProblem(404);
            assertThat(people.typesOf(user, id)).containsExactly("group_added", "group_deleted");
            assertThat(api.get("/api/groups", user.token()).expect(200).json().size())
                    .isZero();
        }
    }

    @Test
    void everyGroupRouteAnswers404ToSomeoneWhoIsNotAMember() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser stranger = api.register("Stranger");
        UUID strangersFriend = people.placeholder(stranger, "Pal");
        UUID id = api.post("/api/groups", asha.token(), body("name", "Private"))
                .expect(201)
                .id();
        long ashaSince = people.changes(asha, 0).size();

        for (String path : List.of("/api/groups/" + id, "/api/groups/" + UUID.randomUUID(), "/api/groups/nope")) {
            api.get(path, stranger.token()).expectProblem(404);
            api.patch(path, stranger.token(), body("name", "Mine")).expectProblem(404);
            api.post(path + "/members", stranger.token(), body("userId", strangersFriend))
                    .expectProblem(404);
            api.post(path + "/members", stranger.token(), body("userId", stranger.id()))
                    .expectProblem(404);
            api.delete(path + "/members/" + asha.id(), stranger.token()).expectProblem(404);
            api.delete(path + "/members/" + stranger.id(), stranger.token()).expectProblem(404);
            api.delete(path, stranger.token()).expectProblem(404);
            api.get(path + "/balances", stranger.token()).expectProblem(404);
        }
        api.get("/api/group-expenses?groupId=" + id, stranger.token()).expectProblem(404);
        JsonNode group = api.get("/api/groups/" + id, asha.token()).expect(200).json();
        assertThat(group.get("name").asString()).isEqualTo("Private");
        assertThat(group.get("version").asInt()).isEqualTo(1);
        assertThat(people.changes(asha, ashaSince)).isEmpty();
        assertThat(people.changes(stranger, 0))
                .extracting(c -> c.get("entity").asString())
                .doesNotContain("group");
    }

    @Test
    void membersPerGroupAndGroupsPerUserAreBounded() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        List<String> friends = fillFriends(asha.id(), 100);

        // 101 members with Asha: 400 naming members; 100: created; one more added: 409.
        assertThat(People.fields(api.post("/api/groups", asha.token(), body("name", "Big", "members", friends))
                        .expectProblem(400)))
                .containsExactly("members");
        String big = api.post("/api/groups", asha.token(), body("name", "Big", "members", friends.subList(0, 99)))
                .expect(201)
                .text("id");
        Api.Response full = api.post("/api/groups/" + big + "/members", asha.token(), body("userId", ravi.id()))
                .expectProblem(409);
        assertThat(full.text("error")).contains("100 members");
        assertThat(api.get("/api/groups/" + big, asha.token())
                        .expect(200)
                        .json()
                        .get("members")
                        .size())
                .isEqualTo(100);

        // Ravi is in 499 groups: one more is fine, then neither he nor anyone adding him gets past 500.
        fillGroups(ravi.id(), 499);
        String last = api.post("/api/groups", ravi.token(), body("name", "500th"))
                .expect(201)
                .text("id");
        Api.Response mine =
                api.post("/api/groups", ravi.token(), body("name", "501st")).expectProblem(409);
        assertThat(mine.text("error")).contains("500 groups");
        String ashas = api.post("/api/groups", asha.token(), body("name", "Asha's"))
                .expect(201)
                .text("id");
        api.post("/api/groups/" + ashas + "/members", asha.token(), body("userId", ravi.id()))
                .expectProblem(409);
        api.post(
                        "/api/groups",
                        asha.token(),
                        body("name", "With Ravi", "members", List.of(ravi.id().toString())))
                .expectProblem(409);
        // Leaving one makes room again.
        api.delete("/api/groups/" + last + "/members/" + ravi.id(), ravi.token())
                .expect(204);
        api.post("/api/groups/" + ashas + "/members", asha.token(), body("userId", ravi.id()))
                .expect(200);
    }

    /** One field of each object in a list. */
    static List<String> top(JsonNode list, String field) {
        List<String> values = new ArrayList<>();
        list.forEach(o -> values.add(o.get(field).asString()));
        return values;
    }

    /** Members as "userId name registered", in order. */
    static List<String> members(JsonNode group) {
        List<String> members = new ArrayList<>();
        group.get("members")
                .forEach(m -> members.add(m.get("userId").asString() + " "
                        + m.get("name").asString() + " " + m.get("registered").asBoolean()));
        return members;
    }

    /** Gives the user {@code n} placeholder friends directly in the database; returns their user ids. */
    private List<String> fillFriends(UUID owner, int n) {
        return jdbc.sql("""
                        WITH p AS (
                            INSERT INTO users (id, name, owner_id, created_at, updated_at)
                            SELECT gen_random_uuid(), 'Filler ' || lpad(g::text, 4, '0'), :owner, now(), now()
                            FROM generate_series(1, :n) g
                            RETURNING id, name)
                        INSERT INTO friendships (id, user_id, friend_user_id, name, created_at, updated_at)
                        SELECT gen_random_uuid(), :owner, id, name, now(), now() FROM p
                        RETURNING CAST(friend_user_id AS text)
                        """)
                .param("owner", owner)
                .param("n", n)
                .query(String.class)
                .list();
    }

    /** Makes the user a member of {@code n} groups of their own directly in the database. */
    private void fillGroups(UUID user, int n) {
        jdbc.sql("""
                        WITH g AS (
                            INSERT INTO groups (id, name, currency, created_by, created_at, updated_at)
                            SELECT gen_random_uuid(), 'Filler ' || i, 'INR', :user, now(), now()
                            FROM generate_series(1, :n) i
                            RETURNING id)
                        INSERT INTO group_members (group_id, user_id, position, name, added_by, added_at)
                        SELECT id, :user, 1, 'Me', :user, now() FROM g
                        """).param("user", user).param("n", n).update();
    }
}
