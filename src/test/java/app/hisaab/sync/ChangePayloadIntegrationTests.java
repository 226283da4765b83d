package app.hisaab.sync;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A change's payload is stored once per distinct view; every recipient still reads its own view. */
@IntegrationTest
class ChangePayloadIntegrationTests {

    private static final int ACCOUNTS = 6;
    private static final int PLACEHOLDERS = 3;

    @LocalServerPort
    int port;

    @Autowired
    ChangeFeed feed;

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
    void aPatchOfASharedExpenseStoresOnePayloadPerViewAndEveryParticipantReadsIt() {
        Api.TestUser owner = api.register("Owner");
        List<Api.TestUser> accounts = new ArrayList<>();
        List<String> participants = new ArrayList<>(List.of(owner.id().toString()));
        for (int i = 1; i < ACCOUNTS; i++) {
            Api.TestUser friend = new Api(port).register("Friend " + i);
            people.link(owner, friend);
            accounts.add(friend);
            participants.add(friend.id().toString());
        }
        for (int i = 0; i < PLACEHOLDERS; i++) {
            participants.add(people.placeholder(owner, "Offline " + i).toString());
        }
        UUID id = api.post(
                        "/api/group-expenses",
                        owner.token(),
                        body(
                                "title",
                                "Trip",
                                "totalAmount",
                                "900",
                                "paidBy",
                                owner.id(),
                                "participants",
                                participants,
                                "date",
                                "2026-11-24"))
                .expect(201)
                .id();
        assertThat(payloads(id)).isEqualTo(1);
        assertThat(changeRows(id)).isEqualTo(ACCOUNTS);

        Api.TestUser watcher = accounts.get(0);
        long watcherSeq = feed.latestSeq(watcher.id());
        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws?since=" + watcherSeq, watcher.token())) {
            assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");

            JsonNode patched = api.patch("/api/group-expenses/" + id, owner.token(), Map.of("title", "Trip to Goa"))
                    .expect(200)
                    .json();

            assertThat(payloads(id)).isEqualTo(2);
            assertThat(changeRows(id)).isEqualTo(2 * ACCOUNTS);
            JsonNode pushed = socket.next();
            assertThat(pushed.get("type").asString()).isEqualTo("group_expense_updated");
            assertThat(pushed.get("seq").asLong()).isEqualTo(watcherSeq + 1);
            assertThat(pushed.get("data")).isEqualTo(patched);
        }
        JsonNode patched =
                api.get("/api/group-expenses/" + id, owner.token()).expect(200).json();
        assertThat(patched.get("title").asString()).isEqualTo("Trip to Goa");
        assertThat(patched.get("version").asInt()).isEqualTo(2);
        for (Api.TestUser reader : allOf(owner, accounts)) {
            JsonNode last = lastChangeOf(reader, id);
            assertThat(last.get("type").asString()).as(reader.name()).isEqualTo("group_expense_updated");
            assertThat(last.get("userId").asString()).isEqualTo(owner.id().toString());
            assertThat(last.get("data")).as(reader.name()).isEqualTo(patched);
        }

        // One participant removed: the others get the new view, the removed one a deletion, two payloads.
        Api.TestUser removed = accounts.get(ACCOUNTS - 2);
        List<String> remaining = new ArrayList<>(participants);
        remaining.remove(removed.id().toString());
        JsonNode shrunk = api.patch("/api/group-expenses/" + id, owner.token(), Map.of("participants", remaining))
                .expect(200)
                .json();

