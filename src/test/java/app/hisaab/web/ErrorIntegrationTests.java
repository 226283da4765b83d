package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class ErrorIntegrationTests {

    @LocalServerPort
    int port;

    Api api;
    Api.TestUser user;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        user = api.register("Errors");
    }

    @Test
    void unknownRouteIs404() {
        api.get("/no/such/thing", null).expectProblem(404);
        api.get("/api/no-such-thing", user.token()).expectProblem(404);
    }

    @Test
    void unknownApiRouteWithoutTokenIs401SoNothingIsRevealed() {
        api.get("/api/no-such-thing", null).expectProblem(401);
    }

    @Test
    void wrongMethodIs405WithAllow() {
        Api.Response r = api.delete("/api/users/me", user.token()).expectProblem(405);

        assertThat(r.header("Allow")).contains("GET").contains("PATCH");
    }

    @Test
    void malformedJsonIs400() {
        Api.Response r = api.patch("/api/users/me", user.token(), "{\"name\": ").expectProblem(400);

        assertThat(r.text("error")).contains("Malformed JSON");
        assertThat(r.json().get("errors").isArray()).isTrue();
    }

    @Test
    void wrongJsonTypeNamesTheField() {
        Api.Response r = api.patch("/api/users/me", user.token(), "{\"name\": {\"first\": \"x\"}}")
                .expectProblem(400);

        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    @Test
    void notJsonIs415() {
        api.send("PATCH", "/api/users/me", user.token(), "name=x", Map.of("Content-Type", "text/plain"))
                .expectProblem(415);
    }

    @Test
    void bodyOver64KibIs413AndChangesNothing() {
        String name = "x".repeat(70 * 1024);
        api.patch("/api/users/me", user.token(), Map.of("name", name)).expectProblem(413);

        assertThat(api.get("/api/users/me", user.token()).text("name")).isEqualTo("Errors");
    }

    @Test
    void chunkedBodyOver64KibIs413() throws IOException {
        String body = "{\"name\":\"" + "y".repeat(70 * 1024) + "\"}";
        String response = rawRequest("PATCH /api/users/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + user.token() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json");
    }

    @Test
    void validationErrorsNameEachField() {
        Api.Response r = api.post(
                        "/api/auth/register",
                        null,
                        Map.of("name", " ", "email", "not-an-email", "phone", "call me", "password", "short"))
                .expectProblem(400);

        assertThat(r.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("name", "email", "phone", "password");
    }

    @Test
    void controlCharactersAreRejected() {
        api.patch("/api/users/me", user.token(), Map.of("name", "bad\u0007name"))
                .expectProblem(400);
        // Trimming must not hide a control character at either end.
        api.patch("/api/users/me", user.token(), Map.of("name", "Bad\u0007")).expectProblem(400);
        api.patch("/api/users/me", user.token(), Map.of("name", "\u0000Bad")).expectProblem(400);
        api.patch("/api/users/me", user.token(), Map.of("name", "Del\u007F")).expectProblem(400);
        assertThat(api.get("/api/users/me", user.token()).text("name")).isEqualTo("Errors");
        api.patch("/api/users/me", user.token(), Map.of("name", "tab\tis fine\n"))
                .expect(200);
        assertThat(api.get("/api/users/me", user.token()).text("name")).isEqualTo("tab\tis fine");
    }

    @ParameterizedTest
    @ValueSource(ints = {9 * 1024, 60 * 1024, 70 * 1024, 100 * 1024})
    void headersOver8KibAre431ProblemJsonAtAnySize(int size) throws IOException {
        // 9 KiB and 60 KiB reach RequestSizeLimit; 70 and 100 KiB pass Tomcat's own 64 KiB buffer.
        String response = rawRequest("GET /api/users/me HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "z".repeat(size)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 431")
                .contains("application/problem+json")
                .contains("\"status\":431")
                .contains("larger than 8 KiB")
                .doesNotContain("<html");
    }

    @Test
    void manyHeadersAddingUpPast8KibAre431() throws IOException {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            headers.append("X-Part-")
                    .append(i)
                    .append(": ")
                    .append("y".repeat(500))
                    .append("\r\n");
        }
        String response =
                rawRequest("GET /api/users/me HTTP/1.1\r\nHost: localhost\r\n" + headers + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 431").contains("application/problem+json");
    }

    @Test
    void requestsTomcatRefusesItselfAreProblemJsonToo() throws IOException {
        String response = rawRequest("GET /api/users/me HTTP/1.1\r\nHost: local host\r\nConnection: close\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 400")
                .contains("application/problem+json")
                .doesNotContain("<html");
    }

    @Test
    void corsEchoesAnAllowedOriginOnly() {
        Api.Response allowed = api.send(
                "OPTIONS",
                "/api/users/me",
                null,
                null,
                Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method", "GET"));
        Api.Response refused = api.send(
                "OPTIONS",
                "/api/users/me",
                null,
                null,
                Map.of("Origin", "https://evil.example.net", "Access-Control-Request-Method", "GET"));

        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    private String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
