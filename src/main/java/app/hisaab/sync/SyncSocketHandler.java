package app.hisaab.sync;

import app.hisaab.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages of API.md "Sync: WebSocket": {@code auth} (first, or again with a fresh token before
 * the old one expires) and {@code ping}; the server sends the feed. Messages of one connection arrive
 * one at a time.
 */
class SyncSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(SyncSocketHandler.class);
    private static final String SESSION = SessionHub.SESSION;
    private static final String PARTIAL = SyncSocketHandler.class.getName() + ".partial";
    private static final CloseStatus TOO_BIG = new CloseStatus(1009, "Message over 16 KiB");
    private static final CloseStatus TOO_FAST = new CloseStatus(1008, "Too many messages");
    private static final CloseStatus TRY_LATER = new CloseStatus(1013, "Try again later");

    record Typed(String type) {}

    record Problem(String type, String error) {}

    private final SessionHub hub;
    private final SocketAuthentication authentication;
    private final JsonMapper json;
    private final long maxMessageBytes;

    SyncSocketHandler(
            SessionHub hub, SocketAuthentication authentication, JsonMapper json, WebSocketProperties properties) {
        this.hub = hub;
        this.authentication = authentication;
        this.json = json;
        this.maxMessageBytes = properties.maxMessageSize().toBytes();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        SocketSession session = hub.open(socket);
        socket.getAttributes().put(SESSION, session);
        if (socket.getAttributes().get(SocketHandshake.IDENTITY) instanceof SocketAuthentication.Identity identity) {
            hub.authenticate(session, identity, handshakeSince(socket));
        }
    }

    /**
     * The container hands over a message larger than its small per-connection buffer in parts (see
     * {@link WebSocketConfiguration}); they are joined here, so only a connection that sends a long
     * message holds a buffer for it, and only until the message is whole.
     */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        SocketSession session = session(socket);
        if (session == null) {
            return;
        }
        String payload = whole(socket, session, message);
        if (payload != null) {
            handle(socket, session, payload);
        }
    }

    /** The message once its last part has come, or null while parts are pending or when it was too long. */
    private String whole(WebSocketSession socket, SocketSession session, TextMessage part) {
        StringBuilder pending = (StringBuilder) socket.getAttributes().get(PARTIAL);
        if (pending == null && part.isLast()) {
            return accept(session, utf8Length(part.getPayload())) ? part.getPayload() : null;
        }
        if (pending == null) {
            pending = new StringBuilder(part.getPayloadLength() * 2);
            socket.getAttributes().put(PARTIAL, pending);
        }
        pending.append(part.getPayload());
        if (utf8Length(pending) > maxMessageBytes) {
            socket.getAttributes().remove(PARTIAL);
            session.heard(System.nanoTime());
            session.closeNow(TOO_BIG);
            return null;
        }
        if (!part.isLast()) {
            return null;
        }
        socket.getAttributes().remove(PARTIAL);
        String payload = pending.toString();
        return accept(session, utf8Length(payload)) ? payload : null;
    }

    private static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private void handle(WebSocketSession socket, SocketSession session, String payload) {
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (JacksonException e) {
            node = null;
        }
        String type = node != null && node.isObject() && node.path("type").isString()
                ? node.get("type").asString()
                : null;
        if ("ping".equals(type)) {
            session.send(hub.write(new Typed("pong")));
        } else if ("auth".equals(type)) {
            auth(socket, session, node);
        } else if (session.user() == null) {
            hub.refuse(session, "Authentication required: send {\"type\":\"auth\",\"token\":…} first");
        } else if (type == null) {
            session.send(hub.write(new Problem("error", "Messages are JSON objects with a type")));
        } else {
            session.send(hub.write(new Problem("error", "Unknown message type")));
        }
    }

    private void auth(WebSocketSession socket, SocketSession session, JsonNode message) {
        JsonNode token = message.get("token");
        if (token == null || !token.isString() || token.asString().isBlank()) {
            hub.refuse(
                    session,
                    message.has("userId")
                            ? "A token is required: sign in and send the access token, not a userId"
                            : "A token is required");
            return;
        }
        SocketAuthentication.Identity identity;
        try {
            identity = authentication.verify(token.asString());
        } catch (ApiException e) {
            session.send(hub.write(new Problem("error", e.getMessage())));
            session.closeAfterQueued(TRY_LATER);
            return;
        }
        if (identity == null) {
            hub.refuse(session, "Invalid or expired token");
            return;
        }
        if (session.user() != null) {
            if (!session.user().equals(identity.user())) {
                hub.refuse(session, "The token is for another user");
                return;
            }
            // A fresh token on a live connection: it stays open until this one expires.
            session.extend(identity.expiresAt(), identity.device());
            hub.reauthenticated(session);
            return;
        }
        Long since = handshakeSince(socket);
        JsonNode value = message.get("since");
        if (value != null && !value.isNull()) {
            long parsed = value.isIntegralNumber() && value.canConvertToLong()
                    ? value.longValue()
                    : value.isString() ? SocketAuthentication.parseSince(value.asString()) : -1;
            if (parsed < 0) {
                session.send(hub.write(new Problem("error", "since: must be a whole number, 0 or more")));
                session.closeAfterQueued(new CloseStatus(1007, "Invalid since"));
                return;
            }
            since = parsed;
        }
        hub.authenticate(session, identity, since);
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
        SocketSession session = session(socket);
        if (session != null && accept(session, message.getPayloadLength())) {
            session.closeAfterQueued(new CloseStatus(1003, "Only text messages"));
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession socket, PongMessage message) {
        SocketSession session = session(socket);
        if (session != null) {
            session.heard(System.nanoTime());
        }
    }

    /** Counts a message against the size and rate limits; false when it closed the connection. */
    private boolean accept(SocketSession session, long bytes) {
        long now = System.nanoTime();
        session.heard(now);
        if (bytes > maxMessageBytes) {
            session.closeNow(TOO_BIG);
            return false;
        }
        if (session.tooManyMessages(now)) {
            session.closeNow(TOO_FAST);
            return false;
        }
        return true;
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        log.debug("WebSocket {} transport error: {}", socket.getId(), exception.getMessage());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        SocketSession session = session(socket);
        if (session != null) {
            hub.closed(session, status);
        }
    }

    private static SocketSession session(WebSocketSession socket) {
        return (SocketSession) socket.getAttributes().get(SESSION);
    }

    private static Long handshakeSince(WebSocketSession socket) {
        return (Long) socket.getAttributes().get(SocketHandshake.SINCE);
    }
}
