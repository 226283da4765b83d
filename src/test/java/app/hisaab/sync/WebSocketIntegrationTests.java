package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.hisaab.auth.TokenService;
import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class WebSocketIntegrationTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    TokenService tokens;

    @Autowired
    ChangeFeed feed;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void authenticatedAtTheHandshakeTheServerSendsAuthSuccessThenEachChangeAsTheFeedHasIt() {
        Api.TestUser user = api.register("Header");
        rename(user, "One");
        rename(user, "Two");
        long latest = latestSeq(user);

        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws", user.token())) {
            JsonNode hello = socket.next();
            assertThat(hello.get("type").asString()).isEqualTo("auth_success");
            assertThat(hello.get("userId").asString()).isEqualTo(user.id().toString());
            assertThat(hello.get("cursor").asLong()).isEqualTo(latest);

            rename(user, "Three");

            JsonNode change = socket.next();
            JsonNode feed = api.get("/api/sync?since=" + latest, user.token())
                    .expect(200)
                    .json()
                    .get("changes")
                    .get(0);
            assertThat(change).isEqualTo(feed);
            assertThat(change.get("seq").asLong()).isEqualTo(latest + 1);
            assertThat(change.get("type").asString()).isEqualTo("user_updated");
            assertThat(change.get("entity").asString()).isEqualTo("user");
            assertThat(change.get("op").asString()).isEqualTo("updated");
            assertThat(change.get("id").asString()).isEqualTo(user.id().toString());
            assertThat(change.get("userId").asString()).isEqualTo(user.id().toString());
            assertThat(change.get("data").get("name").asString()).isEqualTo("Three");
            assertThat(change.get("at").asString()).endsWith("Z");

            assertThat(new Api(managementPort)
                            .get("/actuator/prometheus", null)
                            .expect(200)
                            .body())
                    .containsPattern("(?m)^hisaab_websocket_sessions(\\{[^}]*\\})? [1-9]");
        }
    }

    @Test
    void rootPathAndAccessTokenInTheQueryWorkTooAndSinceReplaysWithoutAGapThenGoesLive() {
        Api.TestUser user = api.register("Query");
        rename(user, "A");
        rename(user, "B");
        rename(user, "C");

        try (SocketClient socket = SocketClient.connect(port, "/?access_token=" + user.token() + "&since=1")) {
            JsonNode hello = socket.next();
            assertThat(hello.get("type").asString()).isEqualTo("auth_success");
            assertThat(hello.get("cursor").asLong()).isEqualTo(3);
            List<JsonNode> replay = socket.next(2);
            assertThat(seqs(replay)).containsExactly(2L, 3L);
            assertThat(replay.get(1).get("data").get("name").asString()).isEqualTo("C");

            rename(user, "D");
            api.post("/api/friends", user.token(), Map.of("name", "Placeholder Pal"))
                    .expect(201);

            List<JsonNode> live = socket.next(2);
            assertThat(seqs(live)).containsExactly(4L, 5L);
            assertThat(live.get(1).get("type").asString()).isEqualTo("friend_added");
        }
    }

    @Test
    void authenticatedByTheFirstMessageWithSince() {
        Api.TestUser user = api.register("Message");
        rename(user, "A");
        rename(user, "B");

        try (SocketClient socket = SocketClient.connect(port, "/ws")) {
            socket.send(Map.of("type", "auth", "token", user.token(), "since", 1));

            JsonNode hello = socket.next();
            assertThat(hello.get("type").asString()).isEqualTo("auth_success");
            assertThat(hello.get("userId").asString()).isEqualTo(user.id().toString());
            assertThat(hello.get("cursor").asLong()).isEqualTo(2);
            assertThat(socket.next().get("seq").asLong()).isEqualTo(2);

            api.post(
                            "/api/personal-expenses",
                            user.token(),
                            Map.of("title", "Chai", "amount", "20", "date", "2026-11-24"))
                    .expect(201);
            JsonNode added = socket.next();
            assertThat(added.get("seq").asLong()).isEqualTo(3);
            assertThat(added.get("type").asString()).isEqualTo("personal_expense_added");
            assertThat(added.get("data").get("amount").asString()).isEqualTo("20.00");
        }
    }

    @Test
    void aClientThatReconnectsWithSinceMissesNothingAndSeesNothingTwice() {
        Api.TestUser user = api.register("Reconnect");
        List<Long> seen = new ArrayList<>();
        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws?since=0", user.token())) {
            socket.next(); // auth_success
            rename(user, "A");
            rename(user, "B");
            socket.next(2).forEach(change -> seen.add(change.get("seq").asLong()));
        }
        rename(user, "C"); // while offline
        rename(user, "D");

        try (SocketClient socket =
                SocketClient.connectWithToken(port, "/ws?since=" + seen.get(seen.size() - 1), user.token())) {
            assertThat(socket.next().get("cursor").asLong()).isEqualTo(4);
            rename(user, "E");
            socket.next(3).forEach(change -> seen.add(change.get("seq").asLong()));
        }

        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void concurrentWritesReachEverySocketInSeqOrderWithoutGapsOrDuplicates() throws Exception {
        Api.TestUser user = api.register("Busy");
        int writes = 60;
        try (SocketClient early = SocketClient.connectWithToken(port, "/ws?since=0", user.token())) {
            early.next();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < writes; i++) {
                    String name = "Name " + i;
                    done.add(writers.submit(() -> rename(user, name)));
                }
                // A second device joins mid-way from whatever it had, like a reconnect.
                List<Long> first = seqs(early.next(10));
                try (SocketClient late = SocketClient.connectWithToken(port, "/ws?since=5", user.token())) {
                    late.next();
                    for (Future<?> write : done) {
                        write.get(30, TimeUnit.SECONDS);
                    }
                    List<Long> all = new ArrayList<>(first);
                    all.addAll(seqs(early.next(writes - 10)));
                    assertThat(all)
                            .isEqualTo(LongStream.rangeClosed(1, writes).boxed().toList());
                    assertThat(seqs(late.next(writes - 5)))
                            .isEqualTo(LongStream.rangeClosed(6, writes).boxed().toList());
                }
            } finally {
                writers.shutdownNow();
            }
            rename(user, "After");
            assertThat(early.next().get("seq").asLong()).isEqualTo(writes + 1);
            assertThat(early.pending()).isEmpty();
        }
    }

    @Test
    void sinceAboveTheLatestSeqGetsResyncRequiredThenLiveChanges() {
        Api.TestUser user = api.register("Restored");
        rename(user, "A");

        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws?since=99", user.token())) {
            assertThat(socket.next().get("cursor").asLong()).isEqualTo(1);
            JsonNode resync = socket.next();
            assertThat(resync.get("type").asString()).isEqualTo("resync_required");
            assertThat(resync.get("cursor").asLong()).isEqualTo(1);

            rename(user, "B");
            assertThat(socket.next().get("seq").asLong()).isEqualTo(2);
        }
    }

    @Test
    void sinceOlderThanWhatIsKeptGetsResyncRequiredThenLiveChanges() {
        Api.TestUser user = api.register("Pruned");
        rename(user, "A");
        rename(user, "B");
        jdbc.sql("UPDATE change_payloads SET at = now() - interval '40 days'"
                        + " WHERE id = (SELECT payload_id FROM change_log WHERE user_id = :u AND seq = 1)")
                .param("u", user.id())
                .update();
        feed.pruneNow();

        try (SocketClient socket = SocketClient.connect(port, "/ws")) {
            socket.send(Map.of("type", "auth", "token", user.token(), "since", 0));
            assertThat(socket.next().get("cursor").asLong()).isEqualTo(2);
            JsonNode resync = socket.next();
            assertThat(resync.get("type").asString()).isEqualTo("resync_required");
            assertThat(resync.get("cursor").asLong()).isEqualTo(2);

            rename(user, "C");
            assertThat(socket.next().get("seq").asLong()).isEqualTo(3);
        }
    }

    @Test
    void anInvalidSinceInTheAuthMessageCloses1007() {
        Api.TestUser user = api.register("Bad Since");
        try (SocketClient socket = SocketClient.connect(port, "/ws")) {
            socket.send(Map.of("type", "auth", "token", user.token(), "since", -5));

            assertThat(socket.next().get("type").asString()).isEqualTo("error");
            assertThat(socket.closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void anyOtherMessageBeforeAuthenticatingGetsAuthErrorThenClose4401() {
        try (SocketClient socket = SocketClient.connect(port, "/ws")) {
            socket.send(Map.of("type", "subscribe"));

            assertThat(socket.next().get("type").asString()).isEqualTo("auth_error");
            assertThat(socket.closeCode()).isEqualTo(4401);
        }
    }

    @Test
    void aBadTokenAtTheHandshakeIs401BeforeTheUpgrade() {
        Api.TestUser user = api.register("Forged");
        String forged = user.token().substring(0, user.token().length() - 2) + "xx";

        for (HttpResponse<?> refused : List.of(
                SocketClient.refused(port, "/ws", Map.of("Authorization", "Bearer " + forged)),
                SocketClient.refused(port, "/ws?access_token=" + forged, Map.of()))) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(SocketClient.refusedStatus(port, "/?access_token=not-a-jwt", Map.of()))
                .isEqualTo(401);
        assertThat(SocketClient.refusedStatus(port, "/ws?access_token=" + user.token() + "&since=-1", Map.of()))
                .isEqualTo(400);
    }

    @Test
    void aSignedTokenForNoAccountIs401AtTheHandshakeAndAnAuthErrorByMessage() {
        Api.TestUser owner = api.register("Owner");
        UUID placeholder = UUID.fromString(api.post("/api/friends", owner.token(), Map.of("name", "Nobody"))
                .expect(201)
                .text("friendUserId"));

        for (UUID subject : List.of(UUID.randomUUID(), placeholder)) {
            String token = tokens.accessToken(subject, Duration.ofMinutes(5));
            HttpResponse<?> refused = SocketClient.refused(port, "/ws", Map.of("Authorization", "Bearer " + token));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(SocketClient.refusedStatus(port, "/ws?access_token=" + token, Map.of()))
                    .isEqualTo(401);
            try (SocketClient socket = SocketClient.connect(port, "/ws")) {
                socket.send(Map.of("type", "auth", "token", token));

                assertThat(socket.next().get("type").asString()).isEqualTo("auth_error");
                assertThat(socket.closeCode()).isEqualTo(4401);
            }
        }
        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws", owner.token())) {
            assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");
        }
    }

    @Test
    void aPlainHttpRequestToTheEndpointIsAProblem() {
        api.get("/ws", null).expectProblem(400);
        api.get("/", null).expectProblem(400);
    }

    @Test
    void theRootStillUpgradesWhileABrowserOpeningItIsSentToTheApp() {
        Api.TestUser user = api.register("Rooted");
        api.send("GET", "/", null, null, Map.of("Accept", "text/html")).expect(302);

        try (SocketClient socket = SocketClient.connectWithToken(port, "/", user.token())) {
            JsonNode hello = socket.next();
            assertThat(hello.get("type").asString()).isEqualTo("auth_success");
            assertThat(hello.get("userId").asString()).isEqualTo(user.id().toString());
        }
    }

    @Test
    void aBadTokenByMessageGetsAuthErrorThenClose4401() {
        try (SocketClient socket = SocketClient.connect(port, "/ws")) {
            socket.send(Map.of("type", "auth", "token", "not-a-jwt"));

            JsonNode error = socket.next();
            assertThat(error.get("type").asString()).isEqualTo("auth_error");
            assertThat(error.get("error").asString()).isNotBlank();
            assertThat(socket.closeCode()).isEqualTo(4401);
        }
    }

    @Test
    void thePrototypesUserIdAuthIsRefusedWith4401() {
        Api.TestUser user = api.register("Prototype");
        try (SocketClient socket = SocketClient.connect(port, "/ws")) {
            socket.send(Map.of("type", "auth", "userId", user.id().toString()));

            assertThat(socket.next().get("type").asString()).isEqualTo("auth_error");
            assertThat(socket.closeCode()).isEqualTo(4401);
        }
    }

    @Test
    void noAuthenticationWithinTenSecondsCloses4401() {
        try (SocketClient socket = SocketClient.connect(port, "/ws")) {
            assertThat(socket.closeCode(Duration.ofSeconds(15))).isEqualTo(4401);
        }
    }

    @Test
    void pingGetsPongBeforeAndAfterAuthentication() {
        Api.TestUser user = api.register("Pinger");
        try (SocketClient socket = SocketClient.connect(port, "/ws")) {
            socket.send(Map.of("type", "ping"));
            assertThat(socket.next().get("type").asString()).isEqualTo("pong");

            socket.send(Map.of("type", "auth", "token", user.token()));
            assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");
            socket.send(Map.of("type", "ping"));
            assertThat(socket.next().get("type").asString()).isEqualTo("pong");
        }
    }

    @Test
    void aMessageOver16KiBCloses1009() {
        Api.TestUser user = api.register("Big");
        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws", user.token())) {
            socket.next();
            socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(16 * 1024) + "\"}");

            assertThat(socket.closeCode()).isEqualTo(1009);
        }
    }

    /** Longer than the container's buffer, so it arrives in parts; 2-byte characters cross their joins. */
    @Test
    void aMessageJustUnder16KiBIsJoinedAndAnswered() {
        Api.TestUser user = api.register("Long");
        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws", user.token())) {
            socket.next();
            String pad = "é".repeat(8 * 1024 - 20);
            socket.send("{\"type\":\"ping\",\"pad\":\"" + pad + "\"}");

            assertThat(socket.next().get("type").asString()).isEqualTo("pong");
            socket.send("{\"type\":\"ping\",\"pad\":\"" + pad + "\u00e9".repeat(20) + "\"}");
            assertThat(socket.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void moreThanTwentyMessagesASecondCloses1008() {
        Api.TestUser user = api.register("Flood");
        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws", user.token())) {
            socket.next();
            for (int i = 0; i < 40 && !socket.isClosed(); i++) {
                socket.send("{\"type\":\"ping\"}");
            }

            assertThat(socket.closeCode()).isEqualTo(1008);
        }
    }

    @Test
    void aBrowserOriginNotInCorsOriginsIs403AndAnAllowedOneConnects() {
        Api.TestUser user = api.register("Browser");

        assertThat(SocketClient.refusedStatus(
                        port, "/ws?access_token=" + user.token(), Map.of("Origin", "https://evil.example.com")))
                .isEqualTo(403);
        try (SocketClient socket = SocketClient.connect(
                port, "/ws?access_token=" + user.token(), Map.of("Origin", "https://app.example.com"))) {
            assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");
        }
    }

    @Test
    void onlyTheUsersConcernedReceiveAChange() {
        Api.TestUser writer = api.register("Writer");
        Api.TestUser other = api.register("Other");
        try (SocketClient mine = SocketClient.connectWithToken(port, "/ws", writer.token());
                SocketClient secondDevice = SocketClient.connectWithToken(port, "/ws", writer.token());
                SocketClient theirs = SocketClient.connectWithToken(port, "/ws", other.token())) {
            mine.next();
            secondDevice.next();
            theirs.next();

            api.post("/api/friends", writer.token(), Map.of("name", "Someone")).expect(201);
            rename(other, "Other renamed");

            assertThat(mine.next().get("type").asString()).isEqualTo("friend_added");
            assertThat(secondDevice.next().get("type").asString()).isEqualTo("friend_added");
            JsonNode received = theirs.next();
            assertThat(received.get("type").asString()).isEqualTo("user_updated");
            assertThat(received.get("userId").asString()).isEqualTo(other.id().toString());
            assertThat(theirs.pending()).isEmpty();
        }
    }

    @Test
    void anExpiredTokenClosesALiveConnectionWith4401() {
        Api.TestUser user = api.register("Expiring");
        String shortLived = tokens.accessToken(user.id(), Duration.ofSeconds(2));
        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws", shortLived)) {
            assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");

            assertThat(socket.closeCode()).isEqualTo(4401);
        }
    }

    @Test
    void aFreshTokenSentBeforeExpiryKeepsTheConnectionOpen() {
        Api.TestUser user = api.register("Refreshing");
        Instant expiry = Instant.now().plusSeconds(2);
        String shortLived = tokens.accessToken(user.id(), Duration.ofSeconds(2));
        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws", shortLived)) {
            socket.next();
            socket.send(Map.of("type", "auth", "token", user.token()));
            JsonNode again = socket.next();
            assertThat(again.get("type").asString()).isEqualTo("auth_success");
            assertThat(again.get("userId").asString()).isEqualTo(user.id().toString());
            assertThat(again.get("cursor").asLong()).isZero();

            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiry.plusSeconds(2)));
            rename(user, "Still here");

            assertThat(socket.next().get("data").get("name").asString()).isEqualTo("Still here");
            assertThat(socket.isClosed()).isFalse();
        }
    }

    private void rename(Api.TestUser user, String name) {
        api.patch("/api/users/me", user.token(), Map.of("name", name)).expect(200);
    }

    private long latestSeq(Api.TestUser user) {
        return api.get("/api/sync?since=0&limit=2000", user.token())
                .expect(200)
                .json()
                .get("cursor")
                .asLong();
    }

    private static List<Long> seqs(List<JsonNode> changes) {
        return changes.stream().map(change -> change.get("seq").asLong()).toList();
    }
}
