package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.hisaab.Application;
import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Fan-out across server nodes sharing one database, and what survives the LISTEN connection dropping. */
@IntegrationTest
class WebSocketNodesIntegrationTests {

    private static final String SECRET = "test-only-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

    @LocalServerPort
    int port;

    @Autowired
    HikariDataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aChangeMadeOnOneNodeReachesSocketsOnAnotherAndShutdownCloses1012() {
        Api api = new Api(port);
        Api.TestUser user = api.register("Two Nodes");
        ConfigurableApplicationContext second = startSecondNode();
        try {
            int secondPort =
                    ((WebServerApplicationContext) second).getWebServer().getPort();
            try (SocketClient onSecond = SocketClient.connectWithToken(secondPort, "/ws", user.token());
                    SocketClient onFirst = SocketClient.connectWithToken(port, "/ws", user.token())) {
                assertThat(onSecond.next().get("type").asString()).isEqualTo("auth_success");
                assertThat(onFirst.next().get("type").asString()).isEqualTo("auth_success");

                api.patch("/api/users/me", user.token(), Map.of("name", "Seen everywhere"))
                        .expect(200);

                JsonNode there = onSecond.next();
                assertThat(there.get("seq").asLong()).isEqualTo(1);
                assertThat(there.get("data").get("name").asString()).isEqualTo("Seen everywhere");
                assertThat(onFirst.next()).isEqualTo(there);

                second.close();

                assertThat(onSecond.closeCode()).isEqualTo(1012);
            }
        } finally {
            second.close();
        }
    }

    @Test
    void aChangeCommittedWhileTheListenConnectionIsDownStillArrives() {
        Api api = new Api(port);
        Api.TestUser user = api.register("Listen Lost");
        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws", user.token())) {
            assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");
            List<Integer> before = listeners();
            assertThat(before).isNotEmpty();

            jdbc.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN (:pids)")
                    .param("pids", before)
                    .query(Boolean.class)
                    .list();
            api.patch("/api/users/me", user.token(), Map.of("name", "While nobody listened"))
                    .expect(200);

            JsonNode change = socket.next();
            assertThat(change.get("seq").asLong()).isEqualTo(1);
            assertThat(change.get("data").get("name").asString()).isEqualTo("While nobody listened");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !listeners().isEmpty() && listeners().stream().noneMatch(before::contains));

