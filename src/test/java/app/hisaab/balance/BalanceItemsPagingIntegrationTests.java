package app.hisaab.balance;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The items of {@code GET /api/balances/{userId}} come in pages across their three kinds; the nets are whole. */
@IntegrationTest
class BalanceItemsPagingIntegrationTests {

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
    void itemsArePagedNewestFirstAcrossKindsAndTheNetsStayWhole() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        List<String> expected = new ArrayList<>(); // newest first
        for (int day = 1; day <= 3; day++) {
            String date = "2026-10-0" + day;
            String expense = api.post(
                            "/api/group-expenses",
                            asha.token(),
                            body(
                                    "title",
                                    "Lunch " + day,
                                    "totalAmount",
                                    "10",
                                    "paidBy",
                                    asha.id(),
                                    "participants",
                                    List.of(asha.id(), ravi.id()),
                                    "date",
                                    date + "T12:00:00Z"))
                    .expect(201)
                    .text("id");
            String loan = api.post(
                            "/api/udhari",
                            asha.token(),
                            body("friendId", ravi.id(), "amount", "3", "type", 0, "date", date + "T08:00:00Z"))
                    .expect(201)
                    .text("id");
            String settlement = api.post(
                            "/api/settlements",
                            ravi.token(),
                            body(
                                    "fromUserId",
                                    ravi.id(),
                                    "toUserId",
                                    asha.id(),
                                    "amount",
                                    "1",
                                    "date",
                                    date + "T18:00:00Z"))
                    .expect(201)
                    .text("id");
            expected.addAll(0, List.of(settlement, expense, loan));
        }

        Api.Response whole = api.get("/api/balances/" + ravi.id(), asha.token()).expect(200);
        assertThat(whole.header("X-Next-Cursor")).isNull();
        assertThat(ids(whole.json())).containsExactlyElementsOf(expected);
        // 3 x (5 + 3 - 1) = 21 owed to Asha.
        assertThat(whole.json().get("nets").get(0).get("net").asString()).isEqualTo("21.00");

        List<String> paged = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get(
                            "/api/balances/" + ravi.id() + "?limit=4" + (cursor == null ? "" : "&before=" + cursor),
                            asha.token())
                    .expect(200);
            assertThat(page.json().get("nets")).isEqualTo(whole.json().get("nets"));
            assertThat(page.json().get("friendUserId").asString())
                    .isEqualTo(ravi.id().toString());
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(4);
            paged.addAll(ids(page.json()));
            page.json().get("items").forEach(i -> kinds.add(i.get("kind").asString()));
            cursor = page.header("X-Next-Cursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(kinds.subList(0, 3)).containsExactly("settlement", "group_expense", "udhari");

        assertThat(People.fields(api.get("/api/balances/" + ravi.id() + "?limit=0", asha.token())
                        .expectProblem(400)))
                .containsExactly("limit");
        assertThat(People.fields(api.get("/api/balances/" + ravi.id() + "?before=***", asha.token())
                        .expectProblem(400)))
                .containsExactly("before");
    }

    private static List<String> ids(JsonNode balance) {
        List<String> ids = new ArrayList<>();
        balance.get("items").forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }
}
