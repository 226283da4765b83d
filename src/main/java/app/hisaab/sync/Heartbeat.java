package app.hisaab.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every half second on its one thread: closes the sessions that never authenticate, whose token expired,
 * whose client stopped reading or answering, pings the rest, and has the feed delivery retry and sweep.
 */
final class Heartbeat {

    // The hub's logger, as before these were split out of it: log filters name it.
    private static final Logger log = LoggerFactory.getLogger(SessionHub.class);
    private static final long TICK_MILLIS = 500;

    private final SessionHub hub;
    private final Set<SocketSession> sessions;
    private final FeedDelivery deliveries;
    private final WebSocketProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(SyncThreads.daemon("hisaab-ws-heartbeat"));

    Heartbeat(
            SessionHub hub,
            Set<SocketSession> sessions,
            FeedDelivery deliveries,
            WebSocketProperties properties,
            Clock clock) {
        this.hub = hub;
        this.sessions = sessions;
        this.deliveries = deliveries;
        this.properties = properties;
        this.clock = clock;
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        scheduler.shutdownNow();
    }

    private void tick() {
        long now = System.nanoTime();
        Instant instant = clock.instant();
        long authTimeout = properties.authTimeout().toNanos();
        long pingInterval = properties.pingInterval().toNanos();
        long pongTimeout = properties.pongTimeout().toNanos();
        for (SocketSession session : sessions) {
            try {
                if (!session.isOpen()) {
                    continue;
                }
                if (session.stalled(now)) {
                    log.debug(
                            "Closing WebSocket {}: a frame waited {} ms for the client",
                            session.id(),
                            SocketSession.SEND_TIMEOUT_MILLIS);
                    session.closeNow(SocketSession.SLOW_CLIENT);
                } else if (now - session.lastHeard() >= pongTimeout) {
                    log.debug("Closing WebSocket {}: silent for {}", session.id(), properties.pongTimeout());
                    session.closeNow(new CloseStatus(1001, "No pong"));
                } else if (session.user() == null) {
                    if (now - session.openedAt() >= authTimeout) {
                        hub.refuse(session, "Authentication timeout: send {\"type\":\"auth\",\"token\":…} first");
                    }
                } else if (!instant.isBefore(session.expiresAt())) {
                    session.closeAfterQueued(new CloseStatus(4401, "Token expired"));
                } else if (now - session.lastPing() >= pingInterval) {
                    session.ping(now);
                }
            } catch (RuntimeException e) {
                log.warn("WebSocket heartbeat failed for {}: {}", session.id(), e.getMessage());
            }
        }
        deliveries.recover(now);
    }
}
