package app.hisaab.balance;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Accepting an invite moves the placeholder's shares, payments, udhari and settlements to the accepter. */
@IntegrationTest
class BalanceMergeIntegrationTests {

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
    void theAccepterInheritsEverythingThePlaceholderHadAndBalancesStayExact() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser stranger = api.register("Stranger");
        people.link(asha, ravi);
        UUID old = people.placeholder(asha, "Ravi (old number)");

        // Both Ravi and his placeholder share one dinner: after the merge he has one share of 60.
        UUID dinner = UUID.fromString(api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title", "Dinner",
                                "totalAmount", "90",
                                "paidBy", asha.id(),
                                "participants", List.of(asha.id(), old, ravi.id()),
                                "date", "2026-11-01"))
                .expect(201)
                .text("id"));
        UUID cab = UUID.fromString(api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title",
                                "Cab",
                                "totalAmount",
                                "40",
                                "paidBy",
                                old,
                                "participants",
                                List.of(asha.id(), old),
                                "splits",
                                Map.of(asha.id().toString(), "40", old.toString(), "0"),
                                "date",
                                "2026-11-02"))
                .expect(201)
                .text("id"));
        UUID loan = UUID.fromString(api.post(
                        "/api/udhari",
                        asha.token(),
                        body("friendId", old, "amount", "25", "type", 0, "date", "2026-11-03"))
                .expect(201)
                .text("id"));
        UUID paid = UUID.fromString(api.post(
                        "/api/settlements",
                        asha.token(),
                        body("fromUserId", old, "toUserId", asha.id(), "amount", "10", "date", "2026-11-04"))
                .expect(201)
                .text("id"));
        // With the placeholder: +30 dinner, -40 cab, +25 loan, -10 settlement = +5; with Ravi: +30.
        assertThat(net(asha, old)).isEqualTo("5.00");
        assertThat(net(asha, ravi.id())).isEqualTo("30.00");
        long ashaSeen = people.changes(asha, 0).size();
        long raviSeen = people.changes(ravi, 0).size();

        people.accept(ravi, people.invite(asha, old, "Ravi"));

        assertThat(net(asha, ravi.id())).isEqualTo("35.00");
        assertThat(net(ravi, asha.id())).isEqualTo("-35.00");
        JsonNode ashaBalances =
                api.get("/api/balances", asha.token()).expect(200).json();
        assertThat(ashaBalances.get("byFriend").size()).isEqualTo(1);
        assertThat(ashaBalances.get("byFriend").get(0).get("friendUserId").asString())
                .isEqualTo(ravi.id().toString());

        JsonNode mergedDinner = api.get("/api/group-expenses/" + dinner, ravi.token())
                .expect(200)
                .json();
        assertThat(mergedDinner.get("participants").size()).isEqualTo(2);
        assertThat(mergedDinner.get("splits").get(ravi.id().toString()).asString())
                .isEqualTo("60.00");
        assertThat(mergedDinner.get("splits").get(asha.id().toString()).asString())
                .isEqualTo("30.00");
        assertThat(mergedDinner.get("splitMode").asString()).isEqualTo("exact");
        JsonNode mergedCab =
                api.get("/api/group-expenses/" + cab, ravi.token()).expect(200).json();
        assertThat(mergedCab.get("paidBy").asString()).isEqualTo(ravi.id().toString());
        JsonNode udhari =
                api.get("/api/udhari/" + loan, ravi.token()).expect(200).json();
        assertThat(udhari.get("type").asInt()).isEqualTo(1);
        assertThat(udhari.get("friendId").asString()).isEqualTo(asha.id().toString());
        api.post("/api/udhari/" + loan + "/settle", ravi.token(), body()).expect(200);
        JsonNode settlement =
                api.get("/api/settlements/" + paid, ravi.token()).expect(200).json();
        assertThat(settlement.get("fromUserId").asString()).isEqualTo(ravi.id().toString());
        assertThat(net(asha, ravi.id())).isEqualTo("10.00");

        List<String> raviGot = types(people.changes(ravi, raviSeen));
        assertThat(raviGot)
                .contains(
                        "group_expense_updated " + dinner,
                        "group_expense_added " + cab,
                        "udhari_added " + loan,
                        "settlement_added " + paid);
        List<String> ashaGot = types(people.changes(asha, ashaSeen));
        assertThat(ashaGot)
                .contains(
                        "group_expense_updated " + dinner,
                        "group_expense_updated " + cab,
                        "udhari_updated " + loan,
                        "settlement_updated " + paid);
        assertThat(people.changes(stranger, 0)).isEmpty();
    }

    private String net(Api.TestUser user, UUID friend) {
        JsonNode nets = api.get("/api/balances/" + friend, user.token())
                .expect(200)
                .json()
                .get("nets");
        assertThat(nets.size()).isEqualTo(1);
        assertThat(nets.get(0).get("currency").asString()).isEqualTo("INR");
        return nets.get(0).get("net").asString();
    }

    private static List<String> types(List<JsonNode> changes) {
        return changes.stream()
                .map(c -> c.get("type").asString() + " " + c.get("id").asString())
                .toList();
    }
}
