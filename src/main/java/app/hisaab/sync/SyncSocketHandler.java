package app.hisaab.sync;

import app.hisaab.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages of API.md "Sync: WebSocket": {@code auth} (first, or again with a fresh token before
 * the old one expires) and {@code ping}; the server sends the feed. Messages of one connection arrive
 * one at a time, whole ({@link FrameReader} joins fragments and enforces the size limit).
 */
@Component
class SyncSocketHandler implements WireSocket.Events {

    private static final Logger log = LoggerFactory.getLogger(SyncSocketHandler.class);
    private static final CloseStatus TOO_FAST = new CloseStatus(1008, "Too many messages");
    private static final CloseStatus TRY_LATER = new CloseStatus(1013, "Try again later");
    private static final CloseStatus TEXT_ONLY = new CloseStatus(1003, "Only text messages");

    record Typed(String type) {}

    record Problem(String type, String error) {}

    private final SessionHub hub;
    private final SocketAuthentication authentication;
    private final JsonMapper json;

    SyncSocketHandler(SessionHub hub, SocketAuthentication authentication, JsonMapper json) {
        this.hub = hub;
        this.authentication = authentication;
        this.json = json;
    }

    @Override
    public void opened(WireSocket socket) {
        SocketUpgrade.Handshake handshake = socket.handshake();
        SocketSession session = hub.open(socket, handshake.address());
        if (handshake.identity() != null) {
            hub.authenticate(session, handshake.identity(), handshake.since());
        }
    }

    @Override
    public void text(WireSocket socket, String message) {
        SocketSession session = socket.session();
        if (session != null && accept(session)) {
            handle(socket, session, message);
        }
    }

    private void handle(WireSocket socket, SocketSession session, String payload) {
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

    private void auth(WireSocket socket, SocketSession session, JsonNode message) {
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
        Long since = socket.handshake().since();
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
    public void binary(WireSocket socket) {
        SocketSession session = socket.session();
        if (session != null && accept(session)) {
            session.closeAfterQueued(TEXT_ONLY);
        }
    }

    @Override
    public void ping(WireSocket socket, byte[] payload) {
        SocketSession session = socket.session();
        if (session != null && accept(session)) {
            session.pong(payload);
        }
    }

    @Override
    public void pong(WireSocket socket) {
        SocketSession session = socket.session();
        if (session != null) {
            session.heard(System.nanoTime());
        }
    }

    /** Counts a message against the rate limit; false when it closed the connection. */
    private static boolean accept(SocketSession session) {
        long now = System.nanoTime();
        session.heard(now);
        if (session.tooManyMessages(now)) {
            session.closeNow(TOO_FAST);
            return false;
        }
        return true;
    }

    @Override
    public void closed(WireSocket socket, CloseStatus status) {
        SocketSession session = socket.session();
        if (session != null) {
            log.trace("WebSocket {} closed: {}", socket.id(), status.code());
            hub.closed(session, status);
        }
    }
}
