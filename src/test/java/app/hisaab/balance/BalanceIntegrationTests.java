package app.hisaab.balance;

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
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class BalanceIntegrationTests {

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
    void netsFollowTheFormulaPerCurrencyWithTheItemsThatMakeThemUp() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser stranger = api.register("Stranger");
        people.link(asha, ravi);
        UUID meera = people.placeholder(asha, "Meera");

        // Asha paid 300 for three: Ravi and Meera owe her 100 each.
        String dinner = api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title", "Dinner",
                                "totalAmount", "300",
                                "paidBy", asha.id(),
                                "participants", List.of(asha.id(), ravi.id(), meera),
                                "date", "2026-11-01"))
                .expect(201)
                .text("id");
        // Ravi paid 50, all of it Asha's share: she owes him 50.
        String cab = api.post(
                        "/api/group-expenses",
                        ravi.token(),
                        body(
                                "title",
                                "Cab",
                                "totalAmount",
                                "50",
                                "paidBy",
                                ravi.id(),
                                "participants",
                                List.of(ravi.id(), asha.id()),
                                "splits",
                                Map.of(ravi.id().toString(), "0", asha.id().toString(), "50"),
                                "date",
                                "2026-11-02"))
                .expect(201)
                .text("id");
        // Asha lent Ravi 20 (pending); Ravi lent Asha 5 and it is settled (no effect).
        String loan = api.post(
                        "/api/udhari",
                        asha.token(),
                        body("friendId", ravi.id(), "amount", "20", "type", 0, "date", "2026-11-03"))
                .expect(201)
                .text("id");
        String repaid = api.post(
                        "/api/udhari",
                        ravi.token(),
                        body("friendId", asha.id(), "amount", "5", "type", 0, "date", "2026-11-03"))
                .expect(201)
                .text("id");
        api.post("/api/udhari/" + repaid + "/settle", asha.token(), body()).expect(200);
        // Ravi paid Asha 30.
        String paid = api.post(
                        "/api/settlements",
                        ravi.token(),
                        body("fromUserId", ravi.id(), "toUserId", asha.id(), "amount", "30", "date", "2026-11-04"))
                .expect(201)
                .text("id");
        // In dollars, Asha paid 10 for both.
        api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title", "Coffee",
                                "totalAmount", "10",
                                "currency", "USD",
                                "paidBy", asha.id(),
                                "participants", List.of(asha.id(), ravi.id()),
                                "date", "2026-11-05"))
                .expect(201);

        JsonNode balances = api.get("/api/balances", asha.token()).expect(200).json();
        assertThat(rows(balances.get("byFriend")))
                .containsExactlyInAnyOrder("Meera INR 100.00", ravi.name() + " INR 40.00", ravi.name() + " USD 5.00");
        assertThat(rows(balances.get("totals"))).containsExactly("INR 140.00 0.00 140.00", "USD 5.00 0.00 5.00");

        JsonNode ravis = api.get("/api/balances", ravi.token()).expect(200).json();
        assertThat(rows(ravis.get("byFriend"))).containsExactlyInAnyOrder("Asha INR -40.00", "Asha USD -5.00");
        assertThat(rows(ravis.get("totals"))).containsExactly("INR 0.00 40.00 -40.00", "USD 0.00 5.00 -5.00");

        JsonNode detail =
                api.get("/api/balances/" + ravi.id(), asha.token()).expect(200).json();
        assertThat(detail.get("friendUserId").asString()).isEqualTo(ravi.id().toString());
        assertThat(rows(detail.get("nets"))).containsExactly("INR 40.00", "USD 5.00");
        List<String> items = new ArrayList<>();
        detail.get("items")
                .forEach(i -> items.add(i.get("kind").asString() + " "
                        + i.get("id").asString() + " " + i.get("title").asString() + " "
                        + i.get("currency").asString() + " " + i.get("effect").asString()));
        assertThat(items.subList(1, items.size()))
                .containsExactly(
                        "settlement " + paid + " Settlement INR -30.00",
                        "udhari " + loan + " Udhari INR 20.00",
                        "group_expense " + cab + " Cab INR -50.00",
                        "group_expense " + dinner + " Dinner INR 100.00");
        assertThat(items.get(0)).startsWith("group_expense ").endsWith(" Coffee USD 5.00");

        api.get("/api/balances/" + stranger.id(), asha.token()).expectProblem(404);
        api.get("/api/balances/" + UUID.randomUUID(), asha.token()).expectProblem(404);
        api.get("/api/balances/not-a-user", asha.token()).expectProblem(404);
        assertThat(api.get("/api/balances", stranger.token())
                        .expect(200)
                        .json()
                        .get("byFriend")
                        .size())
                .isZero();

        // A friend with money open cannot be removed; once settled they can.
        String meeraFriendship = friendshipId(asha, meera);
        api.delete("/api/friends/" + meeraFriendship, asha.token()).expectProblem(409);
        api.post(
                        "/api/settlements",
                        asha.token(),
                        body("fromUserId", meera, "toUserId", asha.id(), "amount", "100", "date", "2026-11-06"))
                .expect(201);
        api.delete("/api/friends/" + meeraFriendship, asha.token()).expect(204);
        api.delete("/api/friends/" + friendshipId(asha, ravi.id()), asha.token())
                .expectProblem(409);
    }

    @Test
    void someoneYouShareOnlyAnExpenseWithNoDebtWithHasAnEmptyBalanceUntilItIsDeleted() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser bala = api.register("Bala");
        Api.TestUser carol = api.register("Carol");
        Api.TestUser stranger = api.register("Stranger");
        people.link(carol, asha);
        people.link(carol, bala);
        // Carol paid for the three: Asha and Bala owe her, not each other, and are not friends.
        String lunch = api.post(
                        "/api/group-expenses",
                        carol.token(),
                        body(
                                "title", "Lunch",
                                "totalAmount", "90",
                                "paidBy", carol.id(),
                                "participants", List.of(carol.id(), asha.id(), bala.id()),
                                "date", "2026-11-01"))
                .expect(201)
                .text("id");

        JsonNode withBala =
                api.get("/api/balances/" + bala.id(), asha.token()).expect(200).json();
        assertThat(withBala.get("friendUserId").asString()).isEqualTo(bala.id().toString());
        assertThat(withBala.get("nets").size()).isZero();
        assertThat(withBala.get("items").size()).isZero();
        assertThat(api.get("/api/balances/" + asha.id(), bala.token())
                        .expect(200)
                        .json()
                        .get("nets")
                        .size())
                .isZero();
        api.get("/api/balances/" + stranger.id(), asha.token()).expectProblem(404);
        api.get("/api/balances/" + asha.id(), stranger.token()).expectProblem(404);

        // A deleted expense is shared with nobody.
        api.delete("/api/group-expenses/" + lunch, carol.token()).expect(204);
        api.get("/api/balances/" + bala.id(), asha.token()).expectProblem(404);
        assertThat(rows(api.get("/api/balances/" + carol.id(), asha.token())
                        .expect(200)
                        .json()
                        .get("nets")))
                .isEmpty();
    }

    @Test
    void aFormerFriendYouShareOnlyASettledUdhariWithHasAnEmptyBalance() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        String loan = api.post(
                        "/api/udhari",
                        asha.token(),
                        body("friendId", ravi.id(), "amount", "20", "type", 0, "date", "2026-11-03"))
                .expect(201)
                .text("id");
        api.post("/api/udhari/" + loan + "/settle", ravi.token(), body()).expect(200);
        api.delete("/api/friends/" + friendshipId(asha, ravi.id()), asha.token())
                .expect(204);

        JsonNode withRavi =
                api.get("/api/balances/" + ravi.id(), asha.token()).expect(200).json();
        assertThat(withRavi.get("friendUserId").asString()).isEqualTo(ravi.id().toString());
        assertThat(withRavi.get("nets").size()).isZero();
        // A settled udhari has no effect, so it is no item.
        assertThat(withRavi.get("items").size()).isZero();

        api.delete("/api/udhari/" + loan, asha.token()).expect(204);
        api.get("/api/balances/" + ravi.id(), asha.token()).expectProblem(404);
    }

    @Test
    void aFormerFriendWithSettlementsThatCancelOutHasAZeroBalanceWithTheItems() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        String paid = api.post(
                        "/api/settlements",
                        asha.token(),
                        body("fromUserId", asha.id(), "toUserId", ravi.id(), "amount", "30", "date", "2026-11-01"))
                .expect(201)
                .text("id");
        String paidBack = api.post(
                        "/api/settlements",
                        ravi.token(),
                        body("fromUserId", ravi.id(), "toUserId", asha.id(), "amount", "30", "date", "2026-11-02"))
                .expect(201)
                .text("id");
        api.delete("/api/friends/" + friendshipId(asha, ravi.id()), asha.token())
                .expect(204);

        JsonNode withRavi =
                api.get("/api/balances/" + ravi.id(), asha.token()).expect(200).json();
        assertThat(withRavi.get("nets").size()).isZero();
        List<String> items = new ArrayList<>();
        withRavi.get("items")
                .forEach(i -> items.add(i.get("kind").asString() + " "
                        + i.get("id").asString() + " " + i.get("effect").asString()));
        assertThat(items).containsExactly("settlement " + paidBack + " -30.00", "settlement " + paid + " 30.00");
    }

    private String friendshipId(Api.TestUser user, UUID friendUserId) {
        for (JsonNode friend : api.get("/api/friends", user.token()).expect(200).json()) {
            if (friend.get("friendUserId").asString().equals(friendUserId.toString())) {
                return friend.get("id").asString();
            }
        }
        throw new AssertionError("no friendship with " + friendUserId);
    }

    private static List<String> rows(JsonNode array) {
        List<String> rows = new ArrayList<>();
        array.forEach(row -> {
            List<String> values = new ArrayList<>();
            row.properties().forEach(e -> {
                if (!e.getKey().equals("friendUserId")) {
                    values.add(e.getValue().asString());
                }
            });
            rows.add(String.join(" ", values));
        });
        return rows;
    }

    @Test
    void settlementsNeedYouOnOneSideAndAFriendOnTheOther() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser stranger = api.register("Stranger");
        people.link(asha, ravi);
        UUID meera = people.placeholder(asha, "Meera");

        assertThat(People.fields(api.post(
                                "/api/settlements",
                                asha.token(),
                                body("fromUserId", ravi.id(), "toUserId", meera, "amount", "5", "date", "2026-11-01"))
                        .expectProblem(400)))
                .containsExactly("fromUserId");
        assertThat(People.fields(api.post(
                                "/api/settlements",
                                asha.token(),
                                body(
                                        "fromUserId",
                                        asha.id(),
                                        "toUserId",
                                        stranger.id(),
                                        "amount",
                                        "5",
                                        "date",
                                        "2026-11-01"))
                        .expectProblem(400)))
                .containsExactly("toUserId");
        assertThat(People.fields(api.post(
                                "/api/settlements",
                                asha.token(),
                                body("fromUserId", asha.id(), "toUserId", asha.id(), "amount", "0", "date", "x"))
                        .expectProblem(400)))
                .containsExactlyInAnyOrder("toUserId", "amount", "date");
        assertThat(api.get("/api/settlements", asha.token()).expect(200).json().size())
                .isZero();

        UUID id = UUID.randomUUID();
        Map<String, Object> settlement = body(
                "id",
                id,
                "fromUserId",
                asha.id(),
                "toUserId",
                ravi.id(),
                "amount",
                "12.5",
                "date",
                "2026-11-01",
                "note",
                "for the cab");
        JsonNode created = api.post("/api/settlements", asha.token(), settlement)
                .expect(201)
                .json();
        assertThat(created.get("amount").asString()).isEqualTo("12.50");
        assertThat(created.get("note").asString()).isEqualTo("for the cab");
        assertThat(api.post("/api/settlements", asha.token(), settlement)
                        .expect(200)
                        .json())
                .isEqualTo(created);
        api.post("/api/settlements", ravi.token(), settlement).expectProblem(409);

        assertThat(api.get("/api/settlements", ravi.token()).expect(200).json().get(0))
                .isEqualTo(created);
        assertThat(api.get("/api/balances/" + asha.id(), ravi.token())
                        .expect(200)
                        .json()
                        .get("nets")
                        .get(0)
                        .get("net")
                        .asString())
                .isEqualTo("-12.50");
        api.get("/api/settlements/" + id, stranger.token()).expectProblem(404);
        api.delete("/api/settlements/" + id, stranger.token()).expectProblem(404);
        assertThat(api.get("/api/settlements", stranger.token())
                        .expect(200)
                        .json()
                        .size())
                .isZero();

        api.delete("/api/settlements/" + id, ravi.token()).expect(204);
        api.get("/api/settlements/" + id, asha.token()).expectProblem(404);
        api.delete("/api/settlements/" + id, asha.token()).expectProblem(404);
        assertThat(people.typesOf(asha, id)).containsExactly("settlement_added", "settlement_deleted");
        assertThat(people.typesOf(ravi, id)).containsExactly("settlement_added", "settlement_deleted");
        assertThat(people.changes(stranger, 0)).isEmpty();
        assertThat(api.get("/api/balances", asha.token())
                        .expect(200)
                        .json()
                        .get("byFriend")
                        .size())
                .isZero();
    }
}
