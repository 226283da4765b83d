package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.hisaab.support.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/** A WebSocket client for tests (java.net.http): collects what the server sends and how it closed. */
final class SocketClient implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private WebSocket socket;

    private SocketClient() {}

    /** Connects to {@code path} (for example {@code /ws?since=3}) with the headers; fails if the handshake fails. */
    static SocketClient connect(int port, String path, Map<String, String> headers) {
        SocketClient client = new SocketClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client.listener())
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("WebSocket handshake to " + path + " failed", e);
        }
        return client;
    }

    static SocketClient connect(int port, String path) {
        return connect(port, path, Map.of());
    }

    /** Connects with the token in the Authorization header. */
    static SocketClient connectWithToken(int port, String path, String token) {
        return connect(port, path, Map.of("Authorization", "Bearer " + token));
    }

    /** The HTTP status of a handshake that is refused. */
    static int refusedStatus(int port, String path, Map<String, String> headers) {
        return refused(port, path, headers).statusCode();
    }

    /** The HTTP response to a handshake that is refused. */
    static HttpResponse<?> refused(int port, String path, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            WebSocket socket = builder.buildAsync(
                            URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() {})
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            socket.abort();
            throw new AssertionError("the handshake to " + path + " succeeded");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) cause).getResponse();
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                pings.incrementAndGet(); // the client answers with a pong by itself
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    messages.add(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(1006);
            }
        };
    }

    /** Ping frames received from the server. */
    int pings() {
        return pings.get();
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void send(Object message) {
        send(Api.JSON.writeValueAsString(message));
    }

    /** The next message, waiting at most 10 s. */
    JsonNode next() {
        try {
            String message = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(message).as("a message within %s", WAIT).isNotNull();
            return Api.JSON.readTree(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next {@code count} messages. */
    List<JsonNode> next(int count) {
        List<JsonNode> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(next());
        }
        return received;
    }

    /** What has arrived and not been taken yet. */
    List<String> pending() {
        return List.copyOf(messages);
    }

    /** The close code the server sent, waiting at most {@code wait}. */
    int closeCode(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + wait, e);
        }
    }

    int closeCode() {
        return closeCode(WAIT);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        if (socket != null) {
            socket.abort();
        }
    }
}