        assertThat(payloads(id)).isEqualTo(4);
        assertThat(changeRows(id)).isEqualTo(3 * ACCOUNTS);
        JsonNode gone = lastChangeOf(removed, id);
        assertThat(gone.get("type").asString()).isEqualTo("group_expense_deleted");
        assertThat(gone.get("data")).isEqualTo(Api.JSON.readTree("{\"id\":\"" + id + "\"}"));
        for (Api.TestUser reader : allOf(owner, accounts)) {
            if (!reader.equals(removed)) {
                assertThat(lastChangeOf(reader, id).get("data"))
                        .as(reader.name())
                        .isEqualTo(shrunk);
            }
        }
    }

    @Test
    void theTwoPartiesOfAnUdhariGetTheirOwnViewFromTwoPayloads() {
        Api.TestUser lender = api.register("Lender");
        Api.TestUser borrower = new Api(port).register("Borrower");
        people.link(lender, borrower);
        JsonNode created = api.post(
                        "/api/udhari",
                        lender.token(),
                        body("friendId", borrower.id(), "amount", "250", "type", 0, "date", "2026-11-24"))
                .expect(201)
                .json();
        UUID id = UUID.fromString(created.get("id").asString());

        assertThat(payloads(id)).isEqualTo(2);
        assertThat(changeRows(id)).isEqualTo(2);
        assertThat(lastChangeOf(lender, id).get("data")).isEqualTo(created);
        JsonNode borrowerView =
                api.get("/api/udhari/" + id, borrower.token()).expect(200).json();
        assertThat(borrowerView).isNotEqualTo(created);
        assertThat(lastChangeOf(borrower, id).get("data")).isEqualTo(borrowerView);
    }

    @Test
    void pruningDeletesOldPayloadsWithEveryChangeThatReferencesThem() {
        Api.TestUser owner = api.register("Pruner");
        Api.TestUser friend = new Api(port).register("Pruned Friend");
        people.link(owner, friend);
        UUID old = expense(owner, friend, "Old");
        UUID kept = expense(owner, friend, "Kept");
        jdbc.sql("UPDATE change_payloads SET at = now() - interval '40 days' WHERE entity_id = :id")
                .param("id", old)
                .update();
        // A payload no change references any more (as if its rows went without it) is old as well.
        long orphan = jdbc.sql("INSERT INTO change_payloads (entity_id, actor_id, at, data)"
                        + " VALUES (:id, :id, now() - interval '40 days', '{}') RETURNING id")
                .param("id", UUID.randomUUID())
                .query(Long.class)
                .single();

        feed.pruneNow();

        assertThat(payloads(old)).isZero();
        assertThat(changeRows(old)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM change_payloads WHERE id = :id")
                        .param("id", orphan)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(payloads(kept)).isEqualTo(1);
        assertThat(changeRows(kept)).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM change_log l"
                                + " WHERE NOT EXISTS (SELECT 1 FROM change_payloads p WHERE p.id = l.payload_id)")
                        .query(Long.class)
                        .single())
                .isZero();
        for (Api.TestUser reader : List.of(owner, friend)) {
            JsonNode all =
                    api.get("/api/sync?since=0", reader.token()).expect(200).json();
            assertThat(all.get("resyncRequired").asBoolean()).isTrue();
            JsonNode last = lastChangeOf(reader, kept);
            assertThat(last.get("data").get("title").asString()).isEqualTo("Kept");
        }
    }

    private UUID expense(Api.TestUser owner, Api.TestUser friend, String title) {
        return api.post(
                        "/api/group-expenses",
                        owner.token(),
                        body(
                                "title",
                                title,
                                "totalAmount",
                                "10",
                                "paidBy",
                                owner.id(),
                                "participants",
                                List.of(owner.id(), friend.id()),
                                "date",
                                "2026-11-24"))
                .expect(201)
                .id();
    }

    private static List<Api.TestUser> allOf(Api.TestUser owner, List<Api.TestUser> others) {
        List<Api.TestUser> all = new ArrayList<>(others);
        all.add(0, owner);
        return all;
    }

    /** The reader's latest change of the object, read through {@code GET /api/sync} from its last kept seqs. */
    private JsonNode lastChangeOf(Api.TestUser reader, UUID id) {
        long pruned = jdbc.sql("SELECT pruned_through FROM sync_cursors WHERE user_id = :u")
                .param("u", reader.id())
                .query(Long.class)
                .single();
        long since = Math.max(pruned, feed.latestSeq(reader.id()) - 20);
        JsonNode changes = api.get("/api/sync?since=" + since, reader.token())
                .expect(200)
                .json()
                .get("changes");
        JsonNode last = null;
        for (JsonNode change : changes) {
            if (change.get("id").asString().equals(id.toString())) {
                last = change;
            }
        }
        assertThat(last).as("a change of %s for %s", id, reader.name()).isNotNull();
        return last;
    }

    private long payloads(UUID entity) {
        return jdbc.sql("SELECT count(*) FROM change_payloads WHERE entity_id = :id")
                .param("id", entity)
                .query(Long.class)
                .single();
    }

    private long changeRows(UUID entity) {
        return jdbc.sql("SELECT count(*) FROM change_log l JOIN change_payloads p ON p.id = l.payload_id"
                        + " WHERE p.entity_id = :id")
                .param("id", entity)
                .query(Long.class)
                .single();
    }
}