            api.patch("/api/users/me", user.token(), Map.of("name", "Listening again"))
                    .expect(200);
            assertThat(socket.next().get("seq").asLong()).isEqualTo(2);
        }
    }

    /**
     * Writers on both nodes at once, the wake-ups coalesced, and both nodes' LISTEN connections dropped
     * in the middle of the burst: every socket, on either node, still gets each of its user's changes
     * exactly once and in seq order.
     */
    @Test
    void aBurstFromManyWritersOnTwoNodesReachesEverySocketInOrderThoughTheListenersDropMidway() throws Exception {
        Api api = new Api(port);
        List<Api.TestUser> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(api.register("Burst " + i));
        }
        int writesEach = 30;
        ConfigurableApplicationContext second = startSecondNode();
        List<SocketClient> sockets = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(users.size());
        try {
            int secondPort =
                    ((WebServerApplicationContext) second).getWebServer().getPort();
            Api other = new Api(secondPort);
            for (Api.TestUser user : users) {
                for (int nodePort : List.of(port, secondPort)) {
                    SocketClient socket = SocketClient.connectWithToken(nodePort, "/ws", user.token());
                    sockets.add(socket);
                    assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");
                }
            }
            CountDownLatch oneThird = new CountDownLatch(users.size());
            List<Future<?>> writes = new ArrayList<>();
            for (Api.TestUser user : users) {
                writes.add(writers.submit(() -> {
                    for (int i = 1; i <= writesEach; i++) {
                        (i % 2 == 0 ? api : other)
                                .patch("/api/users/me", user.token(), Map.of("name", "Write " + i))
                                .expect(200);
                        if (i == writesEach / 3) {
                            oneThird.countDown();
                        }
                    }
                    return null;
                }));
            }
            assertThat(oneThird.await(60, TimeUnit.SECONDS)).isTrue();
            List<Integer> listening = listeners();
            assertThat(listening).hasSizeGreaterThanOrEqualTo(2);
            jdbc.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid IN (:pids)")
                    .param("pids", listening)
                    .query(Boolean.class)
                    .list();
            for (Future<?> write : writes) {
                write.get(120, TimeUnit.SECONDS);
            }

            for (SocketClient socket : sockets) {
                List<Long> seqs = new ArrayList<>();
                String lastName = null;
                while (seqs.size() < writesEach) {
                    JsonNode change = socket.next();
                    assertThat(change)
                            .as("change %d of a socket", seqs.size() + 1)
                            .isNotNull();
                    seqs.add(change.get("seq").asLong());
                    lastName = change.get("data").get("name").asString();
                }
                assertThat(seqs)
                        .isEqualTo(LongStream.rangeClosed(1, writesEach).boxed().toList());
                assertThat(lastName).isEqualTo("Write " + writesEach);
            }
            // A wake-up delivered twice (a local one and a sweep, a NOTIFY and a sweep) must not resend.
            Thread.sleep(3_000);
            for (SocketClient socket : sockets) {
                assertThat(socket.pending()).isEmpty();
            }
        } finally {
            writers.shutdownNow();
            sockets.forEach(SocketClient::close);
            second.close();
        }
    }

    /**
     * A rolling restart: one of two nodes shuts down while a client is connected to it and writes go on
     * through both. Requests in flight on the stopping node finish (every answer is a 200 or a refused
     * connection, and every 200 is stored); its socket gets 1012; the client reconnects to the other
     * node with {@code since} set to the last seq it applied and receives every change after it, once.
     */
    @Test
    void aNodeStoppedInARollingRestartFinishesItsRequestsAndItsClientsResumeElsewhereMissingNothing() throws Exception {
        Api api = new Api(port);
        Api.TestUser user = api.register("Rolling");
        ConfigurableApplicationContext second = startSecondNode();
        ExecutorService writers = Executors.newFixedThreadPool(3);
        try {
            int secondPort =
                    ((WebServerApplicationContext) second).getWebServer().getPort();
            Api stopping = new Api(secondPort);
            List<Long> seen = new ArrayList<>();
            long acknowledged = 0;
            try (SocketClient onStopping = SocketClient.connectWithToken(secondPort, "/ws", user.token())) {
                assertThat(onStopping.next().get("type").asString()).isEqualTo("auth_success");
                List<Future<List<String>>> writes = new ArrayList<>();
                for (int w = 0; w < 3; w++) {
                    int writer = w;
                    writes.add(writers.submit(() -> {
                        List<String> stored = new ArrayList<>();
                        for (int i = 0; i < 40; i++) {
                            String name = "W" + writer + " " + i;
                            Api target = i % 2 == 0 ? stopping : api;
                            try {
                                int status = target.patch("/api/users/me", user.token(), Map.of("name", name))
                                        .status();
                                // A node that has begun to stop may refuse a new request with 503.
                                assertThat(status).as("answer to %s", name).isIn(200, 503);
                                if (status == 200) {
                                    stored.add(name);
                                }
                            } catch (RuntimeException refused) {
                                // the stopping node no longer accepts connections: the client moves on
                            }
                        }
                        return stored;
                    }));
                }
                Thread.sleep(500);
                second.close();
                assertThat(onStopping.closeCode()).isEqualTo(1012);
                for (String message : onStopping.pending()) {
                    JsonNode change = Api.JSON.readTree(message);
                    if (change.has("seq")) {
                        seen.add(change.get("seq").asLong());
                    }
                }
                for (Future<List<String>> write : writes) {
                    List<String> stored = write.get(120, TimeUnit.SECONDS);
                    assertThat(stored).isNotEmpty();
                    acknowledged += stored.size();
                }
            }
            long since = seen.isEmpty() ? 0 : seen.get(seen.size() - 1);
            long total = jdbc.sql("SELECT last_seq FROM sync_cursors WHERE user_id = :u")
                    .param("u", user.id())
                    .query(Long.class)
                    .single();
            assertThat(total).as("changes stored, one per 200").isEqualTo(acknowledged);
            try (SocketClient resumed = SocketClient.connectWithToken(port, "/ws?since=" + since, user.token())) {
                assertThat(resumed.next().get("type").asString()).isEqualTo("auth_success");
                for (long seq = since + 1; seq <= total; seq++) {
                    seen.add(resumed.next().get("seq").asLong());
                }
                Thread.sleep(2_500);
                assertThat(resumed.pending()).isEmpty();
            }
            assertThat(seen).isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
        } finally {
            writers.shutdownNow();
            second.close();
        }
    }

    /** With no database connection to be had in time, a socket's sign-in is closed 1013, not an error. */
    @Test
    void aSignInThatCannotReachTheFeedIsClosedWithTryAgainLater() throws Exception {
        Api api = new Api(port);
        Api.TestUser user = api.register("No Connection");
        api.get("/api/users/me", user.token()).expect(200); // the token is checked and remembered
        List<java.sql.Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < dataSource.getMaximumPoolSize(); i++) {
                try {
                    held.add(dataSource.getConnection());
                } catch (java.sql.SQLException exhausted) {
                    break;
                }
            }
            try (SocketClient socket = SocketClient.connectWithToken(port, "/ws", user.token())) {
                assertThat(socket.closeCode(Duration.ofSeconds(30))).isEqualTo(1013);
            }
        } finally {
            for (java.sql.Connection connection : held) {
                connection.close();
            }
        }
        try (SocketClient socket = SocketClient.connectWithToken(port, "/ws", user.token())) {
            assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");
        }
    }

    @Test
    void theServerPingsAndClosesAConnectionThatStopsAnswering() throws IOException {
        Api api = new Api(port);
        Api.TestUser user = api.register("Heartbeat");
        ConfigurableApplicationContext node =
                startSecondNode("--hisaab.websocket.ping-interval=1s", "--hisaab.websocket.pong-timeout=4s");
        try {
            int nodePort = ((WebServerApplicationContext) node).getWebServer().getPort();
            try (SocketClient answering = SocketClient.connectWithToken(nodePort, "/ws", user.token());
                    Socket silent = new Socket("127.0.0.1", nodePort)) {
                assertThat(answering.next().get("type").asString()).isEqualTo("auth_success");
                // A client that reads what comes but never answers a ping (java.net.http always does).
                silent.setSoTimeout(15_000);
                silent.getOutputStream()
                        .write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + nodePort + "\r\nUpgrade: websocket\r\n"
                                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                        + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + user.token()
                                        + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                DataInputStream in = new DataInputStream(silent.getInputStream());
                assertThat(readHeaders(in)).startsWith("HTTP/1.1 101");
                List<Integer> opcodes = new ArrayList<>();
                int closeCode = -1;
                while (closeCode < 0) {
                    int opcode = in.readUnsignedByte() & 0x0F;
                    int length = in.readUnsignedByte() & 0x7F;
                    long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
                    byte[] payload = in.readNBytes((int) size);
                    opcodes.add(opcode);
                    if (opcode == 0x8) {
                        closeCode = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                    }
                }

                assertThat(closeCode).isEqualTo(1001);
                assertThat(opcodes.get(0)).as("auth_success, a text frame").isEqualTo(0x1);
                assertThat(opcodes).as("ping frames").contains(0x9);
                await().atMost(Duration.ofSeconds(10)).until(() -> answering.pings() >= 3);
                answering.send(Map.of("type", "ping"));
                assertThat(answering.next().get("type").asString()).isEqualTo("pong");
                assertThat(answering.isClosed()).isFalse();
            }
        } finally {
            node.close();
        }
    }

    private static String readHeaders(DataInputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            headers.append((char) in.readUnsignedByte());
        }
        return headers.toString();
    }

    private List<Integer> listeners() {
        return jdbc.sql("SELECT pid FROM pg_stat_activity WHERE application_name = 'hisaab-listen'")
                .query(Integer.class)
                .list();
    }

    private ConfigurableApplicationContext startSecondNode(String... settings) {
        String url = dataSource.getJdbcUrl();
        if (dataSource.getUsername() != null && !url.contains("user=")) {
            url += (url.contains("?") ? "&" : "?") + "user=" + dataSource.getUsername();
            if (dataSource.getPassword() != null) {
                url += "&password=" + dataSource.getPassword();
            }
        }
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--hisaab.db.url=" + url,
                "--hisaab.auth.jwt-secret=" + SECRET,
                "--spring.flyway.enabled=false",
                "--logging.level.root=WARN"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(Application.class).run(args.toArray(String[]::new));
    }
}
