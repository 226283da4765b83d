package app.hisaab;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import app.hisaab.support.IntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Runs the examples of {@code docs/client-guide.md}, in order, against the server: each {@code http} block
 * that is a request is sent and the {@code http} block after it is the answer expected; each
 * {@code websocket} block opens a connection ({@code CONNECT}) or goes on with the open one, sending
 * {@code →} messages and expecting {@code ←} ones. {@code {{name}}} is a variable: in a request, one not
 * seen before is chosen here (a UUID, a unique email, a password); in an answer it takes the server's
 * value, or must equal it when already known. {@code "…"} matches anything; objects in an answer match
 * when every field shown matches (more may be there), arrays element by element; a header shown must be
 * there and start with the value shown.
 */
@IntegrationTest
class ClientGuideIntegrationTests {

    private static final Path GUIDE = Path.of("docs", "client-guide.md");
    private static final Pattern BLOCK = Pattern.compile("(?m)^```(http|websocket)\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{([A-Za-z][\\w.]*)}}");
    /** A variable written as a bare JSON value (a number): quoted before parsing, compared as text. */
    private static final Pattern BARE_VARIABLE = Pattern.compile("(?<![\"\\w])(\\{\\{[A-Za-z][\\w.]*}})(?![\"\\w])");

    private static final String ANY = "…";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    private final Map<String, String> variables = new HashMap<>();
    private Socket socket;

    @AfterEach
    void closeSocket() {
        if (socket != null) {
            socket.close();
        }
    }

    record Block(String kind, String text, int line) {}

