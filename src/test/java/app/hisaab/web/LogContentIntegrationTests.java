package app.hisaab.web;

import static app.hisaab.support.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the server logs of a whole session: one line per request with its id, and no secret or body. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogContentIntegrationTests {

    private static final String REQUEST_LOG = RequestLogging.LOGGER;

    @LocalServerPort
    int port;

    @Autowired
    LoggingSystem logging;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        logging.setLogLevel(REQUEST_LOG, LogLevel.INFO);
    }

    @AfterEach
    void tearDown() {
        logging.setLogLevel(REQUEST_LOG, LogLevel.WARN);
    }

    @Test
    void aScriptedSessionLogsEachRequestWithItsIdAndNoSecretOrBody(CapturedOutput output) {
        int start = output.length();
        List<Api.Response> responses = new ArrayList<>();
        List<String> secrets = new ArrayList<>();

        Api.TestUser asha = api.register("Asha");
        Api.TestUser ravi = api.register("Ravi");
        secrets.addAll(List.of(asha.password(), asha.token(), asha.refreshToken(), ravi.password(), ravi.token()));
        Api.Response login = api.post(
                        "/api/auth/login", null, Map.of("email", asha.email(), "password", asha.password()))
                .expect(200);
        responses.add(login);
        secrets.addAll(List.of(login.text("token"), login.text("refreshToken")));
        Api.Response refreshed = api.post("/api/auth/refresh", null, Map.of("refreshToken", login.text("refreshToken")))
                .expect(200);
        responses.add(refreshed);
        secrets.addAll(List.of(refreshed.text("token"), refreshed.text("refreshToken")));
        String token = refreshed.text("token");
        // A login with the wrong password and a body that is not JSON: both are refused, neither is logged.
        String wrong = "wrong-" + UUID.randomUUID();
        secrets.add(wrong);
        responses.add(api.post("/api/auth/login", null, Map.of("email", asha.email(), "password", wrong))
                .expect(401));
        String broken = "{\"password\": \"broken-" + UUID.randomUUID() + "\", ";
        secrets.add(broken.substring(14, 50));
        responses.add(api.post("/api/auth/login", null, broken).expectProblem(400));

        Api.Response invite =
                api.post("/api/invites", token, Map.of("friendName", "Ravi")).expect(201);
        responses.add(invite);
        secrets.add(invite.text("inviteCode"));
        responses.add(api.post("/api/invites/accept", ravi.token(), Map.of("inviteCode", invite.text("inviteCode")))
                .expect(200));
        String note = "body-marker-" + UUID.randomUUID();
        secrets.add(note);
        responses.add(api.post(
                        "/api/personal-expenses",
                        token,
                        body("title", note, "amount", "12.50", "date", "2026-11-24", "description", note))
                .expect(201));
        responses.add(api.post("/api/auth/logout", token, Map.of("refreshToken", refreshed.text("refreshToken")))
                .expect(204));
        // An id sent by a trusted proxy (the test profile trusts 127.0.0.1) is kept; a malformed one is not.
        Api.Response traced = api.send("GET", "/api/users/me", ravi.token(), null, Map.of("X-Request-Id", "lb-7f3a"));
        assertThat(traced.header("X-Request-Id")).isEqualTo("lb-7f3a");
        Api.Response odd = api.send(
                "GET", "/api/users/me", ravi.token(), null, Map.of("X-Request-Id", "a b\" {}" + asha.password()));
        assertThat(odd.header("X-Request-Id")).isNotBlank().doesNotContain(" ");
        responses.add(traced);
        responses.add(odd);

        String log = output.toString().substring(start);
        for (Api.Response response : responses) {
            String id = response.header("X-Request-Id");
            assertThat(id).isNotBlank();
            assertThat(log)
                    .as("the request log line of request %s", id)
                    .containsPattern("\\[" + java.util.regex.Pattern.quote(id) + "\\] .*"
                            + java.util.regex.Pattern.quote(REQUEST_LOG) + ".* " + response.status() + " ");
        }
        assertThat(log).contains("POST /api/invites/accept 200").contains("POST /api/auth/logout 204");
        for (String secret : secrets) {
            assertThat(secret).isNotBlank();
            assertThat(log).as("the log").doesNotContain(secret);
        }
        assertThat(log).doesNotContain("12.50").doesNotContain("Bearer").doesNotContain("Authorization");
    }
}
