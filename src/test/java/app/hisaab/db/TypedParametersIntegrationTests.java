package app.hisaab.db;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every statement parameter reaches PostgreSQL with its type ({@link Bind}), so no statement is described
 * for its parameters and none costs the driver's extra round trip before it. The driver's own trace says
 * both: it logs each Parse with the parameter types (0 is "unspecified") and each Sync it forces before a
 * statement. The first check is the one that holds: a statement that is not yet server-prepared on its
 * connection is parsed on every execution, so an untyped parameter shows in a Parse whichever pooled
 * connection runs it. The second sees a forced Sync only where one connection ran a statement past the
 * driver's prepare threshold (5). Each request below runs seven times, with its optional values both
 * present and absent.
 */
@IntegrationTest
class TypedParametersIntegrationTests {

    /** More than the driver's prepareThreshold, though the pool spreads the executions over its connections. */
    private static final int RUNS = 7;

    private static final Pattern OIDS = Pattern.compile("oids=\\{([^}]*)\\}\\)$");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;
    People people;

    /** Held here: the logging framework keeps loggers only weakly. */
    private Logger driver;

    private final Trace trace = new Trace();
    private Level level;
    private boolean parents;

    /** What the driver's trace showed: Parses with an unspecified type, and forced Syncs. */
    static final class Trace extends Handler {
        final List<String> untyped = new ArrayList<>();
        int forcedSyncs;

        @Override
        public synchronized void publish(LogRecord record) {
            String message = record.getMessage();
            if (message == null) {
                return;
            }
            if (message.startsWith("Forcing Sync")) {
                forcedSyncs++;
            } else if (message.startsWith(" FE=> Parse(")) {
                Matcher oids = OIDS.matcher(message);
                if (oids.find() && List.of(oids.group(1).split(",")).contains("0")) {
                    untyped.add(message.substring(0, Math.min(message.length(), 300)));
                }
            }
        }

        synchronized List<String> untyped() {
            return List.copyOf(untyped);
        }

        synchronized int forcedSyncs() {
            return forcedSyncs;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
        people = new People(api);
        driver = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        level = driver.getLevel();
        parents = driver.getUseParentHandlers();
        driver.setUseParentHandlers(false);
        driver.addHandler(trace);
        driver.setLevel(Level.FINEST);
    }

    @AfterEach
    void tearDown() {
        driver.setLevel(level);
        driver.removeHandler(trace);
        driver.setUseParentHandlers(parents);
    }

    @Test
    void theTraceSeesAnUntypedParameterAndTheSyncItCosts() {
        // A null without a type, in a statement whose answer is text: the detector must see both.
        for (int i = 0; i < RUNS; i++) {
            jdbc.sql("SELECT CAST(:nothing AS text) AS untyped_probe")
                    .param("nothing", null)
                    .query(String.class)
                    .optional();
        }
        assertThat(trace.untyped()).anyMatch(parse -> parse.contains("untyped_probe"));
        assertThat(trace.forcedSyncs()).isPositive();
    }

    @Test
    void theWritesAndReadsOfEveryFeatureSendTypedParameters() {
        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        people.link(asha, ravi);
        UUID placeholder = people.placeholder(asha, "Meera");
        String group = api.post(
                        "/api/groups",
                        asha.token(),
                        body("name", "Trip", "members", List.of(ravi.id().toString(), placeholder.toString())))
                .expect(201)
                .text("id");

        for (int i = 0; i < RUNS; i++) {
            boolean full = i % 2 == 0;
            String date = "2026-11-" + (10 + i);
            api.post(
                            "/api/personal-expenses",
                            asha.token(),
                            full
                                    ? body(
                                            "title",
                                            "Lunch",
                                            "description",
                                            "with the team",
                                            "amount",
                                            "120.50",
                                            "category",
                                            "food",
                                            "date",
                                            date)
                                    : body("title", "Bus", "amount", "20", "date", date))
                    .expect(201);
            String expense = api.post(
                            "/api/group-expenses",
                            asha.token(),
                            body(
                                    "title",
                                    "Dinner",
                                    "totalAmount",
                                    "300",
                                    "paidBy",
                                    asha.id(),
                                    "participants",
                                    List.of(asha.id().toString(), ravi.id().toString(), placeholder.toString()),
                                    "date",
                                    date))
                    .expect(201)
                    .text("id");
            api.patch("/api/group-expenses/" + expense, ravi.token(), body("title", "Dinner " + i))
                    .expect(200);
            api.post(
                            "/api/group-expenses",
                            ravi.token(),
                            body(
                                    "groupId",
                                    group,
                                    "title",
                                    "Fuel",
                                    "totalAmount",
                                    "90",
                                    "paidBy",
                                    ravi.id(),
                                    "participants",
                                    List.of(asha.id().toString(), ravi.id().toString()),
                                    "date",
                                    date))
                    .expect(201);
            String udhari = api.post(
                            "/api/udhari",
                            asha.token(),
                            full
                                    ? body("friendId", ravi.id(), "amount", "50", "type", 0, "date", date)
                                    : body(
                                            "friendId",
                                            ravi.id(),
                                            "amount",
                                            "75",
                                            "type",
                                            1,
                                            "description",
                                            "train tickets",
                                            "date",
                                            date))
                    .expect(201)
                    .text("id");
            api.post("/api/udhari/" + udhari + "/settle", ravi.token(), body("date", date))
                    .expect(200);
            api.post(
                            "/api/settlements",
                            ravi.token(),
                            full
                                    ? body("fromUserId", ravi.id(), "toUserId", asha.id(), "amount", "10", "date", date)
                                    : body(
                                            "fromUserId",
                                            ravi.id(),
                                            "toUserId",
                                            asha.id(),
                                            "amount",
                                            "5",
                                            "date",
                                            date,
                                            "note",
                                            "cash"))
                    .expect(201);
        }
        for (int i = 0; i < RUNS; i++) {
            for (String path : List.of(
                    "/api/personal-expenses",
                    "/api/personal-expenses?category=food&from=2026-11-01&to=2026-11-30",
                    "/api/personal-expenses/summary?month=2026-11",
                    "/api/group-expenses",
                    "/api/group-expenses?friendUserId=" + ravi.id(),
                    "/api/udhari",
                    "/api/udhari?status=1&friendUserId=" + ravi.id(),
                    "/api/settlements",
                    "/api/friends",
                    "/api/groups",
                    "/api/groups/" + group + "/balances",
                    "/api/balances",
                    "/api/balances/" + ravi.id(),
                    "/api/invites",
                    "/api/sync?since=0&limit=5")) {
                api.get(path, asha.token()).expect(200);
            }
            // The second page of each list, from the cursor its first page gave.
            for (String list : List.of(
                    "/api/personal-expenses",
                    "/api/group-expenses",
                    "/api/udhari",
                    "/api/settlements",
                    "/api/friends",
                    "/api/groups",
                    "/api/invites")) {
                Api.Response page = api.get(list + "?limit=2", asha.token()).expect(200);
                String next = page.header("X-Next-Cursor");
                if (next != null) {
                    api.get(list + "?limit=2&before=" + next, asha.token()).expect(200);
                }
            }
        }

        assertThat(trace.untyped()).isEmpty();
        assertThat(trace.forcedSyncs()).isZero();
    }
}
