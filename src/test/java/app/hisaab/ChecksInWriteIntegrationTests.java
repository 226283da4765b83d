package app.hisaab;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A create between friends assumes the default currency this node last saw for its caller and leaves the
 * friend check to its insert statement (decision 0013). These tests change the default currency as
 * another node would (in the database, behind this node's back) and remove a friend, and check that no
 * assumption ever reaches what is stored or what the client is told.
 */
@IntegrationTest
class ChecksInWriteIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;
    People people;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        people = new People(api);
    }

    /** What another node's PATCH /api/users/me does to the row; this node keeps its older hint. */
    private void changedElsewhere(Api.TestUser user, String currency) {
        jdbc.sql("UPDATE users SET default_currency = :currency WHERE id = :id")
                .param("currency", currency)
                .param("id", user.id())
                .update();
    }

    private Api.Response personal(Api.TestUser user, String amount) {
        return api.post(
                "/api/personal-expenses",
                user.token(),
                body("title", "Coffee", "amount", amount, "date", "2026-12-01"));
    }

    @Test
    void aPersonalExpenseTakesTheDefaultCurrencyAsStoredNotAsThisNodeLastSawIt() {
        Api.TestUser asha = api.register("Asha");
        assertThat(personal(asha, "3.5").expect(201).text("currency")).isEqualTo("INR");

        // The node saw INR; JPY has no minor units, so 3.5 must be refused, not stored as INR.
        changedElsewhere(asha, "JPY");
        assertThat(People.fields(personal(asha, "3.5").expectProblem(400))).containsExactly("amount");

        // The node now saw JPY; the stored default is KWD (three decimals).
        changedElsewhere(asha, "KWD");
        JsonNode kwd = personal(asha, "12").expect(201).json();
        assertThat(kwd.get("currency").asString()).isEqualTo("KWD");
        assertThat(kwd.get("amount").asString()).isEqualTo("12.000");

        // Refused in the currency the node assumed (JPY), valid in the stored one (INR): created in INR.
        changedElsewhere(asha, "JPY");
        assertThat(personal(asha, "7").expect(201).text("currency")).isEqualTo("JPY");
        changedElsewhere(asha, "INR");
        JsonNode inr = personal(asha, "3.5").expect(201).json();
        assertThat(inr.get("currency").asString()).isEqualTo("INR");
        assertThat(inr.get("amount").asString()).isEqualTo("3.50");

        // Exactly the four creates are stored, each once, and each is in the feed once.
        JsonNode list =
                api.get("/api/personal-expenses", asha.token()).expect(200).json();
        assertThat(list.size()).isEqualTo(4);
        assertThat(list.valueStream().map(e -> e.get("currency").asString()))
                .containsExactlyInAnyOrder("INR", "KWD", "JPY", "INR");
        assertThat(people.changes(asha, 0).stream()
                        .filter(c -> c.get("type").asString().equals("personal_expense_added"))
                        .count())
                .isEqualTo(4);
    }

    @Test
    void aGroupExpenseBetweenFriendsTakesTheStoredDefaultCurrency() {
        Api.TestUser asha = api.register("Asha");
        UUID ravi = people.placeholder(asha, "Ravi");
        Map<String, Object> dinner = body(
                "title", "Dinner", "totalAmount", "3.5", "paidBy", asha.id(), "participants", List.of(asha.id(), ravi));
        dinner.put("date", "2026-12-01");
        assertThat(api.post("/api/group-expenses", asha.token(), dinner)
                        .expect(201)
                        .text("currency"))
                .isEqualTo("INR");

        changedElsewhere(asha, "JPY");
        assertThat(People.fields(
                        api.post("/api/group-expenses", asha.token(), dinner).expectProblem(400)))
                .containsExactly("totalAmount");

        changedElsewhere(asha, "KWD");
        JsonNode kwd = api.post("/api/group-expenses", asha.token(), dinner)
                .expect(201)
                .json();
        assertThat(kwd.get("currency").asString()).isEqualTo("KWD");
        assertThat(kwd.get("totalAmount").asString()).isEqualTo("3.500");

        assertThat(api.get("/api/group-expenses", asha.token())
                        .expect(200)
                        .json()
                        .size())
                .isEqualTo(2);
    }

    @Test
    void aFriendRemovedBeforeTheWriteIsRefusedWithEveryOtherErrorAndNothingIsStored() {
        Api.TestUser asha = api.register("Asha");
        UUID ravi = people.placeholder(asha, "Ravi");
        UUID meera = people.placeholder(asha, "Meera");
        Map<String, Object> dinner = body(
                "title",
                "Dinner",
                "totalAmount",
                "30",
                "paidBy",
                asha.id(),
                "participants",
                List.of(asha.id(), ravi, meera),
                "date",
                "2026-12-01");
        api.post("/api/group-expenses", asha.token(), dinner).expect(201);

        JsonNode meerasFriendship = api.get("/api/friends", asha.token())
                .expect(200)
                .json()
                .valueStream()
                .filter(f -> f.get("friendUserId").asString().equals(meera.toString()))
                .findFirst()
                .orElseThrow();
        // Meera is owed nothing yet: split the first dinner only between Asha and Ravi.
        JsonNode first =
                api.get("/api/group-expenses", asha.token()).expect(200).json().get(0);
        api.delete("/api/group-expenses/" + first.get("id").asString(), asha.token())
                .expect(204);
        api.delete("/api/friends/" + meerasFriendship.get("id").asString(), asha.token())
                .expect(204);

        Api.Response refused =
                api.post("/api/group-expenses", asha.token(), dinner).expectProblem(400);
        assertThat(People.fields(refused)).containsExactly("participants[2]");
        assertThat(refused.body()).contains("is not your friend");

        // With another error as well, both are named, as when the friends are read first.
        Map<String, Object> untitled = new HashMap<>(dinner);
        untitled.remove("title");
        assertThat(People.fields(
                        api.post("/api/group-expenses", asha.token(), untitled).expectProblem(400)))
                .containsExactlyInAnyOrder("title", "participants[2]");

        assertThat(api.get("/api/group-expenses", asha.token())
                        .expect(200)
                        .json()
                        .size())
                .isZero();
    }
}
