package app.hisaab.group;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class GroupExpenseIntegrationTests {

    @LocalServerPort
    int port;

    Api api;
    People people;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        people = new People(api);
    }

    static Map<String, Object> splits(Object... pairs) {
        Map<String, Object> splits = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            splits.put(pairs[i].toString(), pairs[i + 1]);
        }
        return splits;
    }

    @Test
    void equalSplitGivesLeftoverUnitsInParticipantsOrderAndIsInTheFeed() {
        Api.TestUser asha = api.register("Asha");
        UUID ravi = people.placeholder(asha, "Ravi");
        UUID meera = people.placeholder(asha, "Meera");

        Api.Response created = api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title",
                                "  Dinner ",
                                "totalAmount",
                                100,
                                "paidBy",
                                asha.id(),
                                "participants",
                                List.of(ravi, asha.id(), meera),
                                "date",
                                "2026-11-24"))
                .expect(201);
        JsonNode e = created.json();
        assertThat(e.get("title").asString()).isEqualTo("Dinner");
        assertThat(e.get("totalAmount").asString()).isEqualTo("100.00");
        assertThat(e.get("currency").asString()).isEqualTo("INR");
        assertThat(e.get("splitMode").asString()).isEqualTo("equal");
        assertThat(e.get("splits").get(ravi.toString()).asString()).isEqualTo("33.34");
        assertThat(e.get("splits").get(asha.id().toString()).asString()).isEqualTo("33.33");
        assertThat(e.get("splits").get(meera.toString()).asString()).isEqualTo("33.33");
        assertThat(e.get("participants").get(0).asString()).isEqualTo(ravi.toString());
        assertThat(e.get("date").asString()).isEqualTo("2026-11-24T00:00:00Z");
        assertThat(e.get("version").asInt()).isEqualTo(1);
        assertThat(e.get("createdBy").asString()).isEqualTo(asha.id().toString());

        assertThat(api.get("/api/group-expenses/" + created.id(), asha.token())
                        .expect(200)
                        .json())
                .isEqualTo(e);
        JsonNode list = api.get("/api/group-expenses", asha.token()).expect(200).json();
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0)).isEqualTo(e);

        List<JsonNode> feed = people.changes(asha, 0).stream()
                .filter(c -> c.get("entity").asString().equals("group_expense"))
                .toList();
        assertThat(feed).hasSize(1);
        assertThat(feed.get(0).get("type").asString()).isEqualTo("group_expense_added");
        assertThat(feed.get(0).get("data")).isEqualTo(e);
    }

    @Test
    void everySplitModeGivesExactAmountsAddingUpToTheTotal() {
        Api.TestUser asha = api.register("Asha");
        UUID ravi = people.placeholder(asha, "Ravi");
        UUID meera = people.placeholder(asha, "Meera");
        List<UUID> three = List.of(asha.id(), ravi, meera);

        JsonNode percent = api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title", "Cab",
                                "totalAmount", "0.05",
                                "paidBy", ravi,
                                "participants", three,
                                "splitMode", "percent",
                                "splits", splits(asha.id(), 10, ravi, "20", meera, 70),
                                "date", "2026-11-24T10:00:00+05:30"))
                .expect(201)
                .json();
        // 0.5, 1.0, 3.5 cents: the tie between Asha and Meera goes to Asha, who comes first.
        assertThat(amounts(percent, three)).containsExactly("0.01", "0.01", "0.03");
        assertThat(percent.get("splitValues").get(meera.toString()).asString()).isEqualTo("70");
        assertThat(percent.get("date").asString()).isEqualTo("2026-11-24T04:30:00Z");

        JsonNode shares = api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title", "Trip",
                                "totalAmount", "100",
                                "paidBy", asha.id(),
                                "participants", three,
                                "splitMode", "shares",
                                "splits", splits(asha.id(), 1, ravi, "1.5", meera, "1.15"),
                                "date", "2026-11-24"))
                .expect(201)
                .json();
        assertThat(amounts(shares, three)).containsExactly("27.40", "41.09", "31.51");

        JsonNode exact = api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title", "Tickets",
                                "totalAmount", "250",
                                "currency", "jpy",
                                "paidBy", asha.id(),
                                "participants", List.of(asha.id(), ravi),
                                "splits", splits(asha.id(), 0, ravi, "250"),
                                "date", "2026-11-24"))
                .expect(201)
                .json();
        assertThat(exact.get("splitMode").asString()).isEqualTo("exact");
        assertThat(exact.get("currency").asString()).isEqualTo("JPY");
        assertThat(exact.get("totalAmount").asString()).isEqualTo("250");
        assertThat(amounts(exact, List.of(asha.id(), ravi))).containsExactly("0", "250");
    }

    private static List<String> amounts(JsonNode expense, List<UUID> order) {
        return order.stream()
                .map(id -> expense.get("splits").get(id.toString()).asString())
                .toList();
    }

    @Test
    void badExpensesAreRefusedWithTheFieldsNamedAndNothingStored() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser stranger = api.register("Stranger");
        UUID ravi = people.placeholder(asha, "Ravi");
        UUID strangersFriend = people.placeholder(stranger, "Not yours");

        // A participant who is not your friend, one unknown id, and a payer outside the participants.
        Api.Response problem = api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title", "Dinner",
                                "totalAmount", "10",
                                "paidBy", UUID.randomUUID(),
                                "participants", List.of(asha.id(), strangersFriend, UUID.randomUUID(), stranger.id()),
                                "date", "2026-11-24"))
                .expectProblem(400);
        assertThat(People.fields(problem)).contains("participants[1]", "participants[2]", "participants[3]", "paidBy");

        assertThat(People.fields(api.post("/api/group-expenses", asha.token(), body("participants", List.of(ravi)))
                        .expectProblem(400)))
                .contains("participants", "title", "totalAmount", "date", "paidBy");
        assertThat(People.fields(post(asha, body("participants", List.of(asha.id(), ravi, ravi)))))
                .contains("participants[2]");
        assertThat(People.fields(post(asha, body("splits", splits(asha.id(), "6", ravi, "5")))))
                .containsExactly("splits");
        assertThat(People.fields(post(asha, body("splits", splits(asha.id(), "-1", ravi, "11")))))
                .containsExactly("splits." + asha.id());
        assertThat(People.fields(post(asha, body("splits", splits(asha.id(), "10.001", ravi, "0")))))
                .containsExactly("splits." + asha.id());
        assertThat(People.fields(post(asha, body("splits", splits(asha.id(), "10")))))
                .containsExactly("splits." + ravi);
        assertThat(People.fields(post(asha, body("splits", splits(asha.id(), "5", ravi, "5", UUID.randomUUID(), "0")))))
                .hasSize(1)
                .allMatch(f -> f.startsWith("splits."));
        assertThat(People.fields(
                        post(asha, body("splitMode", "percent", "splits", splits(asha.id(), "50", ravi, "49.99")))))
                .containsExactly("splits");
        assertThat(People.fields(post(asha, body("splitMode", "shares", "splits", splits(asha.id(), "0", ravi, "0")))))
                .containsExactly("splits");
        assertThat(People.fields(post(asha, body("splitMode", "halves")))).containsExactly("splitMode");
        assertThat(People.fields(post(asha, body("splitMode", "percent")))).containsExactly("splits");
        assertThat(People.fields(post(asha, body("totalAmount", "1e3")))).containsExactly("totalAmount");
        assertThat(People.fields(post(asha, body("totalAmount", 0)))).containsExactly("totalAmount");
        assertThat(People.fields(post(asha, body("participants", List.of(ravi), "paidBy", ravi))))
                .containsExactly("participants");

        assertThat(api.get("/api/group-expenses", asha.token())
                        .expect(200)
                        .json()
                        .size())
                .isZero();
        assertThat(people.changes(asha, 0))
                .noneMatch(c -> c.get("entity").asString().equals("group_expense"));
    }

    /** A valid expense of 10.00 between Asha and her first friend, with the given fields replaced. */
    private Api.Response post(Api.TestUser asha, Map<String, Object> overrides) {
        JsonNode friends = api.get("/api/friends", asha.token()).expect(200).json();
        UUID ravi = UUID.fromString(friends.get(0).get("friendUserId").asString());
        Map<String, Object> body = new HashMap<>(body(
                "title", "Dinner",
                "totalAmount", "10",
                "paidBy", asha.id(),
                "participants", List.of(asha.id(), ravi),
                "date", "2026-11-24"));
        body.putAll(overrides);
        return api.post("/api/group-expenses", asha.token(), body).expectProblem(400);
    }

    @Test
    void aRepeatedCreateWithTheSameIdIsIdempotentAndOtherContentConflicts() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser other = api.register("Other");
        UUID ravi = people.placeholder(asha, "Ravi");
        UUID id = UUID.randomUUID();
        Map<String, Object> expense = body(
                "id",
                id,
                "title",
                "Dinner",
                "totalAmount",
                "10",
                "paidBy",
                asha.id(),
                "participants",
                List.of(asha.id(), ravi),
                "date",
                "2026-11-24");
        JsonNode first = api.post("/api/group-expenses", asha.token(), expense)
                .expect(201)
                .json();
        assertThat(first.get("id").asString()).isEqualTo(id.toString());

        Map<String, Object> same = new HashMap<>(expense);
        same.put("title", " Dinner ");
        same.put("totalAmount", 10.00);
        same.put("splitMode", "equal");
        same.put("version", 7);
        assertThat(api.post("/api/group-expenses", asha.token(), same)
                        .expect(200)
                        .json())
                .isEqualTo(first);

        Map<String, Object> changed = new HashMap<>(expense);
        changed.put("totalAmount", "11");
        api.post("/api/group-expenses", asha.token(), changed).expectProblem(409);
        UUID otherFriend = people.placeholder(other, "Someone");
        Map<String, Object> foreign = new HashMap<>(expense);
        foreign.put("paidBy", other.id());
        foreign.put("participants", List.of(other.id(), otherFriend));
        api.post("/api/group-expenses", other.token(), foreign).expectProblem(409);

        assertThat(people.typesOf(asha, id)).containsExactly("group_expense_added");

        api.delete("/api/group-expenses/" + id, asha.token()).expect(204);
        api.post("/api/group-expenses", asha.token(), expense).expectProblem(409);
    }

    @Test
    void updatesCheckVersionsAndDeletesAreSoft() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser other = api.register("Other");
        UUID ravi = people.placeholder(asha, "Ravi");
        UUID meera = people.placeholder(asha, "Meera");
        JsonNode e = api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title", "Dinner",
                                "totalAmount", "90",
                                "paidBy", asha.id(),
                                "participants", List.of(asha.id(), ravi, meera),
                                "date", "2026-11-24"))
                .expect(201)
                .json();
        String path = "/api/group-expenses/" + e.get("id").asString();

        JsonNode patched = api.send(
                        "PATCH", path, asha.token(), body("title", "Dinner at Leela"), Map.of("If-Match", "\"1\""))
                .expect(200)
                .json();
        assertThat(patched.get("title").asString()).isEqualTo("Dinner at Leela");
        assertThat(patched.get("version").asInt()).isEqualTo(2);
        assertThat(patched.get("splits").get(ravi.toString()).asString()).isEqualTo("30.00");

        Api.Response stale = api.send("PATCH", path, asha.token(), body("title", "x"), Map.of("If-Match", "\"1\""))
                .expectProblem(409);
        assertThat(stale.json().get("current")).isEqualTo(patched);

        JsonNode replaced = api.put(
                        path,
                        asha.token(),
                        body(
                                "title",
                                "Dinner",
                                "totalAmount",
                                "100",
                                "paidBy",
                                ravi,
                                "participants",
                                List.of(asha.id(), ravi),
                                "splitMode",
                                "percent",
                                "splits",
                                splits(asha.id(), "25", ravi, "75"),
                                "date",
                                "2026-11-25",
                                "version",
                                2))
                .expect(200)
                .json();
        assertThat(replaced.get("version").asInt()).isEqualTo(3);
        assertThat(replaced.get("splits").get(asha.id().toString()).asString()).isEqualTo("25.00");
        assertThat(replaced.get("participants").size()).isEqualTo(2);

        // A PATCH of the total keeps the percentages and recomputes the amounts.
        JsonNode retotalled = api.patch(path, asha.token(), body("totalAmount", "10"))
                .expect(200)
                .json();
        assertThat(retotalled.get("splits").get(ravi.toString()).asString()).isEqualTo("7.50");

        // Another user's (or a made-up) id is 404 on every method, and tells nothing.
        for (String p : List.of(path, "/api/group-expenses/" + UUID.randomUUID(), "/api/group-expenses/nope")) {
            api.get(p, other.token()).expectProblem(404);
            api.patch(p, other.token(), body("title", "mine")).expectProblem(404);
            api.put(p, other.token(), body("title", "mine")).expectProblem(404);
            api.delete(p, other.token()).expectProblem(404);
        }

        api.delete(path, asha.token()).expect(204);
        api.get(path, asha.token()).expectProblem(404);
        api.patch(path, asha.token(), body("title", "back")).expectProblem(404);
        api.delete(path, asha.token()).expectProblem(404);
        assertThat(api.get("/api/group-expenses", asha.token())
                        .expect(200)
                        .json()
                        .size())
                .isZero();
        assertThat(people.typesOf(asha, UUID.fromString(e.get("id").asString())))
                .containsExactly(
                        "group_expense_added",
                        "group_expense_updated",
                        "group_expense_updated",
                        "group_expense_updated",
                        "group_expense_deleted");
    }

    @Test
    void listsArePagedNewestFirstAndFilteredByFriend() {
        Api.TestUser asha = api.register("Asha");
        UUID ravi = people.placeholder(asha, "Ravi");
        UUID meera = people.placeholder(asha, "Meera");
        for (int day = 1; day <= 5; day++) {
            api.post(
                            "/api/group-expenses",
                            asha.token(),
                            body(
                                    "title",
                                    "Day " + day,
                                    "totalAmount",
                                    "10",
                                    "paidBy",
                                    asha.id(),
                                    "participants",
                                    List.of(asha.id(), day % 2 == 0 ? ravi : meera),
                                    "date",
                                    "2026-11-0" + day))
                    .expect(201);
        }
        Api.Response first =
                api.get("/api/group-expenses?limit=2", asha.token()).expect(200);
        assertThat(first.json().get(0).get("title").asString()).isEqualTo("Day 5");
        assertThat(first.json().get(1).get("title").asString()).isEqualTo("Day 4");
        String cursor = first.header("X-Next-Cursor");
        assertThat(cursor).isNotNull();
        Api.Response second = api.get("/api/group-expenses?limit=2&before=" + cursor, asha.token())
                .expect(200);
        assertThat(second.json().get(0).get("title").asString()).isEqualTo("Day 3");
        Api.Response third = api.get(
                        "/api/group-expenses?limit=2&before=" + second.header("X-Next-Cursor"), asha.token())
                .expect(200);
        assertThat(third.json().size()).isEqualTo(1);
        assertThat(third.header("X-Next-Cursor")).isNull();

        JsonNode withRavi = api.get("/api/group-expenses?friendUserId=" + ravi, asha.token())
                .expect(200)
                .json();
        assertThat(withRavi.size()).isEqualTo(2);
        assertThat(People.fields(api.get("/api/group-expenses?friendUserId=" + UUID.randomUUID(), asha.token())
                        .expectProblem(400)))
                .containsExactly("friendUserId");
        api.get("/api/group-expenses?limit=0", asha.token()).expectProblem(400);
        api.get("/api/group-expenses?before=garbage", asha.token()).expectProblem(400);
    }

    @Test
    void anyParticipantChangesTheExpenseAndRemovedParticipantsReceiveADelete() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser meera = api.register("Meera");
        Api.TestUser stranger = api.register("Stranger");
        people.link(asha, ravi);
        people.link(asha, meera);
        JsonNode e = api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title", "Dinner",
                                "totalAmount", "90",
                                "paidBy", asha.id(),
                                "participants", List.of(asha.id(), ravi.id(), meera.id()),
                                "date", "2026-11-24"))
                .expect(201)
                .json();
        UUID id = UUID.fromString(e.get("id").asString());
        String path = "/api/group-expenses/" + id;
        assertThat(api.get(path, meera.token()).expect(200).json()).isEqualTo(e);
        assertThat(api.get("/api/group-expenses", ravi.token())
                        .expect(200)
                        .json()
                        .get(0))
                .isEqualTo(e);

        // Ravi is not Meera's friend, yet she may stay on an expense he changes.
        api.patch(path, ravi.token(), body("title", "Dinner, Ravi paid")).expect(200);
        api.patch(path, ravi.token(), body("paidBy", ravi.id())).expect(200);
        // He cannot add somebody who is not his friend.
        UUID ravisFriend = people.placeholder(ravi, "Kabir");
        UUID ashasFriend = people.placeholder(asha, "Dev");
        assertThat(People.fields(api.patch(
                                path,
                                ravi.token(),
                                body("participants", List.of(asha.id(), ravi.id(), meera.id(), ashasFriend)))
                        .expectProblem(400)))
                .containsExactly("participants[3]");
        // He removes Meera and adds his own friend.
        JsonNode updated = api.patch(
                        path, ravi.token(), body("participants", List.of(asha.id(), ravi.id(), ravisFriend)))
                .expect(200)
                .json();
        assertThat(updated.get("splits").get(ravisFriend.toString()).asString()).isEqualTo("30.00");
        api.get(path, meera.token()).expectProblem(404);
        api.patch(path, meera.token(), body("title", "still mine?")).expectProblem(404);

        assertThat(people.typesOf(meera, id))
                .containsExactly(
                        "group_expense_added",
                        "group_expense_updated",
                        "group_expense_updated",
                        "group_expense_deleted");
        assertThat(people.typesOf(asha, id))
                .containsExactly(
                        "group_expense_added",
                        "group_expense_updated",
                        "group_expense_updated",
                        "group_expense_updated");
        assertThat(people.typesOf(ravi, id)).hasSize(4);
        List<JsonNode> ashas = people.changes(asha, 0).stream()
                .filter(c -> c.get("id").asString().equals(id.toString()))
                .toList();
        assertThat(ashas.get(3).get("data")).isEqualTo(updated);
        assertThat(ashas.get(3).get("userId").asString()).isEqualTo(ravi.id().toString());
        assertThat(people.changes(stranger, 0)).isEmpty();

        // Meera, removed, can no longer delete it; Ravi can.
        api.delete(path, meera.token()).expectProblem(404);
        api.delete(path, ravi.token()).expect(204);
        assertThat(people.typesOf(asha, id)).last().isEqualTo("group_expense_deleted");
        assertThat(people.typesOf(meera, id)).hasSize(4);
    }

    @Test
    void aListReadAgainShowsEveryChangeMadeSinceByAnyoneAndAnswers304WhileUnchanged() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        UUID id = api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title",
                                "Dinner",
                                "totalAmount",
                                40,
                                "paidBy",
                                asha.id(),
                                "participants",
                                List.of(asha.id(), ravi.id()),
                                "date",
                                "2026-11-20T10:00:00Z"))
                .expect(201)
                .id();
        Api.Response first = api.get("/api/group-expenses", ravi.token()).expect(200);
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(first.json().get(0).path("title").asString()).isEqualTo("Dinner");
        assertThat(api.send("GET", "/api/group-expenses", ravi.token(), null, Map.of("If-None-Match", etag))
                        .status())
                .isEqualTo(304);

        // Another participant's change shows on Ravi's next read, with a new ETag.
        api.patch("/api/group-expenses/" + id, asha.token(), body("title", "Dinner at Leela"))
                .expect(200);
        Api.Response second = api.send("GET", "/api/group-expenses", ravi.token(), null, Map.of("If-None-Match", etag))
                .expect(200);
        assertThat(second.json().get(0).path("title").asString()).isEqualTo("Dinner at Leela");
        assertThat(second.header("ETag")).isNotEqualTo(etag);

        // A delete empties it; another user's list of the same query is their own.
        api.delete("/api/group-expenses/" + id, asha.token()).expect(204);
        assertThat(api.get("/api/group-expenses", ravi.token())
                        .expect(200)
                        .json()
                        .size())
                .isZero();
        Api.TestUser meera = api.register("Meera");
        assertThat(api.get("/api/group-expenses", meera.token())
                        .expect(200)
                        .json()
                        .size())
                .isZero();
    }
}
