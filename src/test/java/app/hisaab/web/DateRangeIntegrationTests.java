package app.hisaab.web;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every date a request or a cursor carries, in every feature, lies in the years 1900 to 9999, else 400. */
@IntegrationTest
class DateRangeIntegrationTests {

    static final List<String> OUT_OF_RANGE = List.of(
            "+999999999-12-31T00:00:00Z",
            "-999999999-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z",
            "1899-12-31",
            "1899-12-31T23:59:59Z",
            "1900-01-01T04:00:00+05:30");

    @LocalServerPort
    int port;

    Api api;
    People people;
    Api.TestUser asha;
    UUID ravi;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        people = new People(api);
        asha = api.register("Asha");
        ravi = people.placeholder(asha, "Ravi");
    }

    @Test
    void personalExpenseDatesAndFilters() {
        String id = api.post("/api/personal-expenses", asha.token(), personal("2026-11-24"))
                .expect(201)
                .text("id");
        for (String date : OUT_OF_RANGE) {
            assertField(api.post("/api/personal-expenses", asha.token(), personal(date)), "date");
            assertField(api.put("/api/personal-expenses/" + id, asha.token(), personal(date)), "date");
            assertField(api.patch("/api/personal-expenses/" + id, asha.token(), body("date", date)), "date");
            assertField(api.get("/api/personal-expenses?from=" + query(date), asha.token()), "from");
            assertField(api.get("/api/personal-expenses?to=" + query(date), asha.token()), "to");
        }
        // The bounds themselves are fine.
        api.post("/api/personal-expenses", asha.token(), personal("1900-01-01")).expect(201);
        api.post("/api/personal-expenses", asha.token(), personal("9999-12-31T23:59:59Z"))
                .expect(201);
        api.get("/api/personal-expenses?from=1900-01-01&to=9999-12-31", asha.token())
                .expect(200);
        assertThat(api.get("/api/personal-expenses/" + id, asha.token()).text("date"))
                .isEqualTo("2026-11-24T00:00:00Z");
    }

    @Test
    void groupExpenseDates() {
        String id = api.post("/api/group-expenses", asha.token(), group("2026-11-24"))
                .expect(201)
                .text("id");
        for (String date : OUT_OF_RANGE) {
            assertField(api.post("/api/group-expenses", asha.token(), group(date)), "date");
            assertField(api.put("/api/group-expenses/" + id, asha.token(), group(date)), "date");
            assertField(api.patch("/api/group-expenses/" + id, asha.token(), body("date", date)), "date");
        }
        assertThat(api.get("/api/group-expenses/" + id, asha.token())
                        .json()
                        .get("version")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void udhariDatesAndSettleDate() {
        String id = api.post("/api/udhari", asha.token(), udhari("2026-11-24"))
                .expect(201)
                .text("id");
        for (String date : OUT_OF_RANGE) {
            assertField(api.post("/api/udhari", asha.token(), udhari(date)), "date");
            assertField(api.put("/api/udhari/" + id, asha.token(), udhari(date)), "date");
            assertField(api.patch("/api/udhari/" + id, asha.token(), body("date", date)), "date");
            assertField(api.post("/api/udhari/" + id + "/settle", asha.token(), body("date", date)), "date");
        }
        Api.Response unchanged = api.get("/api/udhari/" + id, asha.token()).expect(200);
        assertThat(unchanged.json().get("status").asInt()).isZero();
        assertThat(unchanged.json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void settlementDates() {
        for (String date : OUT_OF_RANGE) {
            assertField(
                    api.post(
                            "/api/settlements",
                            asha.token(),
                            body("fromUserId", ravi, "toUserId", asha.id(), "amount", "5", "date", date)),
                    "date");
        }
        assertThat(api.get("/api/settlements", asha.token()).expect(200).json()).isEmpty();
    }

    @Test
    void craftedCursorsWithDatesNoItemCanHaveAre400InEveryList() {
        List<String> cursors = List.of(
                cursor("+999999999-12-31T00:00:00Z"),
                cursor("-999999999-01-01T00:00:00Z"),
                cursor("1899-12-31T23:59:59Z"),
                cursor("+10000-01-01T00:00:00Z"));
        for (String list :
                List.of("/api/personal-expenses", "/api/group-expenses", "/api/udhari", "/api/settlements")) {
            for (String cursor : cursors) {
                assertField(api.get(list + "?before=" + cursor, asha.token()), "before");
            }
            // A cursor at the bounds is one the server could have given out.
            api.get(list + "?before=" + cursor("1900-01-01T00:00:00Z"), asha.token())
                    .expect(200);
            api.get(list + "?before=" + cursor("9999-12-31T23:59:59.999999Z"), asha.token())
                    .expect(200);
        }
    }

    private static void assertField(Api.Response response, String field) {
        response.expectProblem(400);
        assertThat(People.fields(response)).containsExactly(field);
    }

    private static String cursor(String date) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((date + "|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> personal(String date) {
        return body("title", "Tea", "amount", "12.50", "date", date);
    }

    private Map<String, Object> group(String date) {
        return body(
                "title",
                "Dinner",
                "totalAmount",
                "100",
                "paidBy",
                asha.id(),
                "participants",
                List.of(asha.id().toString(), ravi.toString()),
                "date",
                date);
    }

    private Map<String, Object> udhari(String date) {
        return body("friendId", ravi, "amount", "50", "type", 0, "date", date);
    }
}
