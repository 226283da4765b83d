package app.hisaab.balance;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Tries to break the invariants with many concurrent writes by different participants: nets add up to
 * zero per currency, each pair's nets mirror each other, and each user's feed, replayed, is exactly what
 * their lists show (every change reached every party and nobody else).
 */
@IntegrationTest
class BalanceInvariantIntegrationTests {

    private static final String[] CURRENCIES = {"INR", "USD", "JPY", "KWD"};
    private static final int OPS_PER_USER = 40;

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
    void concurrentWritesKeepNetsAtZeroAndFeedsMatchTheLists() throws Exception {
        List<Api.TestUser> users = new ArrayList<>();
        for (String name : List.of("Asha", "Ravi", "Meera", "Kabir")) {
            users.add(api.register(name));
        }
        Api.TestUser stranger = api.register("Stranger");
        for (int i = 0; i < users.size(); i++) {
            for (int j = i + 1; j < users.size(); j++) {
                people.link(users.get(i), users.get(j));
            }
        }
        Map<UUID, Long> seenBefore = new HashMap<>();
        for (Api.TestUser user : users) {
            seenBefore.put(user.id(), (long) people.changes(user, 0).size());
        }

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int u = 0; u < users.size(); u++) {
                Api.TestUser me = users.get(u);
                List<Api.TestUser> others =
                        users.stream().filter(x -> !x.id().equals(me.id())).toList();
                long seed = 1000L + u;
                done.add(pool.submit(() -> work(me, others, new Random(seed), failures)));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();

        // Nets: zero per currency over everyone, and each pair mirrors.
        Map<String, BigDecimal> sums = new HashMap<>();
        Map<String, BigDecimal> pairs = new HashMap<>();
        for (Api.TestUser user : users) {
            JsonNode balances =
                    api.get("/api/balances", user.token()).expect(200).json();
            for (JsonNode row : balances.get("byFriend")) {
                BigDecimal net = new BigDecimal(row.get("net").asString());
                String currency = row.get("currency").asString();
                sums.merge(currency, net, BigDecimal::add);
                pairs.put(user.id() + ">" + row.get("friendUserId").asString() + " " + currency, net);
            }
            BigDecimal totals = BigDecimal.ZERO;
            for (JsonNode total : balances.get("totals")) {
                assertThat(new BigDecimal(total.get("net").asString()))
                        .isEqualByComparingTo(new BigDecimal(
                                        total.get("owedToYou").asString())
                                .subtract(new BigDecimal(total.get("youOwe").asString())));
                totals = totals.add(BigDecimal.ONE);
            }
        }
        assertThat(pairs).isNotEmpty();
        sums.forEach((currency, sum) -> assertThat(sum).as(currency).isZero());
        pairs.forEach((key, net) -> {
            String[] parts = key.split("[> ]");
            BigDecimal mirror = pairs.get(parts[1] + ">" + parts[0] + " " + parts[2]);
            assertThat(mirror).as(key).isNotNull();
            assertThat(mirror.negate()).as(key).isEqualByComparingTo(net);
        });

        // Feeds: replaying each user's changes gives exactly their lists; seqs have no gap.
        for (Api.TestUser user : users) {
            List<JsonNode> feed = people.changes(user, 0);
            for (int i = 0; i < feed.size(); i++) {
                assertThat(feed.get(i).get("seq").asLong()).isEqualTo(i + 1);
            }
            Map<String, Map<String, JsonNode>> state = new HashMap<>();
            for (JsonNode change : feed.subList(seenBefore.get(user.id()).intValue(), feed.size())) {
                Map<String, JsonNode> objects =
                        state.computeIfAbsent(change.get("entity").asString(), k -> new HashMap<>());
                if (change.get("op").asString().equals("deleted")) {
                    assertThat(objects.remove(change.get("id").asString()))
                            .as("deleted before it was seen: %s", change)
                            .isNotNull();
                } else {
                    objects.put(change.get("id").asString(), change.get("data"));
                }
            }
            assertThat(state.getOrDefault("group_expense", Map.of()))
                    .as("group expenses of %s", user.name())
                    .isEqualTo(list(user, "/api/group-expenses"));
            assertThat(state.getOrDefault("udhari", Map.of()))
                    .as("udhari of %s", user.name())
                    .isEqualTo(list(user, "/api/udhari"));
            assertThat(state.getOrDefault("settlement", Map.of()))
                    .as("settlements of %s", user.name())
                    .isEqualTo(list(user, "/api/settlements"));
        }
        assertThat(people.changes(stranger, 0)).isEmpty();
        assertThat(api.get("/api/balances", stranger.token())
                        .expect(200)
                        .json()
                        .get("byFriend")
                        .size())
                .isZero();
    }

    private Map<String, JsonNode> list(Api.TestUser user, String path) {
        Map<String, JsonNode> byId = new HashMap<>();
        api.get(path + "?limit=1000", user.token())
                .expect(200)
                .json()
                .forEach(o -> byId.put(o.get("id").asString(), o));
        return byId;
    }

