package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Caps on WebSockets: 20 authenticated per user (the oldest goes), 10 per client address in the test
 * profile (500 by default; the new one goes), loopback left out of both; a logout closes the sockets of
 * that device. The test client is loopback, so a forwarded address (the test profile trusts loopback as
 * a proxy) makes it a remote client.
 */
@IntegrationTest
class WebSocketCapsIntegrationTests {

    private static final int PER_USER = 20;
    private static final int PER_ADDRESS = 10;

    @LocalServerPort
    int port;

    Api api;
    final List<SocketClient> opened = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(SocketClient::close);
    }

    @Test
    void aUsersTwentyFirstSocketClosesTheirOldestWith1008() {
        Api.TestUser user = api.register("Many devices");
        Api.TestUser other = api.register("Other");
        List<SocketClient> sockets = new ArrayList<>();
        for (int i = 0; i < PER_USER; i++) {
            sockets.add(authenticated(user, "198.51.100." + (i + 1)));
        }
        SocketClient othersSocket = authenticated(other, "198.51.100.1");

        SocketClient newest = authenticated(user, "198.51.100.99");

        assertThat(sockets.get(0).closeCode()).isEqualTo(1008);
        // The rest, the newest and another user's socket on a shared address stay open and served.
        for (SocketClient socket : List.of(sockets.get(1), sockets.get(PER_USER - 1), newest, othersSocket)) {
            socket.send(Map.of("type", "ping"));
            assertThat(socket.next().get("type").asString()).isEqualTo("pong");
            assertThat(socket.isClosed()).isFalse();
        }
        // One more again: the next oldest goes.
        authenticated(user, "198.51.100.100");
        assertThat(sockets.get(1).closeCode()).isEqualTo(1008);
        assertThat(sockets.get(2).isClosed()).isFalse();
    }

    @Test
    void anAddressMayHoldTenSocketsAuthenticatedOrNot() {
        String address = "203.0.113.7";
        Api.TestUser user = api.register("Crowded");
        List<SocketClient> sockets = new ArrayList<>();
        sockets.add(authenticated(user, address));
        for (int i = 1; i < PER_ADDRESS; i++) {
            sockets.add(connect(address, Map.of())); // not authenticated: they count too
        }

        SocketClient refused = connect(address, Map.of());
        assertThat(refused.closeCode()).isEqualTo(1008);
        SocketClient refusedWithToken = connect(address, Map.of("Authorization", "Bearer " + user.token()));
        assertThat(refusedWithToken.closeCode()).isEqualTo(1008);
        assertThat(refusedWithToken.pending()).isEmpty(); // no auth_success before the close

        // Another address is not affected, and a closed socket makes room again.
        authenticated(user, "203.0.113.8");
        sockets.get(PER_ADDRESS - 1).close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            SocketClient again = connect(address, Map.of());
            again.send(Map.of("type", "ping"));
            assertThat(again.next().get("type").asString()).isEqualTo("pong");
        });
    }

    @Test
    void loopbackClientsAreLeftOutOfBothCaps() {
        Api.TestUser user = api.register("Benchmark");
        List<SocketClient> sockets = new ArrayList<>();
        for (int i = 0; i < PER_USER + 5; i++) {
            SocketClient socket = SocketClient.connectWithToken(port, "/ws", user.token());
            opened.add(socket);
            assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");
            sockets.add(socket);
        }
        for (SocketClient socket : List.of(sockets.get(0), sockets.get(PER_USER + 4))) {
            socket.send(Map.of("type", "ping"));
            assertThat(socket.next().get("type").asString()).isEqualTo("pong");
        }
        assertThat(sockets).noneMatch(SocketClient::isClosed);
    }

    @Test
    void logoutClosesTheSocketsOfThatDeviceOnly() {
        Api.TestUser user = api.register("Two phones");
        JsonNode second = api.post("/api/auth/login", null, Map.of("email", user.email(), "password", user.password()))
                .expect(200)
                .json();
        String secondToken = second.get("token").asString();
        SocketClient first = connectWith(user.token(), "192.0.2.1");
        SocketClient firstAgain = connectWith(user.token(), "192.0.2.2");
        SocketClient other = connectWith(secondToken, "192.0.2.3");

        api.post("/api/auth/logout", user.token(), Map.of("refreshToken", user.refreshToken()))
                .expect(204);

        assertThat(first.closeCode()).isEqualTo(4401);
        assertThat(firstAgain.closeCode()).isEqualTo(4401);
        other.send(Map.of("type", "ping"));
        assertThat(other.next().get("type").asString()).isEqualTo("pong");
        assertThat(other.isClosed()).isFalse();

        // A refresh token used twice (stolen) ends that sign-in as well, with its sockets.
        String refresh = second.get("refreshToken").asString();
        JsonNode rotated = api.post("/api/auth/refresh", null, Map.of("refreshToken", refresh))
                .expect(200)
                .json();
        SocketClient rotatedSocket = connectWith(rotated.get("token").asString(), "192.0.2.4");
        api.post("/api/auth/refresh", null, Map.of("refreshToken", refresh)).expectProblem(401);
        assertThat(other.closeCode()).isEqualTo(4401);
        assertThat(rotatedSocket.closeCode()).isEqualTo(4401);
    }

    private SocketClient connect(String address, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("X-Forwarded-For", address);
        SocketClient socket = SocketClient.connect(port, "/ws", all);
        opened.add(socket);
        return socket;
    }

    private SocketClient connectWith(String token, String address) {
        SocketClient socket = connect(address, Map.of("Authorization", "Bearer " + token));
        assertThat(socket.next().get("type").asString()).isEqualTo("auth_success");
        return socket;
    }

    private SocketClient authenticated(Api.TestUser user, String address) {
        return connectWith(user.token(), address);
    }
}
