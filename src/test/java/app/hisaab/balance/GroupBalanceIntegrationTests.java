package app.hisaab.balance;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A group's settlements, its nets and the transfers that settle them, and what zero nets allow. */
@IntegrationTest
class GroupBalanceIntegrationTests {

    @LocalServerPort
    int port;

    Api api;
    People people;

    Api.TestUser asha;
    Api.TestUser ravi;
    Api.TestUser kabir;
    Api.TestUser stranger;
    UUID groupId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        people = new People(api);
        // Asha is friends with Ravi and Kabir, who are not friends of each other.
        asha = api.register("Asha");
        ravi = api.register("Ravi");
        kabir = api.register("Kabir");
        stranger = api.register("Stranger");
        people.link(asha, ravi);
        people.link(asha, kabir);
        groupId = api.post(
                        "/api/groups",
                        asha.token(),
                        body(
                                "name",
                                "Flat",
                                "simplifyDebts",
                                false,
                                "members",
                                List.of(ravi.id().toString(), kabir.id().toString())))
                .expect(201)
                .id();
    }

    @Test
    void anyMemberRecordsASettlementBetweenTwoMembersWhoNeedNotBeFriends() {
        JsonNode paid = api.post(
                        "/api/settlements",
                        asha.token(),
                        body(
                                "groupId",
                                groupId,
                                "fromUserId",
                                kabir.id(),
                                "toUserId",
                                ravi.id(),
                                "amount",
                                "25",
                                "date",
                                "2026-11-24"))
                .expect(201)
                .json();
        assertThat(paid.get("groupId").asString()).isEqualTo(groupId.toString());
        assertThat(paid.get("currency").asString()).isEqualTo("INR");
        assertThat(paid.get("amount").asString()).isEqualTo("25.00");
        String path = "/api/settlements/" + paid.get("id").asString();
        for (Api.TestUser member : List.of(asha, ravi, kabir)) {
            assertThat(api.get(path, member.token()).expect(200).json()).isEqualTo(paid);
            assertThat(api.get("/api/settlements?groupId=" + groupId, member.token())
                            .expect(200)
                            .json()
                            .get(0))
                    .isEqualTo(paid);
        }
        api.get(path, stranger.token()).expectProblem(404);
        api.get("/api/settlements?groupId=" + groupId, stranger.token()).expectProblem(404);
        api.delete(path, stranger.token()).expectProblem(404);

        // Between friends the old rule stands: Ravi and Kabir are not friends.
        assertThat(People.fields(api.post(
                                "/api/settlements",
                                ravi.token(),
                                body(
                                        "fromUserId",
                                        kabir.id(),
                                        "toUserId",
                                        ravi.id(),
                                        "amount",
                                        1,
                                        "date",
                                        "2026-11-24"))
                        .expectProblem(400)))
                .containsExactly("fromUserId");
        // Someone who is no member, named on either side: 400 naming them.
        assertThat(People.fields(api.post(
                                "/api/settlements",
                                asha.token(),
                                body(
                                        "groupId",
                                        groupId,
                                        "fromUserId",
                                        stranger.id(),
                                        "toUserId",
                                        ravi.id(),
                                        "amount",
                                        1,
                                        "date",
                                        "2026-11-24"))
                        .expectProblem(400)))
                .containsExactly("fromUserId");
        assertThat(People.fields(api.post(
                                "/api/settlements",
                                asha.token(),
                                body(
                                        "groupId",
                                        groupId,
                                        "fromUserId",
                                        ravi.id(),
                                        "toUserId",
                                        stranger.id(),
                                        "amount",
                                        1,
                                        "date",
                                        "2026-11-24"))
                        .expectProblem(400)))
                .containsExactly("toUserId");
        // A group you are not in: 400 naming groupId.
        assertThat(People.fields(api.post(
                                "/api/settlements",
                                stranger.token(),
                                body(
                                        "groupId",
                                        groupId,
                                        "fromUserId",
                                        stranger.id(),
                                        "toUserId",
                                        ravi.id(),
                                        "amount",
                                        1,
                                        "date",
                                        "2026-11-24"))
                        .expectProblem(400)))
                .contains("groupId");

        // Any member deletes it; every member hears of both.
        api.delete(path, asha.token()).expect(204);
        for (Api.TestUser member : List.of(asha, ravi, kabir)) {
            assertThat(people.typesOf(member, UUID.fromString(paid.get("id").asString())))
                    .containsExactly("settlement_added", "settlement_deleted");
        }
        assertThat(people.changes(stranger, 0)).isEmpty();
    }

    @Test
    void netsAndTransfersArePairwiseOrSimplifiedInTheApisOrder() {
        // Asha paid 90 for the three; Ravi paid 60 for Ravi and Kabir; Kabir paid 1000 JPY for Asha and him.
        expense(asha, "90", null, asha, ravi, kabir);
        expense(ravi, "60", null, ravi, kabir);
        expense(kabir, "1000", "JPY", asha, kabir);
        String path = "/api/groups/" + groupId + "/balances";

        JsonNode pairwise = api.get(path, kabir.token()).expect(200).json();
        assertThat(pairwise.get("groupId").asString()).isEqualTo(groupId.toString());
        // INR: Asha +60, Ravi 0 (left out), Kabir -60; JPY: Kabir +500, Asha -500.
        List<String> expectedNets = new ArrayList<>();
        expectedNets.addAll(sortedById(List.of(
                new String[] {asha.id().toString(), "Asha INR 60.00"},
                new String[] {kabir.id().toString(), "Kabir INR -60.00"})));
        expectedNets.addAll(sortedById(List.of(
                new String[] {asha.id().toString(), "Asha JPY -500"},
                new String[] {kabir.id().toString(), "Kabir JPY 500"})));
        assertThat(nets(pairwise)).containsExactlyElementsOf(expectedNets);
        // Who owes whom directly: Ravi owes Asha 30, Kabir owes Asha 30 and Ravi 30; Asha owes Kabir 500 JPY.
        List<String> inr = new ArrayList<>(List.of(
                ravi.id() + ">" + asha.id() + " INR 30.00",
                kabir.id() + ">" + asha.id() + " INR 30.00",
                kabir.id() + ">" + ravi.id() + " INR 30.00"));
        inr.sort(Comparator.naturalOrder());
        List<String> expectedPairwise = new ArrayList<>(inr);
        expectedPairwise.add(asha.id() + ">" + kabir.id() + " JPY 500");
        assertThat(transfers(pairwise)).containsExactlyElementsOf(expectedPairwise);

        api.patch("/api/groups/" + groupId, asha.token(), body("simplifyDebts", true))
                .expect(200);
        JsonNode simplified = api.get(path, ravi.token()).expect(200).json();
        assertThat(nets(simplified)).isEqualTo(nets(pairwise));
        assertThat(transfers(simplified))
                .containsExactly(
                        kabir.id() + ">" + asha.id() + " INR 60.00", asha.id() + ">" + kabir.id() + " JPY 500");

        // Settled as the plan says, every net is zero and nothing is left to pay.
        settle(kabir, kabir, asha, "60", null);
        settle(ravi, asha, kabir, "500", "JPY");
        JsonNode settled = api.get(path, asha.token()).expect(200).json();
        assertThat(settled.get("nets").size()).isZero();
        assertThat(settled.get("transfers").size()).isZero();
    }

    @Test
    void leavingAndDeletingWaitForZeroNetsAndDeletingTakesTheMoneyAlong() {
        String dinner = expense(asha, "90", null, asha, ravi, kabir);
        String groupPath = "/api/groups/" + groupId;

        Api.Response open =
                api.delete(groupPath + "/members/" + kabir.id(), kabir.token()).expectProblem(409);
        assertThat(open.text("error")).contains("Settle up");
        api.delete(groupPath + "/members/" + ravi.id(), asha.token()).expectProblem(409);
        api.delete(groupPath, ravi.token()).expectProblem(409);
        assertThat(api.get(groupPath, asha.token())
                        .expect(200)
                        .json()
                        .get("version")
                        .asInt())
                .isEqualTo(1);

        String kabirPays = settle(kabir, kabir, asha, "30", null);
        // Kabir's group net is zero now: he may leave, and still sees the dinner he took part in.
        api.delete(groupPath + "/members/" + kabir.id(), kabir.token()).expect(204);
        api.get("/api/group-expenses/" + dinner, kabir.token()).expect(200);
        api.patch("/api/group-expenses/" + dinner, kabir.token(), body("title", "x"))
                .expectProblem(403);
        api.get("/api/settlements/" + kabirPays, kabir.token()).expect(200);
        api.delete(groupPath, asha.token()).expectProblem(409);

        String raviPays = settle(asha, ravi, asha, "30", null);
        api.delete(groupPath, ravi.token()).expect(204);
        for (Api.TestUser user : List.of(asha, ravi, kabir)) {
            api.get("/api/group-expenses/" + dinner, user.token()).expectProblem(404);
            api.get("/api/settlements/" + raviPays, user.token()).expectProblem(404);
            assertThat(api.get("/api/balances", user.token())
                            .expect(200)
                            .json()
                            .get("byFriend")
                            .size())
                    .isZero();
        }
        assertThat(people.typesOf(kabir, UUID.fromString(dinner)))
                .containsExactly("group_expense_added", "group_expense_deleted");
        assertThat(people.typesOf(kabir, UUID.fromString(raviPays))).isEmpty();
        assertThat(people.typesOf(ravi, UUID.fromString(raviPays)))
                .containsExactly("settlement_added", "settlement_deleted");
        assertThat(people.typesOf(asha, UUID.fromString(kabirPays)))
                .containsExactly("settlement_added", "settlement_deleted");
        assertThat(people.typesOf(kabir, UUID.fromString(kabirPays)))
                .containsExactly("settlement_added", "settlement_deleted");
        List<String> ashas = people.typesOf(asha, groupId);
        assertThat(ashas.get(ashas.size() - 1)).isEqualTo("group_deleted");
    }

    private String expense(Api.TestUser payer, String total, String currency, Api.TestUser... participants) {
        List<String> ids = new ArrayList<>();
        for (Api.TestUser p : participants) {
            ids.add(p.id().toString());
        }
        Map<String, Object> request = body(
                "groupId",
                groupId,
                "title",
                "Groceries",
                "totalAmount",
                total,
                "paidBy",
                payer.id(),
                "participants",
                ids,
                "date",
                "2026-11-20");
        if (currency != null) {
            request.put("currency", currency);
        }
        return api.post("/api/group-expenses", payer.token(), request)
                .expect(201)
                .text("id");
    }

    private String settle(Api.TestUser recorder, Api.TestUser from, Api.TestUser to, String amount, String currency) {
        Map<String, Object> request = body(
                "groupId",
                groupId,
                "fromUserId",
                from.id(),
                "toUserId",
                to.id(),
                "amount",
                amount,
                "date",
                "2026-11-25");
        if (currency != null) {
            request.put("currency", currency);
        }
        return api.post("/api/settlements", recorder.token(), request)
                .expect(201)
                .text("id");
    }

    /** Rows in ascending id order (lowercase text order is PostgreSQL's uuid order). */
    private static List<String> sortedById(List<String[]> rows) {
        return rows.stream()
                .sorted(Comparator.comparing((String[] r) -> r[0]))
                .map(r -> r[1])
                .toList();
    }

    private static List<String> nets(JsonNode balances) {
        List<String> nets = new ArrayList<>();
        balances.get("nets")
                .forEach(n -> nets.add(n.get("name").asString() + " "
                        + n.get("currency").asString() + " " + n.get("net").asString()));
        return nets;
    }

    private static List<String> transfers(JsonNode balances) {
        List<String> transfers = new ArrayList<>();
        balances.get("transfers")
                .forEach(t -> transfers.add(t.get("fromUserId").asString() + ">"
                        + t.get("toUserId").asString() + " " + t.get("currency").asString() + " "
                        + t.get("amount").asString()));
        return transfers;
    }
}