    /** One user's random mix of writes on objects they and the others create at the same time. */
    private void work(
            Api.TestUser me, List<Api.TestUser> others, Random random, ConcurrentLinkedQueue<String> failures) {
        Api client = new Api(port);
        for (int op = 0; op < OPS_PER_USER; op++) {
            int kind = random.nextInt(10);
            Api.Response r;
            if (kind < 4) {
                r = client.post("/api/group-expenses", me.token(), expense(me, others, random));
            } else if (kind < 6) {
                JsonNode mine =
                        client.get("/api/group-expenses?limit=20", me.token()).json();
                if (mine == null || mine.isEmpty()) {
                    continue;
                }
                String id = mine.get(random.nextInt(mine.size())).get("id").asString();
                r = kind == 4
                        ? client.put("/api/group-expenses/" + id, me.token(), expense(me, others, random))
                        : client.delete("/api/group-expenses/" + id, me.token());
            } else if (kind < 8) {
                Api.TestUser friend = others.get(random.nextInt(others.size()));
                r = client.post(
                        "/api/udhari",
                        me.token(),
                        Map.of(
                                "friendId", friend.id(),
                                "amount", amount(random, "INR"),
                                "type", random.nextInt(2),
                                "date", "2026-11-" + (10 + random.nextInt(10))));
                if (r.status() == 201 && random.nextBoolean()) {
                    Api.TestUser settler = random.nextBoolean() ? me : friend;
                    r = client.post("/api/udhari/" + r.text("id") + "/settle", settler.token(), Map.of());
                }
            } else {
                Api.TestUser friend = others.get(random.nextInt(others.size()));
                boolean iPay = random.nextBoolean();
                String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
                r = client.post(
                        "/api/settlements",
                        me.token(),
                        Map.of(
                                "fromUserId",
                                iPay ? me.id() : friend.id(),
                                "toUserId",
                                iPay ? friend.id() : me.id(),
                                "amount",
                                amount(random, currency),
                                "currency",
                                currency,
                                "date",
                                "2026-11-15"));
                if (r.status() == 201 && random.nextInt(3) == 0) {
                    r = client.delete("/api/settlements/" + r.text("id"), friend.token());
                }
            }
            // 404: another participant deleted the expense meanwhile. Anything else is a defect.
            if (r.status() >= 300 && r.status() != 404) {
                failures.add(r.status() + " " + r.body());
            }
        }
    }

    private static Map<String, Object> expense(Api.TestUser me, List<Api.TestUser> others, Random random) {
        List<UUID> participants = new ArrayList<>();
        participants.add(me.id());
        for (Api.TestUser other : others) {
            if (random.nextBoolean()) {
                participants.add(other.id());
            }
        }
        java.util.Collections.shuffle(participants, random);
        String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
        int decimals = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        long total = 1 + random.nextInt(200_000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Expense " + random.nextInt(1000));
        body.put("totalAmount", BigDecimal.valueOf(total, decimals).toPlainString());
        body.put("currency", currency);
        body.put("paidBy", participants.get(random.nextInt(participants.size())));
        body.put("participants", participants);
        body.put("date", "2026-11-" + (10 + random.nextInt(10)));
        int n = participants.size();
        switch (random.nextInt(4)) {
            case 0 -> body.put("splitMode", "equal");
            case 1 -> {
                long[] parts = cuts(random, total, n);
                Map<String, Object> splits = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    splits.put(
                            participants.get(i).toString(),
                            BigDecimal.valueOf(parts[i], decimals).toPlainString());
                }
                body.put("splitMode", "exact");
                body.put("splits", splits);
            }
            case 2 -> {
                long[] parts = cuts(random, 10_000, n);
                Map<String, Object> splits = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    splits.put(
                            participants.get(i).toString(),
                            BigDecimal.valueOf(parts[i], 2).toPlainString());
                }
                body.put("splitMode", "percent");
                body.put("splits", splits);
            }
            default -> {
                Map<String, Object> splits = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    splits.put(participants.get(i).toString(), i == 0 ? "1.5" : String.valueOf(random.nextInt(4)));
                }
                body.put("splitMode", "shares");
                body.put("splits", splits);
            }
        }
        return body;
    }

    /** {@code n} non-negative parts adding up to {@code total}. */
    private static long[] cuts(Random random, long total, int n) {
        long[] points = new long[n + 1];
        for (int i = 1; i < n; i++) {
            points[i] = (long) (random.nextDouble() * (total + 1));
        }
        points[n] = total;
        java.util.Arrays.sort(points, 1, n);
        long[] parts = new long[n];
        for (int i = 0; i < n; i++) {
            parts[i] = points[i + 1] - points[i];
        }
        return parts;
    }

    private static String amount(Random random, String currency) {
        int decimals = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        return BigDecimal.valueOf(1 + random.nextInt(100_000), decimals).toPlainString();
    }
}
