package app.hisaab.sync;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * This node's open WebSockets by user: who may open and stay (the caps per address and per user), the
 * answers to authentication, and the lifecycle. Each user's feed goes out through {@link FeedDelivery};
 * the {@link Heartbeat} closes sessions that never authenticate, whose token expired or that stopped
 * answering, and pings the rest.
 */
@Component
class SessionHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionHub.class);

    record AuthSuccess(String type, UUID userId, long cursor) {}

    record AuthError(String type, String error) {}

    static final CloseStatus TOO_MANY_FOR_USER = new CloseStatus(1008, "Too many connections for this user");
    static final CloseStatus TOO_MANY_FROM_ADDRESS = new CloseStatus(1008, "Too many connections from this address");
    static final CloseStatus LOGGED_OUT = new CloseStatus(4401, "Logged out");
    static final CloseStatus FEED_UNAVAILABLE = new CloseStatus(1013, "Try again later");

    private final ChangeFeed feed;
    private final JsonMapper json;
    private final WebSocketProperties properties;
    private final Set<SocketSession> sessions = ConcurrentHashMap.newKeySet();
    private final FeedDelivery deliveries;
    private final Heartbeat heartbeat;

    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong joins = new AtomicLong();
    private final MeterRegistry registry;
    private volatile boolean running;
    private volatile boolean stopped;

    SessionHub(ChangeFeed feed, JsonMapper json, WebSocketProperties properties, Clock clock, MeterRegistry registry) {
        this.feed = feed;
        this.json = json;
        this.properties = properties;
        this.registry = registry;
        Gauge.builder("hisaab.websocket.sessions", sessions, Set::size)
                .description("Open WebSocket connections on this node")
                .register(registry);
        this.deliveries = new FeedDelivery(feed, json, properties, clock, registry);
        this.heartbeat = new Heartbeat(this, sessions, deliveries, properties, clock);
    }

    /** A new connection from the client address the handshake found (a trusted proxy's forwarded one, else the peer). */
    SocketSession open(WireSocket socket, String address) {
        SocketSession session = new SocketSession(
                socket, properties.maxQueue().toBytes(), properties.messagesPerSecond(), System.nanoTime());
        boolean capped = !(properties.limitsExemptLoopback() && isLoopback(address));
        session.address(address, capped);
        // Before any close: the close may be handled on another thread, and it finds the session here.
        socket.session(session);
        sessions.add(session);
        if (stopped) {
            session.closeNow(CloseStatus.SERVICE_RESTARTED);
        } else if (capped && perAddress.merge(address, 1, Integer::sum) > properties.maxSocketsPerAddress()) {
            log.debug(
                    "Closing WebSocket {}: more than {} from one address",
                    session.id(),
                    properties.maxSocketsPerAddress());
            session.closeNow(TOO_MANY_FROM_ADDRESS);
        }
        return session;
    }

    void closed(SocketSession session, CloseStatus status) {
        registry.counter("hisaab.websocket.closes", "code", Integer.toString(status.code()))
                .increment();
        if (sessions.remove(session) && session.capped() && !stopped) {
            perAddress.computeIfPresent(session.address(), (address, count) -> count <= 1 ? null : count - 1);
        }
        UUID user = session.user();
        if (user != null) {
            leave(user, session);
        }
    }

    /** 127.0.0.0/8 and ::1, from the text alone (no name lookup). */
    static boolean isLoopback(String address) {
        return address.startsWith("127.")
                || address.equals("::1")
                || address.equals("0:0:0:0:0:0:0:1")
                || address.startsWith("::ffff:127.");
    }

    /** Closes this node's connections authenticated with tokens of that device (its sign-in was revoked). */
    void closeDevice(UUID user, UUID device) {
        for (SocketSession session : deliveries.sessionsOf(user)) {
            if (device.equals(session.device())) {
                session.closeAfterQueued(LOGGED_OUT);
            }
        }
    }

    /**
     * Answers a successful authentication: {@code auth_success} with the user's latest seq, then
     * {@code resync_required} when {@code since} can no longer be served, then the feed after
     * {@code since} (or from now on) through the user's delivery.
     */
    void authenticate(SocketSession session, SocketAuthentication.Identity identity, Long since) {
        if (!session.isOpen()) {
            return; // refused at open (too many from its address) or closed meanwhile
        }
        UUID user = identity.user();
        long start;
        long cursor;
        boolean resync = false;
        try {
            if (since == null) {
                cursor = feed.latestSeq(user);
                start = cursor;
            } else {
                ChangeFeed.Batch probe = feed.read(user, since, 1);
                resync = probe.resyncRequired();
                cursor = resync ? probe.cursor() : feed.latestSeq(user);
                start = resync ? cursor : since;
            }
        } catch (DataAccessException | TransactionException e) {
            // No connection in time (a burst of connects, or PostgreSQL away): the client reconnects with
            // its since and loses nothing; a stack trace per socket would say no more.
            log.warn(
                    "WebSocket sign-in could not read the feed, closing with 1013: {}",
                    e.getClass().getSimpleName());
            session.closeNow(FEED_UNAVAILABLE);
            return;
        }
        session.cursor(start);
        session.send(write(new AuthSuccess("auth_success", user, cursor)));
        if (resync) {
            session.send(write(new FeedDelivery.ResyncRequired("resync_required", cursor)));
        }
        session.authenticated(user, identity.expiresAt(), identity.device());
        session.onWritable(() -> deliver(user));
        join(user, session);
    }

    /** Answers a fresh token on a live connection: {@code auth_success} with the user's latest seq, nothing replayed. */
    void reauthenticated(SocketSession session) {
        session.send(write(new AuthSuccess("auth_success", session.user(), feed.latestSeq(session.user()))));
    }

    /** Sends {@code auth_error} and closes with 4401. */
    void refuse(SocketSession session, String error) {
        session.send(write(new AuthError("auth_error", error)));
        session.closeAfterQueued(SocketSession.UNAUTHORIZED);
    }

    String write(Object message) {
        return json.writeValueAsString(message);
    }

    /** Wakes the delivery of a user's feed, if this node has sessions of the user. */
    void deliver(UUID user) {
        deliveries.deliver(user);
    }

    /** Hands a committed change, numbered {@code seq} in the user's feed, to this node's sessions of the user. */
    void deliver(UUID user, PendingChange change, long seq) {
        deliveries.deliver(user, change, seq);
    }

    /** Wakes every local user's delivery: after the LISTEN connection was lost, notifications may be too. */
    void deliverAll() {
        deliveries.deliverAll();
    }

    private void join(UUID user, SocketSession session) {
        session.joined(joins.incrementAndGet());
        deliveries.join(user, session, joined -> {
            if (session.capped()) {
                evictOldestOver(joined, properties.maxSocketsPerUser());
            }
        });
        if (!sessions.contains(session)) {
            leave(user, session); // closed while authenticating
            return;
        }
        deliver(user);
    }

    private void leave(UUID user, SocketSession session) {
        deliveries.leave(user, session);
    }

    /**
     * Closes the user's oldest capped connections until at most {@code max} are open: the newest is
     * the one a device uses now, the oldest often one whose network went away unnoticed. Runs inside
     * the delivery map's compute for the user, so two joins never evict for each other.
     */
    private static void evictOldestOver(Set<SocketSession> sessions, int max) {
        List<SocketSession> open = new ArrayList<>();
        for (SocketSession session : sessions) {
            if (session.capped() && session.isOpen()) {
                open.add(session);
            }
        }
        if (open.size() <= max) {
            return;
        }
        open.sort(Comparator.comparingLong(SocketSession::joined));
        for (SocketSession oldest : open.subList(0, open.size() - max)) {
            log.debug("Closing WebSocket {}: its user has more than {} connections", oldest.id(), max);
            oldest.closeNow(TOO_MANY_FOR_USER);
        }
    }

    @Override
    public void start() {
        running = true;
        heartbeat.start();
    }

    /** Closes every connection with 1012 so that clients reconnect, to another node if need be. */
    @Override
    public void stop() {
        stopped = true;
        deliveries.stop();
        running = false;
        heartbeat.stop();
        for (SocketSession session : sessions) {
            session.closeNow(CloseStatus.SERVICE_RESTARTED);
        }
        perAddress.clear();
        deliveries.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
