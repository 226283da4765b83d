package app.hisaab.web;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every id a request carries, in its path, body, query or cursor, is read by {@link Input}. */
@IntegrationTest
class IdInputIntegrationTests {

    /** What every id route was sent; {@code 1-1-1-1-1} is a UUID to {@code UUID.fromString} but not an id. */
    private static final List<String> NOT_IDS = List.of("not-an-id", "1-1-1-1-1", "12345");

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
    void aPathIdThatIsNotAnIdNamesNothingOnEveryRoute() {
        Api.TestUser asha = api.register("Asha");
        List<String> routes = List.of(
                "GET /api/personal-expenses/{id}",
                "PUT /api/personal-expenses/{id}",
                "PATCH /api/personal-expenses/{id}",
                "DELETE /api/personal-expenses/{id}",
                "GET /api/group-expenses/{id}",
                "PUT /api/group-expenses/{id}",
                "PATCH /api/group-expenses/{id}",
                "DELETE /api/group-expenses/{id}",
                "GET /api/udhari/{id}",
                "PUT /api/udhari/{id}",
                "PATCH /api/udhari/{id}",
                "DELETE /api/udhari/{id}",
                "POST /api/udhari/{id}/settle",
                "PATCH /api/friends/{id}",
                "DELETE /api/friends/{id}",
                "DELETE /api/invites/{id}",
                "GET /api/settlements/{id}",
                "DELETE /api/settlements/{id}",
                "GET /api/balances/{id}");
        List<String> answered = new ArrayList<>();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            for (String notAnId : NOT_IDS) {
                String path = route.substring(route.indexOf(' ') + 1).replace("{id}", notAnId);
                Object body = method.equals("PUT") || method.equals("PATCH") || method.equals("POST") ? Map.of() : null;
                Api.Response response = api.send(method, path, asha.token(), body, Map.of());
                // Decision 0000: a path id that is not an id is 404, as an id that names nothing.
                response.expectProblem(404);
                answered.add(method + " " + path);
            }
        }
        assertThat(answered).hasSize(routes.size() * NOT_IDS.size());
    }

    @Test
    void onlyTheCanonicalFormOfAnIdFindsItsObject() {
        Api.TestUser asha = api.register("Asha");
        // A random id whose first group starts with 0, so that the group without it is a shorter spelling.
        String id = "0" + UUID.randomUUID().toString().substring(1);
        String shorter = id.substring(1);
        api.post(
                        "/api/personal-expenses",
                        asha.token(),
                        body("id", id, "title", "Tea", "amount", "20", "date", "2026-11-20"))
                .expect(201);
        assertThat(api.get("/api/personal-expenses/" + id, asha.token())
                        .expect(200)
                        .text("id"))
                .isEqualTo(id);
        assertThat(api.get("/api/personal-expenses/" + id.toUpperCase(), asha.token())
                        .expect(200)
                        .text("id"))
                .isEqualTo(id);
        api.get("/api/personal-expenses/" + shorter, asha.token()).expectProblem(404);
        api.delete("/api/personal-expenses/" + shorter, asha.token()).expectProblem(404);
        api.get("/api/personal-expenses/" + id, asha.token()).expect(200);
    }

    @Test
    void aBodyIdThatIsNotAnIdIsA400NamingItsField() {
        Api.TestUser asha = api.register("Asha");
        UUID ravi = people.placeholder(asha, "Ravi");
        for (String notAnId : NOT_IDS) {
            expectOnly(
                    api.post(
                            "/api/personal-expenses",
                            asha.token(),
                            body("id", notAnId, "title", "Tea", "amount", "20", "date", "2026-11-20")),
                    "id",
                    Input.NOT_AN_ID);
            expectOnly(
                    api.post("/api/friends", asha.token(), body("id", notAnId, "name", "Meera")),
                    "id",
                    Input.NOT_AN_ID);
            expectOnly(
                    api.post("/api/invites", asha.token(), body("friendUserId", notAnId)),
                    "friendUserId",
                    Input.NOT_AN_ID);
            expectOnly(
                    api.post(
                            "/api/udhari",
                            asha.token(),
                            body("id", notAnId, "friendId", ravi, "amount", "5", "type", 0, "date", "2026-11-20")),
                    "id",
                    Input.NOT_AN_ID);
            expectOnly(
                    api.post(
                            "/api/udhari",
                            asha.token(),
                            body("friendId", notAnId, "amount", "5", "type", 0, "date", "2026-11-20")),
                    "friendId",
                    Input.NOT_AN_ID);
            expectOnly(
                    api.post(
                            "/api/group-expenses",
                            asha.token(),
                            body(
                                    "id",
                                    notAnId,
                                    "title",
                                    "Dinner",
                                    "totalAmount",
                                    "10",
                                    "paidBy",
                                    asha.id(),
                                    "participants",
                                    List.of(asha.id(), ravi),
                                    "date",
                                    "2026-11-20")),
                    "id",
                    Input.NOT_AN_ID);
            expectOnly(
                    api.post(
                            "/api/settlements",
                            asha.token(),
                            body(
                                    "id",
                                    notAnId,
                                    "fromUserId",
                                    asha.id(),
                                    "toUserId",
                                    ravi,
                                    "amount",
                                    "5",
                                    "date",
                                    "2026-11-20")),
                    "id",
                    "must be a UUID");
        }
        // None of them wrote anything: Asha's feed holds only her friend Ravi.
        assertThat(people.changes(asha, 0))
                .isNotEmpty()
                .allMatch(c -> c.get("entity").asString().equals("friend"));
    }

    @Test
    void aBlankOptionalBodyIdIsAbsentAsBefore() {
        Api.TestUser asha = api.register("Asha");
        api.post(
                        "/api/personal-expenses",
                        asha.token(),
                        body("id", " ", "title", "Tea", "amount", "20", "date", "2026-11-20"))
                .expect(201);
        api.post("/api/friends", asha.token(), body("id", "", "name", "Meera")).expect(201);
        api.post("/api/invites", asha.token(), body("friendUserId", "", "friendName", "Kiran"))
                .expect(201);
    }

    @Test
    void aQueryOrCursorIdThatIsNotAnIdIsA400NamingItsField() {
        Api.TestUser asha = api.register("Asha");
        for (String notAnId : NOT_IDS) {
            expectOnly(api.get("/api/udhari?friendUserId=" + notAnId, asha.token()), "friendUserId", Input.NOT_AN_ID);
            expectOnly(
                    api.get("/api/group-expenses?friendUserId=" + notAnId, asha.token()),
                    "friendUserId",
                    Input.NOT_AN_ID);
            expectOnly(
                    api.get("/api/settlements?friendUserId=" + notAnId, asha.token()),
                    "friendUserId",
                    "is not your friend");
            String cursor = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("2026-11-20T00:00:00Z|" + notAnId).getBytes(StandardCharsets.UTF_8));
            expectOnly(
                    api.get("/api/udhari?before=" + cursor, asha.token()),
                    "before",
                    "is not a cursor this server gave out");
        }
    }

    private static void expectOnly(Api.Response response, String field, String message) {
        response.expectProblem(400);
        assertThat(response.json().get("errors").size())
                .as("errors of %s", response.body())
                .isEqualTo(1);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(response.json().get("errors").get(0).get("message").asString())
                .isEqualTo(message);
    }
}
