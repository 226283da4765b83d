package app.hisaab.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for the server under test. Each instance comes from its own made-up client
 * address (X-Forwarded-For, trusted in the test profile), so per-address rate limits stay per test.
 */
public final class Api {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String clientAddress;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.clientAddress = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    public String base() {
        return base;
    }

    public String clientAddress() {
        return clientAddress;
    }

    /** A response: status, headers and the body as JSON (null when empty or not JSON). */
    public record Response(int status, java.net.http.HttpHeaders headers, String body, JsonNode json) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        /** The field as text, for quick asserts: {@code r.text("name")}. */
        public String text(String field) {
            JsonNode node = json == null ? null : json.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        public UUID id() {
            return UUID.fromString(text("id"));
        }

        /** Asserts the status, showing the body when it differs. */
        public Response expect(int expected) {
            assertThat(status).as("status of a response with body %s", body).isEqualTo(expected);
            return this;
        }

        /** Asserts a problem+json error with the status, and returns it. */
        public Response expectProblem(int expected) {
            expect(expected);
            assertThat(contentType()).startsWith("application/problem+json");
            assertThat(json.get("status").asInt()).isEqualTo(expected);
            assertThat(json.get("type").asString()).isNotBlank();
            assertThat(json.get("title").asString()).isNotBlank();
            assertThat(json.get("error").asString()).isNotBlank();
            assertThat(body)
                    .doesNotContain("Exception")
                    .doesNotContain("at app.hisaab")
                    .doesNotContain("SQL");
            return this;
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body, Map.of());
    }

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, body, Map.of());
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body, Map.of());
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    /**
     * Sends a request. A {@code String} body is sent as is (for malformed JSON); anything else is written
     * as JSON. Headers may override the defaults.
     */
    public Response send(String method, String path, String token, Object body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("X-Forwarded-For", clientAddress);
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        all.putAll(headers);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        all.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        request.method(
                method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body(), parse(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A JSON body from name, value pairs; values may be null, UUIDs are written as text. */
    public static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1] instanceof UUID id ? id.toString() : pairs[i + 1]);
        }
        return body;
    }

    /** A registered user of the test: id, access token, refresh token and how to log in. */
    public record TestUser(UUID id, String name, String email, String password, String token, String refreshToken) {}

    /** Registers a new user with a unique email. */
    public TestUser register(String name) {
        String email = name.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID() + "@example.com";
        String password = "pass-" + UUID.randomUUID();
        Response r = post("/api/auth/register", null, Map.of("name", name, "email", email, "password", password))
                .expect(201);
        return new TestUser(
                UUID.fromString(r.json().get("user").get("id").asString()),
                name,
                email,
                password,
                r.text("token"),
                r.text("refreshToken"));
    }
}
