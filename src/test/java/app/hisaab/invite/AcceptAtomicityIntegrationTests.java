package app.hisaab.invite;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The placeholder merge runs inside the accepting transaction: when one step fails after the others
 * have written their part, the whole accept rolls back and nothing is half-merged.
 */
@IntegrationTest
class AcceptAtomicityIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    FailingMergeStep failingStep;

    @Autowired
    JdbcClient jdbc;

    Api api;
    People people;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        people = new People(api);
    }

    @Test
    void aFailingMergeStepRollsTheWholeAcceptBack() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        UUID old = people.placeholder(asha, "Ravi (old number)");
        UUID dinner = UUID.fromString(api.post(
                        "/api/group-expenses",
                        asha.token(),
                        body(
                                "title", "Dinner",
                                "totalAmount", "90",
                                "paidBy", old,
                                "participants", List.of(asha.id(), old),
                                "date", "2026-11-01"))
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
                        body("fromUserId", asha.id(), "toUserId", old, "amount", "10", "date", "2026-11-04"))
                .expect(201)
                .text("id"));
        String code = people.invite(asha, old, "Ravi");
        people.invite(asha, old, "Ravi again");

        JsonNode ashaFriends = api.get("/api/friends", asha.token()).expect(200).json();
        JsonNode ashaInvites = api.get("/api/invites", asha.token()).expect(200).json();
        JsonNode ashaBalances =
                api.get("/api/balances", asha.token()).expect(200).json();
        JsonNode ashaDinner = api.get("/api/group-expenses/" + dinner, asha.token())
                .expect(200)
                .json();
        JsonNode ashaLoan =
                api.get("/api/udhari/" + loan, asha.token()).expect(200).json();
        JsonNode ashaPaid =
                api.get("/api/settlements/" + paid, asha.token()).expect(200).json();
        int ashaChanges = people.changes(asha, 0).size();
        int raviChanges = people.changes(ravi, 0).size();
        // 1 friendship, the dinner's share and payment, 1 udhari, 1 settlement, 2 invites.
        assertThat(liveRowsNaming(old)).isEqualTo(7);

        failingStep.failFor(ravi.id());
        try {
            api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", code))
                    .expectProblem(500);
        } finally {
            failingStep.passFor(ravi.id());
        }

        // Every real step had run in the transaction before the failing one...
        assertThat(failingStep.rowsLeftAtFailure(old)).isZero();
        // ...and none of it stayed.
        assertThat(liveRowsNaming(old)).isEqualTo(7);
        assertThat(unmerged(old)).isTrue();
        assertThat(api.get("/api/friends", asha.token()).expect(200).json()).isEqualTo(ashaFriends);
        assertThat(api.get("/api/invites", asha.token()).expect(200).json()).isEqualTo(ashaInvites);
        assertThat(api.get("/api/balances", asha.token()).expect(200).json()).isEqualTo(ashaBalances);
        assertThat(api.get("/api/group-expenses/" + dinner, asha.token())
                        .expect(200)
                        .json())
                .isEqualTo(ashaDinner);
        assertThat(api.get("/api/udhari/" + loan, asha.token()).expect(200).json())
                .isEqualTo(ashaLoan);
        assertThat(api.get("/api/settlements/" + paid, asha.token()).expect(200).json())
                .isEqualTo(ashaPaid);
        assertThat(people.changes(asha, 0)).hasSize(ashaChanges);
        assertThat(people.changes(ravi, 0)).hasSize(raviChanges);
        assertThat(api.get("/api/friends", ravi.token()).expect(200).json().size())
                .isZero();
        api.get("/api/group-expenses/" + dinner, ravi.token()).expectProblem(404);

        // The invite is still pending: the same accept now goes through and merges everything.
        api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", code))
                .expect(200);
        assertThat(liveRowsNaming(old)).isZero();
        assertThat(unmerged(old)).isFalse();
        assertThat(api.get("/api/group-expenses/" + dinner, ravi.token())
                        .expect(200)
                        .json()
                        .get("paidBy")
                        .asString())
                .isEqualTo(ravi.id().toString());
        assertThat(api.get("/api/udhari/" + loan, ravi.token()).expect(200).text("friendId"))
                .isEqualTo(asha.id().toString());
        assertThat(api.get("/api/settlements/" + paid, ravi.token()).expect(200).text("toUserId"))
                .isEqualTo(ravi.id().toString());
    }

    private boolean unmerged(UUID placeholder) {
        return jdbc.sql("SELECT merged_into IS NULL FROM users WHERE id = :id")
                .param("id", placeholder)
                .query(Boolean.class)
                .single();
    }

    private long liveRowsNaming(UUID placeholder) {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM friendships WHERE friend_user_id = :p AND deleted_at IS NULL)
                             + (SELECT count(*) FROM expense_shares WHERE user_id = :p)
                             + (SELECT count(*) FROM group_expenses WHERE paid_by = :p)
                             + (SELECT count(*) FROM udhari WHERE counterparty_id = :p)
                             + (SELECT count(*) FROM settlements WHERE from_user_id = :p OR to_user_id = :p)
                             + (SELECT count(*) FROM invites WHERE placeholder_id = :p)
                        """).param("p", placeholder).query(Long.class).single();
    }
}
