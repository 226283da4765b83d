package app.hisaab.balance;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Tries to break groups with concurrent writers: a member removed while someone records an expense for
 * them ends with exactly one of the two, and many writers mixing group expenses, group settlements,
 * udhari and membership changes leave every net adding up to zero and every feed equal to its lists.
 */
@IntegrationTest
class GroupInvariantIntegrationTests {

    private static final String[] CURRENCIES = {"INR", "USD", "JPY", "KWD"};
    private static final int OPS_PER_USER = 40;
    private static final int RACES = 15;

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

    @Test
    void aMemberRemovedWhileAnExpenseForThemIsRecordedEndsWithOneWinner() throws Exception {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        Api.TestUser kabir = api.register("Kabir");
        people.link(asha, ravi);
        people.link(asha, kabir);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int removed = 0;
        int recorded = 0;
        try {
            for (int round = 0; round < RACES; round++) {
                UUID group = api.post(
                                "/api/groups",
                                asha.token(),
                                body(
                                        "name",
                                        "Race " + round,
                                        "members",
                                        List.of(ravi.id().toString(), kabir.id().toString())))
                        .expect(201)
                        .id();
                CyclicBarrier start = new CyclicBarrier(2);
                Api removing = new Api(port);
                Api recording = new Api(port);
                Future<Api.Response> removal = pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return removing.delete("/api/groups/" + group + "/members/" + kabir.id(), asha.token());
                });
                Future<Api.Response> expense = pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return recording.post(
                            "/api/group-expenses",
                            ravi.token(),
                            body(
                                    "groupId",
                                    group,
                                    "title",
                                    "Cab",
                                    "totalAmount",
                                    "20",
                                    "paidBy",
                                    ravi.id(),
                                    "participants",
                                    List.of(ravi.id().toString(), kabir.id().toString()),
                                    "date",
                                    "2026-11-20"));
                });
                int removalStatus = removal.get(1, TimeUnit.MINUTES).status();
                Api.Response created = expense.get(1, TimeUnit.MINUTES);
                boolean kabirStays =
                        api.get("/api/groups/" + group, kabir.token()).status() == 200;
                long expenses = jdbc.sql("SELECT count(*) FROM group_expenses WHERE group_id = :g")
                        .param("g", group)
                        .query(Long.class)
                        .single();
                if (removalStatus == 204) {
                    // Removed first: the expense naming him was refused and nothing of it was written.
                    assertThat(created.status()).as(created.body()).isEqualTo(400);
                    assertThat(People.fields(created)).containsExactly("participants[1]");
                    assertThat(kabirStays).isFalse();
                    assertThat(expenses).isZero();
                    removed++;
                } else {
                    // Recorded first: Kabir owes 10 in the group now, so he could not be removed.
                    assertThat(removalStatus).isEqualTo(409);
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                    assertThat(kabirStays).isTrue();
                    assertThat(expenses).isOne();
                    recorded++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(removed + recorded).isEqualTo(RACES);
    }

    @Test
    void concurrentGroupWritesKeepEveryNetAtZeroAndFeedsMatchTheLists() throws Exception {
        // Asha is friends with everyone; the others are not friends of each other.
        List<Api.TestUser> users = new ArrayList<>();
        for (String name : List.of("Asha", "Ravi", "Meera", "Kabir")) {
            users.add(api.register(name));
        }
        Api.TestUser asha = users.get(0);
        Api.TestUser floater = api.register("Floater");
        for (Api.TestUser user : users.subList(1, users.size())) {
            people.link(asha, user);
        }
        people.link(asha, floater);
        List<String> everyone = users.stream().map(u -> u.id().toString()).toList();
        UUID big = api.post("/api/groups", asha.token(), body("name", "Everyone", "members", everyone))
                .expect(201)
                .id();
        UUID small = api.post(
                        "/api/groups",
                        asha.token(),
                        body("name", "Some", "simplifyDebts", false, "members", everyone.subList(0, 3)))
                .expect(201)
                .id();
        Map<UUID, List<Api.TestUser>> members = Map.of(big, users, small, users.subList(0, 3));

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int u = 0; u < users.size(); u++) {
                Api.TestUser me = users.get(u);
                long seed = 2000L + u;
                done.add(pool.submit(() -> work(me, asha, floater, big, members, new Random(seed), failures)));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();

        List<Api.TestUser> all = new ArrayList<>(users);
        all.add(floater);
        // Everyone's nets add up to zero per currency, and each pair mirrors.
        Map<String, BigDecimal> sums = new HashMap<>();
        Map<String, BigDecimal> pairs = new HashMap<>();
        for (Api.TestUser user : all) {
            for (JsonNode row :
                    api.get("/api/balances", user.token()).expect(200).json().get("byFriend")) {
                BigDecimal net = new BigDecimal(row.get("net").asString());
                sums.merge(row.get("currency").asString(), net, BigDecimal::add);
                pairs.put(
                        user.id() + ">" + row.get("friendUserId").asString() + " "
                                + row.get("currency").asString(),
                        net);
            }
        }
        assertThat(pairs).isNotEmpty();
        sums.forEach((currency, sum) -> assertThat(sum).as(currency).isZero());
        pairs.forEach((key, net) -> {
            String[] parts = key.split("[> ]");
            assertThat(pairs.get(parts[1] + ">" + parts[0] + " " + parts[2]))
                    .as(key)
                    .isEqualByComparingTo(net.negate());
        });

        // Each group's nets add up to zero, and paying its transfers settles them.
        for (UUID group : List.of(big, small)) {
            JsonNode balances = api.get("/api/groups/" + group + "/balances", asha.token())
                    .expect(200)
                    .json();
            Map<String, BigDecimal> left = new HashMap<>();
            Map<String, BigDecimal> perCurrency = new HashMap<>();
            for (JsonNode net : balances.get("nets")) {
                BigDecimal value = new BigDecimal(net.get("net").asString());
                left.merge(net.get("currency").asString() + net.get("userId").asString(), value, BigDecimal::add);
                perCurrency.merge(net.get("currency").asString(), value, BigDecimal::add);
            }
            perCurrency.forEach((currency, sum) ->
                    assertThat(sum).as(group + " " + currency).isZero());
            for (JsonNode t : balances.get("transfers")) {
                BigDecimal amount = new BigDecimal(t.get("amount").asString());
                assertThat(amount).isPositive();
                String currency = t.get("currency").asString();
                left.merge(currency + t.get("fromUserId").asString(), amount, BigDecimal::add);
                left.merge(currency + t.get("toUserId").asString(), amount.negate(), BigDecimal::add);
            }
            left.forEach((key, value) -> assertThat(value).as(key).isZero());
        }

        // Each feed, replayed, is exactly what the lists show, with no gap in its seqs.
        for (Api.TestUser user : all) {
            List<JsonNode> feed = people.changes(user, 0);
            Map<String, Map<String, JsonNode>> state = new HashMap<>();
            for (int i = 0; i < feed.size(); i++) {
                JsonNode change = feed.get(i);
                assertThat(change.get("seq").asLong()).isEqualTo(i + 1);
                Map<String, JsonNode> objects =
                        state.computeIfAbsent(change.get("entity").asString(), k -> new HashMap<>());
                if (change.get("op").asString().equals("deleted")) {
                    assertThat(objects.remove(change.get("id").asString()))
                            .as("%s deleted before it was seen: %s", user.name(), change)
                            .isNotNull();
                } else {
                    objects.put(change.get("id").asString(), change.get("data"));
                }
            }
            for (String[] list : List.of(
                    new String[] {"group", "/api/groups"},
                    new String[] {"group_expense", "/api/group-expenses"},
                    new String[] {"settlement", "/api/settlements"},
                    new String[] {"udhari", "/api/udhari"})) {
                assertThat(state.getOrDefault(list[0], Map.of()))
                        .as("%s of %s", list[0], user.name())
                        .isEqualTo(list(user, list[1]));
            }
        }
    }

    private Map<String, JsonNode> list(Api.TestUser user, String path) {
        Map<String, JsonNode> byId = new HashMap<>();
        api.get(path + "?limit=1000", user.token())
                .expect(200)
                .json()
                .forEach(o -> byId.put(o.get("id").asString(), o));
        return byId;
    }

    /**
     * One user's random mix of writes. Asha also moves the floater in and out of the big group, so writes
     * naming the floater race with his membership: those may be refused (400, or 409 for a removal while
     * he owes), never half done.
     */
    private void work(
            Api.TestUser me,
            Api.TestUser asha,
            Api.TestUser floater,
            UUID big,
            Map<UUID, List<Api.TestUser>> members,
            Random random,
            ConcurrentLinkedQueue<String> failures) {
        Api client = new Api(port);
        List<UUID> mine = members.entrySet().stream()
                .filter(e -> e.getValue().contains(me))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        for (int op = 0; op < OPS_PER_USER; op++) {
            UUID group = mine.get(random.nextInt(mine.size()));
            List<Api.TestUser> inGroup = new ArrayList<>(members.get(group));
            boolean withFloater = group.equals(big) && random.nextInt(4) == 0;
            if (withFloater) {
                inGroup.add(floater);
            }
            int kind = random.nextInt(10);
            Api.Response r;
            boolean mayBeRefused = withFloater;
            if (kind < 4) {
                r = client.post("/api/group-expenses", me.token(), expense(group, inGroup, random));
            } else if (kind < 6) {
                JsonNode listed = client.get("/api/group-expenses?limit=20&groupId=" + group, me.token())
                        .json();
                if (listed == null || listed.isEmpty()) {
                    continue;
                }
                String id = listed.get(random.nextInt(listed.size())).get("id").asString();
                r = kind == 4
                        ? client.put("/api/group-expenses/" + id, me.token(), expense(group, inGroup, random))
                        : client.delete("/api/group-expenses/" + id, me.token());
            } else if (kind < 8) {
                Collections.shuffle(inGroup, random);
                String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
                r = client.post(
                        "/api/settlements",
                        me.token(),
                        body(
                                "groupId",
                                group,
                                "fromUserId",
                                inGroup.get(0).id(),
                                "toUserId",
                                inGroup.get(1).id(),
                                "amount",
                                amount(random, currency),
                                "currency",
                                currency,
                                "date",
                                "2026-11-1" + random.nextInt(10)));
                mayBeRefused = inGroup.get(0).equals(floater) || inGroup.get(1).equals(floater);
                if (r.status() == 201 && random.nextInt(3) == 0) {
                    r = client.delete("/api/settlements/" + r.text("id"), me.token());
                }
            } else if (kind == 8 && me.equals(asha)) {
                r = random.nextBoolean()
                        ? client.post("/api/groups/" + big + "/members", me.token(), body("userId", floater.id()))
                        : client.delete("/api/groups/" + big + "/members/" + floater.id(), me.token());
                // 404: he was not a member; 409: he owes or is owed in the group.
                if (r.status() == 404 || r.status() == 409) {
                    continue;
                }
            } else {
                Api.TestUser friend = me.equals(asha) ? members.get(big).get(1 + random.nextInt(3)) : asha;
                r = client.post(
                        "/api/udhari",
                        me.token(),
                        body(
                                "friendId", friend.id(),
                                "amount", amount(random, "INR"),
                                "type", random.nextInt(2),
                                "date", "2026-11-" + (10 + random.nextInt(10))));
            }
            // 404: another member deleted the expense meanwhile.
            boolean refused = mayBeRefused && r.status() == 400;
            if (r.status() >= 300 && r.status() != 404 && !refused) {
                failures.add(r.status() + " " + r.body());
            }
        }
    }

    private static Map<String, Object> expense(UUID group, List<Api.TestUser> inGroup, Random random) {
        List<String> participants = new ArrayList<>();
        for (Api.TestUser member : inGroup) {
            if (random.nextBoolean()) {
                participants.add(member.id().toString());
            }
        }
        if (participants.isEmpty()) {
            participants.add(inGroup.get(random.nextInt(inGroup.size())).id().toString());
        }
        String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
        int decimals = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        Map<String, Object> body = body(
                "groupId",
                group,
                "title",
                "Expense " + random.nextInt(1000),
                "totalAmount",
                BigDecimal.valueOf(1 + random.nextInt(200_000), decimals).toPlainString(),
                "currency",
                currency,
                "paidBy",
                participants.get(random.nextInt(participants.size())),
                "participants",
                participants,
                "date",
                "2026-11-" + (10 + random.nextInt(10)));
        if (random.nextBoolean()) {
            Map<String, Object> shares = new HashMap<>();
            participants.forEach(p -> shares.put(p, String.valueOf(1 + random.nextInt(3))));
            body.put("splitMode", "shares");
            body.put("splits", shares);
        }
        return body;
    }

    private static String amount(Random random, String currency) {
        int decimals = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        return BigDecimal.valueOf(1 + random.nextInt(100_000), decimals).toPlainString();
    }
}
