package app.hisaab.sync;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An update that changes nothing answers 200 with the object as it is (same version) and records no
 * change for anyone, in every feature that has updates (settlements have none); one that changes
 * something still does both.
 */
@IntegrationTest
class UnchangedUpdateIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;
    People people;
    Api.TestUser me;
    Api.TestUser friend;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        people = new People(api);
        me = api.register("Unchanged");
        friend = new Api(port).register("Unchanged Friend");
        people.link(me, friend);
    }

    @Test
    void profile() {
        JsonNode user = api.get("/api/users/me", me.token()).expect(200).json();

        assertUnchanged(
                "/api/users/me", "PATCH", Map.of("name", user.get("name").asString(), "defaultCurrency", "INR"));
        assertUnchanged("/api/users/me", "PATCH", Map.of());
        assertChanged("/api/users/me", "PATCH", Map.of("name", "Renamed"), List.of(me));
    }

    @Test
    void friend() {
        JsonNode f = api.post("/api/friends", me.token(), Map.of("name", "Ravi", "phone", "+91 98765 43210"))
                .expect(201)
                .json();
        String id = f.get("id").asString();
        String path = "/api/friends/" + id;
        Supplier<JsonNode> read = () -> {
            for (JsonNode friend :
                    api.get("/api/friends", me.token()).expect(200).json()) {
                if (friend.get("id").asString().equals(id)) {
                    return friend;
                }
            }
            throw new AssertionError("friend " + id + " not listed");
        };

        assertUnchanged(read, path, "PATCH", Map.of("name", " Ravi ", "phone", "+91 98765 43210"));
        assertChanged(read, path, "PATCH", Map.of("name", "Ravi K"), List.of(me));
    }

    @Test
    void personalExpense() {
        String path = "/api/personal-expenses/"
                + api.post(
                                "/api/personal-expenses",
                                me.token(),
                                body("title", "Tea", "amount", "20", "date", "2026-11-24", "category", "food"))
                        .expect(201)
                        .id();

        assertUnchanged(path, "PATCH", Map.of("title", "Tea", "amount", 20, "category", "food"));
        assertUnchanged(path, "PUT", body("title", "Tea", "amount", "20.00", "date", "2026-11-24", "category", "food"));
        assertChanged(path, "PATCH", Map.of("amount", "25"), List.of(me));
    }

    @Test
    void groupExpense() {
        UUID placeholder = people.placeholder(me, "Offline");
        List<UUID> participants = List.of(me.id(), friend.id(), placeholder);
        String path = "/api/group-expenses/"
                + api.post("/api/group-expenses", me.token(), groupExpense("percent", participants))
                        .expect(201)
                        .id();

        assertUnchanged(path, "PATCH", Map.of("title", "Rent", "participants", participants));
        assertUnchanged(path, "PATCH", Map.of("totalAmount", "300.00", "splitMode", "percent"));
        assertUnchanged(path, "PUT", groupExpense("percent", participants));
        assertChanged(
                path,
                "PATCH",
                Map.of(
                        "splits",
                        Map.of(me.id().toString(), 50, friend.id().toString(), 25, placeholder.toString(), 25)),
                List.of(me, friend));
        // An equal split recomputed from the same total and people is the same split.
        String equal = "/api/group-expenses/"
                + api.post("/api/group-expenses", me.token(), groupExpense("equal", participants))
                        .expect(201)
                        .id();
        assertUnchanged(
                equal, "PATCH", Map.of("totalAmount", 300, "paidBy", me.id().toString()));
    }

    @Test
    void udhari() {
        String path = "/api/udhari/"
                + api.post(
                                "/api/udhari",
                                me.token(),
                                body("friendId", friend.id(), "amount", "250", "type", 0, "date", "2026-11-24"))
                        .expect(201)
                        .id();

        assertUnchanged(path, "PATCH", Map.of("amount", "250.00", "type", 0));
        assertUnchanged(
                path, "PUT", body("friendId", friend.id(), "amount", 250, "type", 0, "date", "2026-11-24T00:00:00Z"));
        assertChanged(path, "PATCH", Map.of("status", 1), List.of(me, friend));
        // Settled stays settled with the same details: still nothing.
        assertUnchanged(path, "PATCH", Map.of("status", 1, "description", ""));
    }

    private Map<String, Object> groupExpense(String mode, List<UUID> participants) {
        Map<String, Object> request = body(
                "title",
                "Rent",
                "totalAmount",
                "300",
                "paidBy",
                me.id(),
                "participants",
                participants.stream().map(UUID::toString).toList(),
                "date",
                "2026-11-01",
                "splitMode",
                mode);
        if (mode.equals("percent")) {
            request.put(
                    "splits",
                    Map.of(
                            participants.get(0).toString(), "33.34",
                            participants.get(1).toString(), "33.33",
                            participants.get(2).toString(), 33.33));
        }
        return request;
    }

    private void assertUnchanged(String path, String method, Object request) {
        assertUnchanged(() -> api.get(path, me.token()).expect(200).json(), path, method, request);
    }

    private void assertChanged(String path, String method, Object request, List<Api.TestUser> recipients) {
        assertChanged(() -> api.get(path, me.token()).expect(200).json(), path, method, request, recipients);
    }

    /** The update answers 200 with the object exactly as it was read, and no change row is added. */
    private void assertUnchanged(Supplier<JsonNode> read, String path, String method, Object request) {
        JsonNode before = read.get();
        long changes = changeRows();

        JsonNode answer = api.send(method, path, me.token(), request, Map.of())
                .expect(200)
                .json();

        assertThat(answer).as("%s %s %s", method, path, request).isEqualTo(before);
        assertThat(answer.get("version").asInt())
                .isEqualTo(before.get("version").asInt());
        assertThat(read.get()).isEqualTo(before);
        assertThat(changeRows())
                .as("change rows after %s %s %s", method, path, request)
                .isEqualTo(changes);
    }

    /** The update answers the next version, and each recipient's feed grows by one. */
    private void assertChanged(
            Supplier<JsonNode> read, String path, String method, Object request, List<Api.TestUser> recipients) {
        JsonNode before = read.get();
        long changes = changeRows();

        JsonNode answer = api.send(method, path, me.token(), request, Map.of())
                .expect(200)
                .json();

        assertThat(answer.get("version").asInt())
                .isEqualTo(before.get("version").asInt() + 1);
        assertThat(changeRows()).isEqualTo(changes + recipients.size());
    }

    /** Change rows of this test's two users (other tests write concurrently only to their own users). */
    private long changeRows() {
        return jdbc.sql("SELECT count(*) FROM change_log WHERE user_id IN (:me, :friend)")
                .param("me", me.id())
                .param("friend", friend.id())
                .query(Long.class)
                .single();
    }
}
