package app.hisaab.udhari;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class UdhariIntegrationTests {

    @LocalServerPort
    int port;

    Api api;
    People people;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        people = new People(api);
    }

    @Test
    void bothPartiesSeeTheUdhariFromTheirSideOnlyTheCreatorChangesItEitherSettles() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser stranger = api.register("Stranger");
        people.link(asha, ravi);
        long ashaSince = people.changes(asha, 0).size();
        long raviSince = people.changes(ravi, 0).size();

        JsonNode lent = api.post(
                        "/api/udhari",
                        asha.token(),
                        body(
                                "friendId", ravi.id(),
                                "amount", "500.5",
                                "description", " Concert tickets ",
                                "type", 0,
                                "date", "2026-11-20"))
                .expect(201)
                .json();
        String id = lent.get("id").asString();
        String path = "/api/udhari/" + id;
        assertThat(lent.get("friendId").asString()).isEqualTo(ravi.id().toString());
        assertThat(lent.get("amount").asString()).isEqualTo("500.50");
        assertThat(lent.get("type").asInt()).isZero();
        assertThat(lent.get("status").asInt()).isZero();
        assertThat(lent.get("description").asString()).isEqualTo("Concert tickets");

        JsonNode seenByRavi = api.get(path, ravi.token()).expect(200).json();
        assertThat(seenByRavi.get("friendId").asString()).isEqualTo(asha.id().toString());
        assertThat(seenByRavi.get("type").asInt()).isEqualTo(1);
        assertThat(seenByRavi.get("amount").asString()).isEqualTo("500.50");
        assertThat(api.get("/api/udhari", ravi.token()).expect(200).json().get(0))
                .isEqualTo(seenByRavi);

        api.patch(path, ravi.token(), body("amount", "1")).expectProblem(403);
        api.put(path, ravi.token(), body("friendId", asha.id(), "amount", "1", "type", 0, "date", "2026-11-20"))
                .expectProblem(403);
        api.delete(path, ravi.token()).expectProblem(403);
        for (String p : List.of(path, "/api/udhari/" + UUID.randomUUID())) {
            api.get(p, stranger.token()).expectProblem(404);
            api.patch(p, stranger.token(), body("amount", "1")).expectProblem(404);
            api.put(p, stranger.token(), body("amount", "1")).expectProblem(404);
            api.delete(p, stranger.token()).expectProblem(404);
            api.post(p + "/settle", stranger.token(), body()).expectProblem(404);
        }

        JsonNode patched = api.patch(path, asha.token(), body("amount", 600, "version", 1))
                .expect(200)
                .json();
        assertThat(patched.get("amount").asString()).isEqualTo("600.00");
        assertThat(patched.get("version").asInt()).isEqualTo(2);

        JsonNode settled =
                api.post(path + "/settle", ravi.token(), null).expect(200).json();
        assertThat(settled.get("status").asInt()).isEqualTo(1);
        assertThat(settled.get("type").asInt()).isEqualTo(1);
        assertThat(settled.get("settledBy").asString()).isEqualTo(ravi.id().toString());
        assertThat(api.post(path + "/settle", asha.token(), body())
                        .expect(200)
                        .json()
                        .get("version")
                        .asInt())
                .isEqualTo(3);
        assertThat(api.get("/api/udhari?status=1", asha.token())
                        .expect(200)
                        .json()
                        .size())
                .isEqualTo(1);
        assertThat(api.get("/api/udhari?status=0", asha.token())
                        .expect(200)
                        .json()
                        .size())
                .isZero();

        List<JsonNode> ashaFeed = people.changes(asha, ashaSince);
        List<JsonNode> raviFeed = people.changes(ravi, raviSince);
        assertThat(ashaFeed)
                .extracting(c -> c.get("type").asString())
                .containsExactly("udhari_added", "udhari_updated", "udhari_updated");
        assertThat(raviFeed)
                .extracting(c -> c.get("type").asString())
                .containsExactly("udhari_added", "udhari_updated", "udhari_updated");
        assertThat(raviFeed.get(2).get("data")).isEqualTo(settled);
        assertThat(ashaFeed.get(2).get("data").get("type").asInt()).isZero();
        assertThat(people.changes(stranger, 0)).isEmpty();

        api.delete(path, asha.token()).expect(204);
        api.get(path, ravi.token()).expectProblem(404);
        assertThat(people.typesOf(ravi, UUID.fromString(id))).last().isEqualTo("udhari_deleted");
    }

    @Test
    void badUdhariIsRefusedWithTheFieldsNamedAndNothingStored() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser stranger = api.register("Stranger");
        UUID ravi = people.placeholder(asha, "Ravi");

        Api.Response problem = api.post(
                        "/api/udhari",
                        asha.token(),
                        body("friendId", stranger.id(), "amount", "-5", "type", 2, "status", 3, "date", "soon"))
                .expectProblem(400);
        assertThat(People.fields(problem)).containsExactlyInAnyOrder("friendId", "amount", "type", "status", "date");
        assertThat(People.fields(api.post("/api/udhari", asha.token(), body()).expectProblem(400)))
                .contains("friendId", "amount", "type", "date");
        assertThat(People.fields(api.post(
                                "/api/udhari",
                                asha.token(),
                                body("friendId", asha.id(), "amount", "5", "type", 0, "date", "2026-11-20"))
                        .expectProblem(400)))
                .containsExactly("friendId");
        api.get("/api/udhari?status=2", asha.token()).expectProblem(400);
        api.get("/api/udhari?friendUserId=" + stranger.id(), asha.token()).expectProblem(400);
        assertThat(api.get("/api/udhari", asha.token()).expect(200).json().size())
                .isZero();
        assertThat(people.changes(asha, 0))
                .noneMatch(c -> c.get("entity").asString().equals("udhari"));

        // A placeholder friend works, an idempotent replay answers 200, other content 409.
        UUID id = UUID.randomUUID();
        Map<String, Object> udhari =
                body("id", id, "friendId", ravi, "amount", "5", "currency", "usd", "type", 1, "date", "2026-11-20");
        JsonNode created =
                api.post("/api/udhari", asha.token(), udhari).expect(201).json();
        assertThat(created.get("currency").asString()).isEqualTo("USD");
        assertThat(api.post("/api/udhari", asha.token(), udhari).expect(200).json())
                .isEqualTo(created);
        Map<String, Object> other = new HashMap<>(udhari);
        other.put("type", 0);
        api.post("/api/udhari", asha.token(), other).expectProblem(409);
        assertThat(api.get("/api/udhari?friendUserId=" + ravi, asha.token())
                        .expect(200)
                        .json()
                        .size())
                .isEqualTo(1);
        Api.Response stale = api.send(
                        "PATCH", "/api/udhari/" + id, asha.token(), body("amount", "6"), Map.of("If-Match", "\"9\""))
                .expectProblem(409);
        assertThat(stale.json().get("current")).isEqualTo(created);
    }

    @Test
    void movingAnUdhariToAnotherFriendTellsTheOldCounterpartyItIsGone() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser meera = api.register("Meera");
        people.link(asha, ravi);
        people.link(asha, meera);
        JsonNode created = api.post(
                        "/api/udhari",
                        asha.token(),
                        body("friendId", ravi.id(), "amount", "40", "type", 1, "date", "2026-11-20"))
                .expect(201)
                .json();
        UUID id = UUID.fromString(created.get("id").asString());
        JsonNode moved = api.put(
                        "/api/udhari/" + id,
                        asha.token(),
                        body("friendId", meera.id(), "amount", "40", "type", 1, "date", "2026-11-20"))
                .expect(200)
                .json();
        assertThat(moved.get("friendId").asString()).isEqualTo(meera.id().toString());
        api.get("/api/udhari/" + id, ravi.token()).expectProblem(404);
        JsonNode meeras =
                api.get("/api/udhari/" + id, meera.token()).expect(200).json();
        assertThat(meeras.get("type").asInt()).isZero();
        assertThat(people.typesOf(ravi, id)).containsExactly("udhari_added", "udhari_deleted");
        assertThat(people.typesOf(meera, id)).containsExactly("udhari_added");
        assertThat(people.typesOf(asha, id)).containsExactly("udhari_added", "udhari_updated");
        // Asha borrowed 40 from Meera; Ravi is out of it.
        assertThat(api.get("/api/balances/" + meera.id(), asha.token())
                        .expect(200)
                        .json()
                        .get("nets")
                        .get(0)
                        .get("net")
                        .asString())
                .isEqualTo("-40.00");
        assertThat(api.get("/api/balances/" + asha.id(), ravi.token())
                        .expect(200)
                        .json()
                        .get("nets")
                        .size())
                .isZero();
    }

    @Test
    void malformedBodiesAreClearBadRequestsNeverServerErrors() {
        Api.TestUser asha = api.register("Asha");
        UUID ravi = people.placeholder(asha, "Ravi");
        for (String body : List.of(
                "[]",
                "{",
                "{\"friendId\": [1], \"amount\": \"5\", \"type\": 0, \"date\": \"2026-11-20\"}",
                "{\"friendId\": \"" + ravi + "\", \"amount\": {\"x\": 1}, \"type\": 0, \"date\": \"2026-11-20\"}",
                "{\"friendId\": \"" + ravi
                        + "\", \"amount\": \"1e3\", \"type\": \"lent\", \"date\": \"2026-11-20\"}")) {
            api.post("/api/udhari", asha.token(), body).expectProblem(400);
        }
        for (String body : List.of(
                "{\"title\": \"x\", \"totalAmount\": 5, \"paidBy\": \"" + asha.id()
                        + "\", \"participants\": \"everyone\", \"date\": \"2026-11-20\"}",
                "{\"title\": \"x\", \"totalAmount\": 5, \"paidBy\": \"" + asha.id() + "\", \"participants\": [\""
                        + asha.id() + "\"], \"splits\": [5], \"date\": \"2026-11-20\"}",
                "{\"title\": \"x\", \"totalAmount\": 5, \"paidBy\": \"" + asha.id() + "\", \"participants\": [\""
                        + asha.id() + "\", null], \"date\": \"2026-11-20\"}")) {
            api.post("/api/group-expenses", asha.token(), body).expectProblem(400);
        }
        api.post("/api/settlements", asha.token(), "{\"amount\": true}").expectProblem(400);
        assertThat(people.changes(asha, 0))
                .allMatch(c -> c.get("entity").asString().equals("friend"));
    }
}
