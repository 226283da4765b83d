package app.hisaab.personal;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class PersonalExpenseIntegrationTests {

    private static final String PATH = "/api/personal-expenses";

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void createReadAndListWithAmountsAsStrings() {
        Api.TestUser asha = api.register("Asha");

        Api.Response created = api.post(
                        PATH,
                        asha.token(),
                        body("title", "  Chai ", "amount", 12.5, "date", "2026-11-24", "category", "Food"))
                .expect(201);
        JsonNode expense = created.json();
        assertThat(expense.get("userId").asString()).isEqualTo(asha.id().toString());
        assertThat(expense.get("title").asString()).isEqualTo("Chai");
        assertThat(expense.get("amount").asString()).isEqualTo("12.50");
        assertThat(expense.get("currency").asString()).isEqualTo("INR");
        assertThat(expense.get("category").asString()).isEqualTo("Food");
        assertThat(expense.get("description").isNull()).isTrue();
        assertThat(expense.get("date").asString()).isEqualTo("2026-11-24T00:00:00Z");
        assertThat(expense.get("version").asInt()).isEqualTo(1);

        assertThat(api.get(PATH + "/" + created.id(), asha.token()).expect(200).json())
                .isEqualTo(expense);
        String yen = api.post(
                        PATH,
                        asha.token(),
                        body("title", "Ramen", "amount", "250", "currency", "jpy", "date", "2026-11-23T10:00:00+05:30"))
                .expect(201)
                .text("amount");
        assertThat(yen).isEqualTo("250");
        Api.Response dinar = api.post(
                        PATH,
                        asha.token(),
                        body("title", "Tea", "amount", "3.334", "currency", "KWD", "date", "2026-11-22"))
                .expect(201);
        assertThat(dinar.text("amount")).isEqualTo("3.334");
        assertThat(dinar.text("currency")).isEqualTo("KWD");

        JsonNode list = api.get(PATH, asha.token()).expect(200).json();
        assertThat(list).extracting(e -> e.get("title").asString()).containsExactly("Chai", "Ramen", "Tea");
        assertThat(list.get(0)).isEqualTo(expense);
        assertThat(list.get(1).get("date").asString()).isEqualTo("2026-11-23T04:30:00Z");

        List<JsonNode> changes = changes(asha.token(), 0);
        assertThat(changes).hasSize(3);
        assertThat(changes.get(0).get("type").asString()).isEqualTo("personal_expense_added");
        assertThat(changes.get(0).get("data")).isEqualTo(expense);
    }

    @Test
    void badInputIsA400NamingEachFieldAndStoresNothing() {
        Api.TestUser asha = api.register("Asha");

        for (Object amount : List.of(
                "12.345", 0, "0.00", -1, "-1", "1e3", "+12", "12.", ".5", "abc", "1,000", " ", "1000000000000", "١٢")) {
            Api.Response bad = api.post(PATH, asha.token(), body("title", "X", "amount", amount, "date", "2026-11-24"))
                    .expectProblem(400);
            assertThat(fields(bad)).as("amount %s", amount).containsExactly("amount");
        }
        api.post(PATH, asha.token(), "{\"title\":\"X\",\"amount\":1e3,\"date\":\"2026-11-24\"}")
                .expectProblem(400);
        api.post(PATH, asha.token(), body("title", "X", "amount", "12.5", "currency", "JPY", "date", "2026-11-24"))
                .expectProblem(400);

        Api.Response many = api.post(
                        PATH,
                        asha.token(),
                        body(
                                "title",
                                "Ba\u0007d",
                                "amount",
                                "1",
                                "currency",
                                "XYZ",
                                "date",
                                "24/11/2026",
                                "category",
                                "c".repeat(101),
                                "description",
                                "d".repeat(2001)))
                .expectProblem(400);
        assertThat(fields(many)).containsExactlyInAnyOrder("title", "currency", "date", "category", "description");
        Api.Response missing = api.post(PATH, asha.token(), Map.of()).expectProblem(400);
        assertThat(fields(missing)).containsExactlyInAnyOrder("title", "amount", "date");
        for (String date : List.of("+300000-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z")) {
            Api.Response outOfRange = api.post(PATH, asha.token(), body("title", "X", "amount", "1", "date", date))
                    .expectProblem(400);
            assertThat(fields(outOfRange)).containsExactly("date");
        }
        api.post(PATH, asha.token(), "[1,").expectProblem(400);

        assertThat(api.get(PATH, asha.token()).expect(200).json().size()).isZero();
        assertThat(changes(asha.token(), 0)).isEmpty();
    }

    @Test
    void concurrentUploadsOfOneOfflineCreateStoreItOnce() throws Exception {
        Api.TestUser asha = api.register("Asha");
        Map<String, Object> body =
                Map.of("id", UUID.randomUUID().toString(), "title", "Chai", "amount", "20", "date", "2026-11-20");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(pool.submit(() -> api.post(PATH, asha.token(), body).status()));
        }
        List<Integer> answers = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            answers.add(status.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(answers).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(api.get(PATH, asha.token()).expect(200).json().size()).isEqualTo(1);
        assertThat(changes(asha.token(), 0)).hasSize(1);
    }

    @Test
    void aRepeatedClientIdReplaysTheSameContentAndConflictsOtherwise() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser other = api.register("Other");
        UUID id = UUID.randomUUID();

        Api.Response first = api.post(
                        PATH, asha.token(), body("id", id, "title", "Chai", "amount", "12.50", "date", "2026-11-24"))
                .expect(201);
        assertThat(first.id()).isEqualTo(id);

        Api.Response replay = api.post(
                        PATH,
                        asha.token(),
                        body(
                                "id",
                                id,
                                "title",
                                " Chai ",
                                "amount",
                                12.5,
                                "currency",
                                "INR",
                                "date",
                                "2026-11-24T05:30:00+05:30",
                                "description",
                                "",
                                "version",
                                9))
                .expect(200);
        assertThat(replay.json()).isEqualTo(first.json());

        api.post(PATH, asha.token(), body("id", id, "title", "Chai", "amount", "13", "date", "2026-11-24"))
                .expectProblem(409);
        api.post(
                        PATH,
                        asha.token(),
                        body("id", id, "title", "Chai", "amount", "12.50", "date", "2026-11-24", "category", "Food"))
                .expectProblem(409);
        Api.Response foreign = api.post(
                        PATH, other.token(), body("id", id, "title", "Chai", "amount", "12.50", "date", "2026-11-24"))
                .expectProblem(409);
        assertThat(foreign.body()).doesNotContain("Chai");

        assertThat(changes(asha.token(), 0)).hasSize(1);
        assertThat(changes(other.token(), 0)).isEmpty();

        api.delete(PATH + "/" + id, asha.token()).expect(204);
        api.post(PATH, asha.token(), body("id", id, "title", "Chai", "amount", "12.50", "date", "2026-11-24"))
                .expectProblem(409);
    }

    @Test
    void anotherUserGets404OnEveryMethod() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser other = api.register("Other");
        Api.Response created = api.post(
                        PATH, asha.token(), body("title", "Rent", "amount", "100", "date", "2026-11-01"))
                .expect(201);
        String path = PATH + "/" + created.id();

        api.get(path, other.token()).expectProblem(404);
        api.put(path, other.token(), body("title", "Mine", "amount", "1", "date", "2026-11-01"))
                .expectProblem(404);
        api.patch(path, other.token(), body("title", "Mine")).expectProblem(404);
        api.delete(path, other.token()).expectProblem(404);
        api.get(PATH + "/" + UUID.randomUUID(), asha.token()).expectProblem(404);
        api.get(PATH + "/nope", asha.token()).expectProblem(404);
        assertThat(api.get(PATH, other.token()).expect(200).json().size()).isZero();
        assertThat(changes(other.token(), 0)).isEmpty();

        assertThat(api.get(path, asha.token()).expect(200).json()).isEqualTo(created.json());
    }

    @Test
    void updatesCheckVersionsAndEmitChanges() {
        Api.TestUser asha = api.register("Asha");
        Api.Response created = api.post(
                        PATH,
                        asha.token(),
                        body(
                                "title",
                                "Groceries",
                                "amount",
                                "500",
                                "date",
                                "2026-11-20",
                                "category",
                                "Food",
                                "description",
                                "weekly"))
                .expect(201);
        String path = PATH + "/" + created.id();

        Api.Response put = api.send(
                        "PUT",
                        path,
                        asha.token(),
                        body("title", "Groceries", "amount", "450.75", "date", "2026-11-21", "category", "Home"),
                        Map.of("If-Match", "\"1\""))
                .expect(200);
        assertThat(put.text("amount")).isEqualTo("450.75");
        assertThat(put.text("category")).isEqualTo("Home");
        assertThat(put.text("description")).isNull();
        assertThat(put.text("date")).isEqualTo("2026-11-21T00:00:00Z");
        assertThat(put.json().get("version").asInt()).isEqualTo(2);

        Api.Response stale = api.patch(path, asha.token(), body("title", "Old", "version", 1))
                .expectProblem(409);
        assertThat(stale.json().get("current")).isEqualTo(put.json());
        api.send(
                        "PUT",
                        path,
                        asha.token(),
                        body("title", "Old", "amount", "1", "date", "2026-11-01"),
                        Map.of("If-Match", "\"1\""))
                .expectProblem(409);
        api.send("PATCH", path, asha.token(), body("title", "Old"), Map.of("If-Match", "garbage"))
                .expectProblem(400);

        Api.Response patched = api.patch(path, asha.token(), body("title", "Big shop", "category", "", "version", 2))
                .expect(200);
        assertThat(patched.text("title")).isEqualTo("Big shop");
        assertThat(patched.text("category")).isNull();
        assertThat(patched.text("amount")).isEqualTo("450.75");
        assertThat(patched.text("date")).isEqualTo("2026-11-21T00:00:00Z");
        assertThat(patched.json().get("version").asInt()).isEqualTo(3);

        Api.Response bad = api.patch(path, asha.token(), body("amount", "0", "date", "soon"))
                .expectProblem(400);
        assertThat(fields(bad)).containsExactlyInAnyOrder("amount", "date");
        api.patch(path, asha.token(), body("currency", "JPY")).expectProblem(400);
        assertThat(api.get(path, asha.token()).expect(200).json()).isEqualTo(patched.json());

        List<JsonNode> changes = changes(asha.token(), 0);
        assertThat(changes)
                .extracting(c -> c.get("type").asString())
                .containsExactly("personal_expense_added", "personal_expense_updated", "personal_expense_updated");
        assertThat(changes.get(1).get("data")).isEqualTo(put.json());
        assertThat(changes.get(2).get("data")).isEqualTo(patched.json());
    }

    @Test
    void deleteIsSoftAndEverythingAfterIs404() {
        Api.TestUser asha = api.register("Asha");
        Api.Response created = api.post(PATH, asha.token(), body("title", "Taxi", "amount", "80", "date", "2026-11-20"))
                .expect(201);
        String path = PATH + "/" + created.id();

        api.send("DELETE", path, asha.token(), null, Map.of("If-Match", "\"5\""))
                .expectProblem(409);
        api.delete(path, asha.token()).expect(204);

        api.get(path, asha.token()).expectProblem(404);
        api.patch(path, asha.token(), body("title", "Again")).expectProblem(404);
        api.put(path, asha.token(), body("title", "Again", "amount", "1", "date", "2026-11-20"))
                .expectProblem(404);
        api.delete(path, asha.token()).expectProblem(404);
        assertThat(api.get(PATH, asha.token()).expect(200).json().size()).isZero();

        List<JsonNode> changes = changes(asha.token(), 0);
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).get("type").asString()).isEqualTo("personal_expense_deleted");
        assertThat(changes.get(1).get("id").asString()).isEqualTo(created.id().toString());
        assertThat(changes.get(1).get("data").size()).isEqualTo(1);
        assertThat(changes.get(1).get("data").get("id").asString())
                .isEqualTo(created.id().toString());
    }

    @Test
    void listFiltersByInclusiveDatesAndCategoryAndPages() {
        Api.TestUser asha = api.register("Asha");
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("oct31", post(asha, "oct31", "1", "INR", "2026-10-31T23:59:59Z", "Food"));
        ids.put("nov01", post(asha, "nov01", "1", "INR", "2026-11-01", "food"));
        ids.put("nov15a", post(asha, "nov15a", "1", "INR", "2026-11-15T12:00:00Z", null));
        ids.put("nov15b", post(asha, "nov15b", "1", "INR", "2026-11-15T12:00:00Z", "Travel"));
        ids.put("nov30late", post(asha, "nov30late", "1", "INR", "2026-11-30T23:59:59.999Z", "Food"));
        ids.put("dec01", post(asha, "dec01", "1", "INR", "2026-12-01", "Food"));
        // Same date: id descending as PostgreSQL orders uuid, which is the order of the lowercase text.
        List<String> sameDate = ids.get("nov15a").compareTo(ids.get("nov15b")) > 0
                ? List.of("nov15a", "nov15b")
                : List.of("nov15b", "nov15a");

        assertThat(titles(api.get(PATH + "?from=2026-11-01&to=2026-11-30", asha.token())))
                .containsExactly("nov30late", sameDate.get(0), sameDate.get(1), "nov01");
        assertThat(titles(api.get(PATH + "?from=2026-11-15T12:00:00Z&to=2026-11-15T12:00:00%2B00:00", asha.token())))
                .containsExactlyInAnyOrder("nov15a", "nov15b");
        assertThat(titles(api.get(PATH + "?category=FOOD&to=2026-11-30", asha.token())))
                .containsExactly("nov30late", "nov01", "oct31");
        assertThat(titles(api.get(PATH + "?category=uncategorized", asha.token())))
                .containsExactly("nov15a");

        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get(PATH + "?limit=4" + (cursor == null ? "" : "&before=" + cursor), asha.token())
                    .expect(200);
            all.addAll(titles(page));
            cursor = page.header("X-Next-Cursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(all).containsExactlyElementsOf(titles(api.get(PATH, asha.token())));
        assertThat(all).hasSize(6).startsWith("dec01", "nov30late").endsWith("nov01", "oct31");

        for (String bad :
                List.of("limit=0", "limit=1001", "limit=ten", "before=xyz", "from=yesterday", "to=2026-13-01")) {
            api.get(PATH + "?" + bad, asha.token()).expectProblem(400);
        }
        api.get(PATH + "?from=2026-12-01&to=2026-11-01", asha.token()).expectProblem(400);
        // Filters name dates in the years 1900 to 9999, as every other date does.
        api.get(PATH + "?from=0001-01-01", asha.token()).expectProblem(400);
        api.get(PATH + "?to=%2B999999999-12-31T00:00:00Z", asha.token()).expectProblem(400);
        assertThat(titles(api.get(PATH + "?from=1900-01-01&to=9999-12-31", asha.token())))
                .hasSize(6);
    }

    @Test
    void summaryTotalsTheUtcMonthPerCurrencyAndCategory() {
        Api.TestUser asha = api.register("Asha");
        post(asha, "Lunch", "120.50", "INR", "2026-11-01T00:00:00Z", "Food");
        post(asha, "Dinner", "300", "INR", "2026-11-30T23:59:59Z", "Food");
        post(asha, "Book", "99.99", "INR", "2026-11-10", null);
        post(asha, "Sushi", "1500", "JPY", "2026-11-12", "Food");
        post(asha, "Early", "1", "INR", "2026-11-01T04:00:00+05:30", "Food"); // 31 Oct in UTC
        post(asha, "Next", "1", "INR", "2026-12-01", "Food");
        String gone = post(asha, "Gone", "5", "INR", "2026-11-05", "Food");
        api.delete(PATH + "/" + gone, asha.token()).expect(204);
        api.post(PATH, api.register("Other").token(), body("title", "X", "amount", "7", "date", "2026-11-05"))
                .expect(201);

        JsonNode summary = api.get(PATH + "/summary?month=2026-11", asha.token())
                .expect(200)
                .json();

        assertThat(summary).isEqualTo(Api.JSON.readTree("""
                {"month":"2026-11",
                 "totals":[{"currency":"INR","total":"520.49","count":3},
                           {"currency":"JPY","total":"1500","count":1}],
                 "byCategory":[{"category":"Food","currency":"INR","total":"420.50","count":2},
                               {"category":"Food","currency":"JPY","total":"1500","count":1},
                               {"category":"uncategorized","currency":"INR","total":"99.99","count":1}]}
                """));
        assertThat(api.get(PATH + "/summary?month=2025-01", asha.token())
                        .expect(200)
                        .json())
                .isEqualTo(Api.JSON.readTree("{\"month\":\"2025-01\",\"totals\":[],\"byCategory\":[]}"));
        for (String bad : List.of("2026-13", "2026-1", "november", "2026-11-01", "0000-01")) {
            api.get(PATH + "/summary?month=" + bad, asha.token()).expectProblem(400);
        }
    }

    private String post(Api.TestUser user, String title, String amount, String currency, String date, String category) {
        Map<String, Object> body = body("title", title, "amount", amount, "currency", currency, "date", date);
        if (category != null) {
            body.put("category", category);
        }
        return api.post(PATH, user.token(), body).expect(201).text("id");
    }

    private static List<String> titles(Api.Response response) {
        response.expect(200);
        List<String> titles = new ArrayList<>();
        response.json().forEach(e -> titles.add(e.get("title").asString()));
        return titles;
    }

    private List<JsonNode> changes(String token, long since) {
        JsonNode body = api.get("/api/sync?since=" + since, token).expect(200).json();
        List<JsonNode> changes = new ArrayList<>();
        body.get("changes").forEach(changes::add);
        return changes;
    }

    private static List<String> fields(Api.Response problem) {
        List<String> fields = new ArrayList<>();
        problem.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
