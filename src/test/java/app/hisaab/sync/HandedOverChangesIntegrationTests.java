package app.hisaab.sync;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import app.hisaab.support.People;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A change committed on this node is handed to the delivery of its recipients with its seq, and goes out
 * without reading the feed only when it follows right on the sessions' cursor; handed over out of commit
 * order, or after a change that was not handed over, the feed is read and the sessions still get every
 * change once, in seq order. A delivery of the test's own runs on the real feed, so each step is seen.
 */
@IntegrationTest
class HandedOverChangesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ChangeFeed feed;

    @Autowired
    ChangeLog changeLog;

    @Autowired
    ChangeRepository changes;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JsonMapper json;

    @Autowired
    WebSocketProperties properties;

    @Autowired
    Clock clock;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FeedDelivery delivery;
    private Api api;

    /** A connection that takes every frame at once and keeps its text. */
    private static final class Recording implements Wire {
        final List<String> texts = new CopyOnWriteArrayList<>();

        @Override
        public String id() {
            return "recording";
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void write(Frame frame, Written done) {
            byte[] bytes = frame.bytes();
            int header = bytes.length - (int) frame.payloadLength();
            texts.add(new String(Arrays.copyOfRange(bytes, header, bytes.length), StandardCharsets.UTF_8));
            done.done(null);
        }

        @Override
        public void close(CloseStatus status) {}

        @Override
        public long waitingSince() {
            return 0;
        }
    }

    private record Committed(PendingChange change, long seq) {}

    @BeforeEach
    void setUp() {
        api = new Api(port);
        delivery = new FeedDelivery(feed, json, properties, clock, registry);
    }

    @AfterEach
    void tearDown() {
        delivery.stop();
        delivery.shutdown();
    }

    @Test
    void aChangeThatFollowsTheCursorGoesOutWithoutAReadAndAsTheFeedWouldHaveIt() {
        UUID user = api.register("Handed").id();
        long cursor = feed.latestSeq(user);
        Recording socket = join(user, cursor);

        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", "Zoë \"Z\" — ₹ / 日本");
        view.put("amount", "12.50");
        view.put("version", 3);
        view.put("nested", Map.of("list", List.of(1, 2, 3), "empty", Map.of(), "none", "")); // key order differs
        Committed change = commit(user, view);
        assertThat(change.seq()).isEqualTo(cursor + 1);
        delivery.deliver(user, change.change(), change.seq());

        await().atMost(Duration.ofSeconds(10)).until(() -> socket.texts.size() == 1);
        assertThat(reads()).isZero();
        JsonNode handed = json.readTree(socket.texts.get(0));
        JsonNode read = json.readTree(
                json.writeValueAsString(feed.read(user, cursor, 10).changes().get(0)));
        assertThat(handed).isEqualTo(read);
        assertThat(handed.get("seq").asLong()).isEqualTo(cursor + 1);
        assertThat(handed.get("data").get("name").asString()).isEqualTo("Zoë \"Z\" — ₹ / 日本");
    }

    @Test
    void changesHandedOverOutOfCommitOrderGoOutInSeqOrderOnce() throws InterruptedException {
        UUID user = api.register("Reordered").id();
        long cursor = feed.latestSeq(user);
        Recording socket = join(user, cursor);
        Committed first = commit(user, Map.of("name", "First"));
        Committed second = commit(user, Map.of("name", "Second"));

        // The second commit's hand-over comes first (its thread ran on sooner): it does not follow the
        // cursor, so the feed is read, and it brings both.
        delivery.deliver(user, second.change(), second.seq());
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.texts.size() == 2);
        assertThat(reads()).isEqualTo(1);
        delivery.deliver(user, first.change(), first.seq());
        Thread.sleep(300);

        assertThat(seqs(socket)).containsExactly(cursor + 1, cursor + 2);
        assertThat(reads()).isEqualTo(1);
    }

    @Test
    void aChangeHandedOverAfterOneThatWasNotIsReadWithIt() throws InterruptedException {
        UUID user = api.register("Gap").id();
        long cursor = feed.latestSeq(user);
        Recording socket = join(user, cursor);
        commit(user, Map.of("name", "From another node")); // its wake-up is still on the way
        Committed mine = commit(user, Map.of("name", "Mine"));

        delivery.deliver(user, mine.change(), mine.seq());
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.texts.size() == 2);
        Committed next = commit(user, Map.of("name", "Next"));
        delivery.deliver(user, next.change(), next.seq());
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.texts.size() == 3);
        delivery.deliver(user); // the other node's wake-up, late: nothing is left to send
        Thread.sleep(300);

        assertThat(seqs(socket)).containsExactly(cursor + 1, cursor + 2, cursor + 3);
        assertThat(reads()).isEqualTo(2);
    }

    @Test
    void twoSessionsBehindByDifferentAmountsEachGetWhatTheyMissed() {
        UUID user = api.register("Two devices").id();
        long cursor = feed.latestSeq(user);
        commit(user, Map.of("name", "Before the second device"));
        Recording behind = join(user, cursor);
        Recording current = join(user, cursor + 1);
        Committed change = commit(user, Map.of("name", "Both"));

        delivery.deliver(user, change.change(), change.seq());
        await().atMost(Duration.ofSeconds(10)).until(() -> behind.texts.size() == 2);

        assertThat(seqs(behind)).containsExactly(cursor + 1, cursor + 2);
        assertThat(seqs(current)).containsExactly(cursor + 2);
    }

    /**
     * Through the server: writers who share every recipient create group expenses at once, so their
     * commits' hand-overs race each other; every socket gets each of its user's changes once, in order.
     */
    @Test
    void concurrentGroupExpensesBetweenTheSameFriendsReachEverySocketInSeqOrder() throws Exception {
        People people = new People(api);
        List<Api.TestUser> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            users.add(new Api(port).register("Racer " + i));
        }
        people.link(users.get(0), users.get(1));
        people.link(users.get(0), users.get(2));
        people.link(users.get(1), users.get(2));
        List<String> everyone = users.stream().map(u -> u.id().toString()).toList();
        int writesEach = 20;
        List<SocketClient> sockets = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(users.size());
        try {
            for (Api.TestUser user : users) {
                long start = feed.latestSeq(user.id());
                for (int device = 0; device < 2; device++) {
                    SocketClient socket = SocketClient.connectWithToken(port, "/ws?since=" + start, user.token());
                    assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");
                    sockets.add(socket);
                    starts.add(start);
                }
            }
            List<Future<?>> writes = new ArrayList<>();
            for (Api.TestUser writer : users) {
                writes.add(writers.submit(() -> {
                    for (int i = 0; i < writesEach; i++) {
                        api.post(
                                        "/api/group-expenses",
                                        writer.token(),
                                        body(
                                                "title",
                                                "Round " + i,
                                                "totalAmount",
                                                "30",
                                                "paidBy",
                                                writer.id(),
                                                "participants",
                                                everyone,
                                                "date",
                                                "2026-12-04"))
                                .expect(201);
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get(120, TimeUnit.SECONDS);
            }
            int total = writesEach * users.size();
            for (int i = 0; i < sockets.size(); i++) {
                List<Long> seqs = new ArrayList<>();
                for (JsonNode change : sockets.get(i).next(total)) {
                    seqs.add(change.get("seq").asLong());
                }
                long start = starts.get(i);
                assertThat(seqs)
                        .isEqualTo(LongStream.rangeClosed(start + 1, start + total)
                                .boxed()
                                .toList());
            }
            Thread.sleep(500);
            for (SocketClient socket : sockets) {
                assertThat(socket.pending()).isEmpty();
            }
        } finally {
            writers.shutdownNow();
            sockets.forEach(SocketClient::close);
        }
    }

    private Recording join(UUID user, long cursor) {
        Recording socket = new Recording();
        SocketSession session = new SocketSession(socket, 1 << 20, 20, System.nanoTime());
        session.cursor(cursor);
        delivery.join(user, session, sessions -> {});
        return socket;
    }

    /** Records a change for the user in its own transaction, without waking anyone. */
    private Committed commit(UUID user, Object view) {
        return transactions.execute(status -> {
            PendingChange change = changeLog.prepare(Entity.USER, Op.UPDATED, user, user, List.of(user), view);
            PendingChange.Recorded recorded = changes.append(change);
            assertThat(recorded.users()).containsExactly(user);
            return new Committed(change, recorded.seqs()[0]);
        });
    }

    private double reads() {
        return registry.get("hisaab.websocket.feed.reads").counter().count();
    }

    private List<Long> seqs(Recording socket) {
        return socket.texts.stream()
                .map(text -> json.readTree(text).get("seq").asLong())
                .toList();
    }
}
