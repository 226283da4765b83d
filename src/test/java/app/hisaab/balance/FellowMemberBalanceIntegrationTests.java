package app.hisaab.balance;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Everyone's balances count group money: fellow members who are not friends appear as the group names them. */
@IntegrationTest
class FellowMemberBalanceIntegrationTests {

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
    void fellowMembersAppearInBalancesWithTheGroupsNameAndItemsCarryTheGroup() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser kabir = api.register("Kabir");
        Api.TestUser stranger = api.register("Stranger");
        people.link(asha, ravi);
        people.link(asha, kabir);
        UUID meera = people.placeholder(asha, "Meera from college");
        UUID group = api.post(
                        "/api/groups",
                        asha.token(),
                        body(
                                "name",
                                "Trip",
                                "members",
                                List.of(ravi.id().toString(), kabir.id().toString(), meera.toString())))
                .expect(201)
                .id();

        // Ravi paid 30 for Kabir and himself, and 40 for Meera and himself; Kabir paid Ravi back 5.
        String dinner = expense(ravi, group, "30", ravi.id(), kabir.id());
        expense(ravi, group, "40", ravi.id(), meera);
        String payback = api.post(
                        "/api/settlements",
                        kabir.token(),
                        body(
                                "groupId",
                                group,
                                "fromUserId",
                                kabir.id(),
                                "toUserId",
                                ravi.id(),
                                "amount",
                                "5",
                                "date",
                                "2026-11-22"))
                .expect(201)
                .text("id");

        JsonNode ravis = api.get("/api/balances", ravi.token()).expect(200).json();
        assertThat(rows(ravis))
                .containsExactly("Kabir " + kabir.id() + " INR 10.00", "Meera from college " + meera + " INR 20.00");
        assertThat(ravis.get("totals").get(0).get("owedToYou").asString()).isEqualTo("30.00");
        assertThat(rows(api.get("/api/balances", kabir.token()).expect(200).json()))
                .containsExactly("Ravi " + ravi.id() + " INR -10.00");

        JsonNode withKabir =
                api.get("/api/balances/" + kabir.id(), ravi.token()).expect(200).json();
        assertThat(withKabir.get("nets").get(0).get("net").asString()).isEqualTo("10.00");
        Map<String, JsonNode> items = new HashMap<>();
        withKabir.get("items").forEach(i -> items.put(i.get("kind").asString(), i));
        assertThat(items.keySet()).containsExactlyInAnyOrder("group_expense", "settlement");
        assertThat(items.get("group_expense").get("id").asString()).isEqualTo(dinner);
        assertThat(items.get("group_expense").get("groupId").asString()).isEqualTo(group.toString());
        assertThat(items.get("group_expense").get("effect").asString()).isEqualTo("15.00");
        assertThat(items.get("settlement").get("id").asString()).isEqualTo(payback);
        assertThat(items.get("settlement").get("groupId").asString()).isEqualTo(group.toString());

        // Asha shares nothing with Meera's debt, but shares the group with everyone: 200 with no nets.
        JsonNode ashaWithKabir =
                api.get("/api/balances/" + kabir.id(), asha.token()).expect(200).json();
        assertThat(ashaWithKabir.get("nets").size()).isZero();
        api.get("/api/balances/" + ravi.id(), stranger.token()).expectProblem(404);

        // Over everyone with an account the nets add up to zero (Meera, a placeholder, has no balances of her
        // own, so the rows with her are left out).
        BigDecimal sum = BigDecimal.ZERO;
        for (Api.TestUser user : List.of(asha, ravi, kabir)) {
            for (JsonNode row :
                    api.get("/api/balances", user.token()).expect(200).json().get("byFriend")) {
                if (!row.get("friendUserId").asString().equals(meera.toString())) {
                    sum = sum.add(new BigDecimal(row.get("net").asString()));
                }
            }
        }
        assertThat(sum).isZero();
    }

    private String expense(Api.TestUser payer, UUID group, String total, UUID... participants) {
        return api.post(
                        "/api/group-expenses",
                        payer.token(),
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
                                java.util.Arrays.stream(participants)
                                        .map(UUID::toString)
                                        .toList(),
                                "date",
                                "2026-11-20"))
                .expect(201)
                .text("id");
    }

    private static List<String> rows(JsonNode balances) {
        return java.util.stream.StreamSupport.stream(balances.get("byFriend").spliterator(), false)
                .map(r -> r.get("name").asString() + " " + r.get("friendUserId").asString() + " "
                        + r.get("currency").asString() + " " + r.get("net").asString())
                .toList();
    }
}
