package app.hisaab.group;

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

/** Accepting an invite for a placeholder who is a group member puts the accepter in its place. */
@IntegrationTest
class GroupMergeIntegrationTests {

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
    void theAccepterTakesThePlaceholdersPlaceInEveryGroupOnceAndSeesTheGroupsMoney() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser dev = api.register("Dev");
        people.link(asha, ravi);
        people.link(asha, dev);
        UUID meera = people.placeholder(asha, "Meera");
        JsonNode trip = api.post(
                        "/api/groups",
                        asha.token(),
                        body("name", "Trip", "members", List.of(ravi.id().toString(), meera.toString())))
                .expect(201)
                .json();
        UUID tripId = UUID.fromString(trip.get("id").asString());
        // Dev is in the flat already, beside his placeholder.
        UUID flatId = api.post(
                        "/api/groups",
                        asha.token(),
                        body("name", "Flat", "members", List.of(dev.id().toString(), meera.toString())))
                .expect(201)
                .id();
        // Ravi paid 30 for himself and Meera; Asha paid 20 for herself and Ravi; Meera paid Ravi 5.
        String naming = expense(ravi, tripId, ravi, "30", ravi.id(), meera);
        String notNaming = expense(asha, tripId, asha, "20", asha.id(), ravi.id());
        String paid = api.post(
                        "/api/settlements",
                        asha.token(),
                        body(
                                "groupId",
                                tripId,
                                "fromUserId",
                                meera,
                                "toUserId",
                                ravi.id(),
                                "amount",
                                "5",
                                "date",
                                "2026-11-21"))
                .expect(201)
                .text("id");
        String flatExpense = expense(asha, flatId, asha, "10", asha.id(), meera);
        long devSeen = people.changes(dev, 0).size();
        long raviSeen = people.changes(ravi, 0).size();

        people.accept(dev, people.invite(asha, meera, "Meera"));

        JsonNode merged =
                api.get("/api/groups/" + tripId, ravi.token()).expect(200).json();
        assertThat(GroupIntegrationTests.members(merged))
                .containsExactly(asha.id() + " Asha true", ravi.id() + " Ravi true", dev.id() + " Dev true");
        assertThat(merged.get("version").asInt()).isEqualTo(2);
        JsonNode flat =
                api.get("/api/groups/" + flatId, dev.token()).expect(200).json();
        assertThat(GroupIntegrationTests.members(flat))
                .containsExactly(asha.id() + " Asha true", dev.id() + " Dev true");

        List<String> devGot = types(people.changes(dev, devSeen));
        assertThat(devGot)
                .contains(
                        "group_added " + tripId,
                        "group_updated " + flatId,
                        "group_expense_added " + naming,
                        "group_expense_added " + notNaming,
                        "settlement_added " + paid,
                        "group_expense_updated " + flatExpense)
                .doesNotContain("group_added " + flatId, "group_expense_added " + flatExpense);
        assertThat(devGot.stream().filter(t -> t.endsWith(notNaming))).hasSize(1);
        assertThat(types(people.changes(ravi, raviSeen)))
                .contains("group_updated " + tripId, "group_expense_updated " + naming, "settlement_updated " + paid)
                .doesNotContain("group_updated " + flatId);

        // Dev's feed, replayed, is exactly what his lists show.
        List<JsonNode> feed = people.changes(dev, 0);
        for (String entity : List.of("group", "group_expense", "settlement")) {
            Map<String, JsonNode> state = new HashMap<>();
            feed.stream().filter(c -> c.get("entity").asString().equals(entity)).forEach(c -> {
                if (c.get("op").asString().equals("deleted")) {
                    state.remove(c.get("id").asString());
                } else {
                    state.put(c.get("id").asString(), c.get("data"));
                }
            });
            String list = switch (entity) {
                case "group" -> "/api/groups";
                case "group_expense" -> "/api/group-expenses";
                default -> "/api/settlements";
            };
            Map<String, JsonNode> listed = new HashMap<>();
            api.get(list, dev.token())
                    .expect(200)
                    .json()
                    .forEach(o -> listed.put(o.get("id").asString(), o));
            assertThat(state).as(entity).isEqualTo(listed);
        }

        // Dev owes Ravi 15 - 5 in the trip; they are not friends, so the group's name for him shows.
        JsonNode balances = api.get("/api/balances", dev.token()).expect(200).json();
        JsonNode withRavi = null;
        for (JsonNode row : balances.get("byFriend")) {
            if (row.get("friendUserId").asString().equals(ravi.id().toString())) {
                withRavi = row;
            }
        }
        assertThat(withRavi).isNotNull();
        assertThat(withRavi.get("name").asString()).isEqualTo("Ravi");
        assertThat(withRavi.get("net").asString()).isEqualTo("-10.00");
        JsonNode tripBalances = api.get("/api/groups/" + tripId + "/balances", dev.token())
                .expect(200)
                .json();
        assertThat(tripBalances.get("transfers").toString())
                .contains(dev.id().toString())
                .doesNotContain(meera.toString());
    }

    private String expense(Api.TestUser recorder, UUID group, Api.TestUser payer, String total, UUID... people) {
        return api.post(
                        "/api/group-expenses",
                        recorder.token(),
                        body(
                                "groupId",
                                group,
                                "title",
                                "Dinner",
                                "totalAmount",
                                total,
                                "paidBy",
                                payer.id(),
                                "participants",
                                java.util.Arrays.stream(people)
                                        .map(UUID::toString)
                                        .toList(),
                                "date",
                                "2026-11-20"))
                .expect(201)
                .text("id");
    }

    private static List<String> types(List<JsonNode> changes) {
        return changes.stream()
                .map(c -> c.get("type").asString() + " " + c.get("id").asString())
                .toList();
    }
}