    @Test
    void everyExampleOfTheGuideAnswersAsTheGuideSays() throws IOException {
        List<Block> blocks = blocks(Files.readString(GUIDE));
        Api api = new Api(port);
        int requests = 0;
        int messages = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (block.kind().equals("websocket")) {
                messages += runSocket(block);
                continue;
            }
            assertThat(block.text()).as("line %d: a request", block.line()).doesNotStartWith("HTTP/");
            assertThat(i + 1)
                    .as("line %d: the answer follows the request", block.line())
                    .isLessThan(blocks.size());
            Block answer = blocks.get(++i);
            assertThat(answer.text()).as("line %d: an answer", answer.line()).startsWith("HTTP/1.1 ");
            runHttp(api, block, answer);
            requests++;
        }
        // The guide's sections: sign-in and refresh, offline creates and retries, conflicts, sync, sign-out.
        assertThat(requests).isGreaterThanOrEqualTo(15);
        assertThat(messages).isGreaterThanOrEqualTo(10);
    }

    private static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            int line = (int) markdown.substring(0, m.start())
                            .chars()
                            .filter(c -> c == '\n')
                            .count()
                    + 1;
            blocks.add(new Block(m.group(1), m.group(2), line));
        }
        return blocks;
    }

    // --- HTTP ---

    private void runHttp(Api api, Block request, Block answer) {
        String text = fillIn(request.text());
        String[] headAndBody = text.split("\n\n", 2);
        String[] head = headAndBody[0].split("\n");
        String[] requestLine = head[0].split(" ", 2);
        Map<String, String> headers = headers(head);
        String body = headAndBody.length > 1 && !headAndBody[1].isBlank() ? headAndBody[1].trim() : null;

        Api.Response response = api.send(requestLine[0], requestLine[1], null, body, headers);

        String where = "line %d: %s".formatted(answer.line(), head[0]);
        String[] expected = answer.text().split("\n\n", 2);
        String[] expectedHead = expected[0].split("\n");
        int status = Integer.parseInt(expectedHead[0].split(" ")[1]);
        assertThat(response.status())
                .as("%s answered %s", where, response.body())
                .isEqualTo(status);
        headers(expectedHead).forEach((name, value) -> {
            String actual = response.header(name);
            assertThat(actual).as("%s: header %s", where, name).isNotNull();
            if (VARIABLE.matcher(value).matches()) {
                bind(value, actual, where + " header " + name);
            } else {
                assertThat(actual).as("%s: header %s", where, name).startsWith(fillIn(value));
            }
        });
        if (expected.length > 1 && !expected[1].isBlank()) {
            assertThat(response.json())
                    .as("%s: a JSON body, got %s", where, response.body())
                    .isNotNull();
            match(parsePattern(expected[1]), response.json(), where + " body");
        } else if (status == 204) {
            assertThat(response.body()).as(where).isEmpty();
        }
    }

    private static Map<String, String> headers(String[] head) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(
                    head[i].substring(0, colon).trim(),
                    head[i].substring(colon + 1).trim());
        }
        return headers;
    }

    // --- WebSocket ---

    private int runSocket(Block block) {
        String[] parts = block.text().split("\n\n", 2);
        String messagesText = block.text();
        if (block.text().startsWith("CONNECT ")) {
            String[] head = fillIn(parts[0]).split("\n");
            if (socket != null) {
                socket.close();
            }
            socket = Socket.connect(port, head[0].substring("CONNECT ".length()), headers(head));
            messagesText = parts.length > 1 ? parts[1] : "";
        }
        assertThat(socket).as("line %d: a connection is open", block.line()).isNotNull();
        int count = 0;
        for (String line : messagesText.split("\n")) {
            String where = "line %d: %s".formatted(block.line(), line);
            if (line.isBlank()) {
                continue;
            }
            count++;
            if (line.startsWith("→ ")) {
                socket.send(fillIn(line.substring(2)));
            } else if (line.startsWith("← close ")) {
                assertThat(socket.closeCode())
                        .as(where)
                        .isEqualTo(Integer.parseInt(line.substring(8).trim()));
            } else if (line.startsWith("← ")) {
                String message = socket.next();
                assertThat(message).as("%s: a message within %s", where, WAIT).isNotNull();
                match(parsePattern(line.substring(2)), Api.JSON.readTree(message), where);
            } else {
                throw new AssertionError(where + ": neither → nor ←");
            }
        }
        return count;
    }

    /** A WebSocket client: the text messages it received, in order, and how it was closed. */
    private static final class Socket {
        private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private WebSocket webSocket;

        static Socket connect(int port, String path, Map<String, String> headers) {
            Socket socket = new Socket();
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
            headers.forEach(builder::header);
            socket.webSocket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), socket.listener())
                    .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .join();
            return socket;
        }

        private WebSocket.Listener listener() {
            return new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        messages.add(text.toString());
                        text.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                    closed.complete(statusCode);
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    closed.complete(-1);
                }
            };
        }

        void send(String text) {
            webSocket
                    .sendText(text, true)
                    .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .join();
        }

        String next() {
            try {
                return messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        int closeCode() {
            return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }

        void close() {
            webSocket.abort();
        }
    }

    // --- Variables and patterns ---

    /** The text with each known variable's value, and a new value for each one the client chooses. */
    private String fillIn(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = variables.computeIfAbsent(name, ClientGuideIntegrationTests::choose);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** What a client would choose for a value the guide leaves to it. */
    private static String choose(String name) {
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (last.endsWith("Id") || last.equals("id")) {
            return UUID.randomUUID().toString();
        }
        if (last.equals("email")) {
            return name.replace('.', '-').toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID() + "@example.com";
        }
        if (last.equals("password")) {
            return "guide-" + UUID.randomUUID();
        }
        throw new AssertionError("{{" + name + "}} is used in a request before an answer gave it a value");
    }

    private static JsonNode parsePattern(String json) {
        return Api.JSON.readTree(BARE_VARIABLE.matcher(json).replaceAll("\"$1\""));
    }

    private void match(JsonNode expected, JsonNode actual, String where) {
        if (expected.isString()) {
            String text = expected.asString();
            if (text.equals(ANY)) {
                assertThat(actual).as(where).isNotNull();
                return;
            }
            if (VARIABLE.matcher(text).matches()) {
                assertThat(actual).as(where).isNotNull();
                assertThat(actual.isContainer()).as(where).isFalse();
                bind(text, actual.asString(), where);
                return;
            }
        }
        assertThat(actual).as("%s: expected %s", where, expected).isNotNull();
        if (expected.isObject()) {
            assertThat(actual.isObject())
                    .as("%s: an object, got %s", where, actual)
                    .isTrue();
            for (String field : expected.propertyNames()) {
                assertThat(actual.has(field))
                        .as("%s: field %s in %s", where, field, actual)
                        .isTrue();
                match(expected.get(field), actual.get(field), where + "." + field);
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray())
                    .as("%s: an array, got %s", where, actual)
                    .isTrue();
            assertThat(actual.size()).as("%s: items in %s", where, actual).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                match(expected.get(i), actual.get(i), where + "[" + i + "]");
            }
        } else {
            assertThat(actual).as(where).isEqualTo(expected);
        }
    }

    private void bind(String variable, String actual, String where) {
        Matcher m = VARIABLE.matcher(variable);
        assertThat(m.matches()).isTrue();
        String known = variables.putIfAbsent(m.group(1), actual);
        if (known != null) {
            assertThat(actual).as("%s: {{%s}}", where, m.group(1)).isEqualTo(known);
        }
    }
}
