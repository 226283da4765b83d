package app.hisaab.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * This node's open WebSockets by user, and the delivery of each user's feed to them. Delivery is
 * serialised per user: one run at a time reads the user's changes after the lowest cursor among
 * its sessions (the database is the buffer) and queues to each session what it has not been sent,
 * so nothing goes out twice or out of order. A heartbeat closes sessions that never authenticate,
 * whose token expired or that stopped answering, and pings the rest.
 */
@Component
class SessionHub implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionHub.class);
    private static final int BATCH = 500;
    private static final long TICK_MILLIS = 500;
    /** Frames a delivery queues before it lets other work on its thread's core go first. */
    private static final int YIELD_EVERY = 64;

    record AuthSuccess(String type, UUID userId, long cursor) {}

    record ResyncRequired(String type, long cursor) {}

    record AuthError(String type, String error) {}

    static final CloseStatus TOO_MANY_FOR_USER = new CloseStatus(1008, "Too many connections for this user");
    static final CloseStatus TOO_MANY_FROM_ADDRESS = new CloseStatus(1008, "Too many connections from this address");
    static final CloseStatus LOGGED_OUT = new CloseStatus(4401, "Logged out");
    static final CloseStatus FEED_UNAVAILABLE = new CloseStatus(1013, "Try again later");

    private final ChangeFeed feed;
    private final JsonMapper json;
    private final WebSocketProperties properties;
    private final Clock clock;
    private final Set<SocketSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Delivery> deliveries = new ConcurrentHashMap<>();
    /** Delivery runs and the sweep: they read the database and queue frames, never wait on a client. */
    private final ExecutorService workers;

    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong joins = new AtomicLong();
    private final ScheduledExecutorService heartbeat =
            Executors.newSingleThreadScheduledExecutor(daemon("hisaab-ws-heartbeat"));
    private final MeterRegistry registry;
    private final Counter delivered;
    private final Timer lag;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile long lastSweep = System.nanoTime();
    private volatile boolean sweepFailing;
    private volatile boolean running;
    private volatile boolean stopped;

    SessionHub(ChangeFeed feed, JsonMapper json, WebSocketProperties properties, Clock clock, MeterRegistry registry) {
        this.feed = feed;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.registry = registry;
        this.workers = bounded(properties.deliveryThreads(), "hisaab-ws-deliver-");
        Gauge.builder("hisaab.websocket.sessions", sessions, Set::size)
                .description("Open WebSocket connections on this node")
                .register(registry);
        this.delivered = Counter.builder("hisaab.websocket.changes.delivered")
                .description("Changes queued to WebSocket connections on this node")
                .register(registry);
        this.lag = Timer.builder("hisaab.websocket.delivery.lag")
                .description("From a change's commit to its queueing on this node's connections of its user")
                .publishPercentileHistogram()
                .register(registry);
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
        Delivery delivery = deliveries.get(user);
        if (delivery == null) {
            return;
        }
        for (SocketSession session : delivery.sessions) {
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
            session.send(write(new ResyncRequired("resync_required", cursor)));
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
        Delivery delivery = deliveries.get(user);
        if (delivery != null) {
            delivery.request();
        }
    }

    /** Wakes every local user's delivery: after the LISTEN connection was lost, notifications may be too. */
    void deliverAll() {
        deliveries.values().forEach(Delivery::request);
    }

    private void join(UUID user, SocketSession session) {
        session.joined(joins.incrementAndGet());
        deliveries.compute(user, (id, delivery) -> {
            Delivery joined = delivery == null ? new Delivery(id) : delivery;
            joined.sessions.add(session);
            if (session.capped()) {
                joined.evictOldestOver(properties.maxSocketsPerUser());
            }
            return joined;
        });
        if (!sessions.contains(session)) {
            leave(user, session); // closed while authenticating
            return;
        }
        deliver(user);
    }

    private void leave(UUID user, SocketSession session) {
        deliveries.computeIfPresent(user, (id, delivery) -> {
            delivery.sessions.remove(session);
            return delivery.sessions.isEmpty() ? null : delivery;
        });
    }

    /** One user's feed going out to this node's sessions of that user, one run at a time. */
    private final class Delivery {

        private final UUID user;
        private final Set<SocketSession> sessions = new CopyOnWriteArraySet<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicInteger failures = new AtomicInteger();
        private volatile boolean requested;

        Delivery(UUID user) {
            this.user = user;
        }

        void request() {
            requested = true;
            if (scheduled.compareAndSet(false, true)) {
                submit();
            }
        }

        private void submit() {
            try {
                workers.execute(this::run);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // shutting down
            }
        }

        private void run() {
            try {
                while (requested && !stopped) {
                    requested = false;
                    catchUp();
                    failures.set(0);
                }
            } catch (RuntimeException e) {
                // The database is unreachable or failing: try again shortly (the heartbeat retries).
                if (failures.getAndIncrement() == 0) {
                    log.warn("Could not deliver changes to user {}'s WebSockets: {}", user, e.getMessage());
                }
                requested = true;
                scheduled.set(false);
                return;
            }
            scheduled.set(false);
            if (requested && scheduled.compareAndSet(false, true)) {
                submit();
            }
        }

        boolean failing() {
            return failures.get() > 0;
        }

        /**
         * Closes the user's oldest capped connections until at most {@code max} are open: the newest is
         * the one a device uses now, the oldest often one whose network went away unnoticed. Runs inside
         * the map's compute for the user, so two joins never evict for each other.
         */
        void evictOldestOver(int max) {
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

        /** True when a session of the user has not been sent everything up to {@code seq}. */
        boolean behind(long seq) {
            for (SocketSession session : sessions) {
                if (session.isOpen() && session.cursor() < seq) {
                    return true;
                }
            }
            return false;
        }

        private void catchUp() {
            while (true) {
                List<SocketSession> targets = new ArrayList<>();
                for (SocketSession session : sessions) {
                    if (session.isOpen() && !session.pauseIfFull()) {
                        targets.add(session);
                    }
                }
                if (targets.isEmpty()) {
                    return;
                }
                long from = Long.MAX_VALUE;
                for (SocketSession target : targets) {
                    from = Math.min(from, target.cursor());
                }
                ChangeFeed.Batch batch = feed.read(user, from, BATCH);
                if (batch.resyncRequired()) {
                    // Pruned past the lowest cursor (or the database went back in time): those sessions
                    // start over from the latest seq, as at authentication.
                    String resync = write(new ResyncRequired("resync_required", batch.cursor()));
                    for (SocketSession target : targets) {
                        if (target.cursor() == from) {
                            target.send(resync);
                            target.cursor(batch.cursor());
                        }
                    }
                    if (batch.cursor() == from) {
                        return;
                    }
                    continue;
                }
                Set<SocketSession> held = new HashSet<>();
                int queued = 0;
                for (ChangeFeed.Change change : batch.changes()) {
                    Frame message = null; // serialised and framed once for all the user's sessions
                    for (SocketSession target : targets) {
                        if (change.seq() <= target.cursor() || held.contains(target)) {
                            continue;
                        }
                        if (target.pauseIfFull()) {
                            held.add(target); // goes on from its cursor once its queue drains
                            continue;
                        }
                        if (message == null) {
                            message = Frame.text(write(change).getBytes(StandardCharsets.UTF_8));
                            lag.record(Duration.between(change.at(), clock.instant()));
                        }
                        if (target.send(message)) {
                            delivered.increment();
                            target.cursor(change.seq());
                        } else {
                            held.add(target);
                        }
                        if (++queued % YIELD_EVERY == 0) {
                            Thread.yield();
                        }
                    }
                }
                if (!batch.hasMore()) {
                    return;
                }
            }
        }
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
                        refuse(session, "Authentication timeout: send {\"type\":\"auth\",\"token\":…} first");
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
        for (Delivery delivery : deliveries.values()) {
            if (delivery.failing()) {
                delivery.request();
            }
        }
        if (now - lastSweep >= properties.sweepInterval().toNanos() && sweeping.compareAndSet(false, true)) {
            lastSweep = now;
            try {
                workers.execute(this::sweep);
            } catch (RejectedExecutionException e) {
                sweeping.set(false);
            }
        }
    }

    /**
     * Re-reads the latest seq of every local user and delivers where a session is behind: covers a
     * wake-up that was lost (another node died between its commit and its NOTIFY, or the LISTEN
     * connection dropped), with one query for all local users.
     */
    private void sweep() {
        try {
            if (deliveries.isEmpty()) {
                return;
            }
            feed.latestSeqs(List.copyOf(deliveries.keySet())).forEach((user, seq) -> {
                Delivery delivery = deliveries.get(user);
                if (delivery != null && delivery.behind(seq)) {
                    delivery.request();
                }
            });
            sweepFailing = false;
        } catch (RuntimeException e) {
            if (!sweepFailing) {
                log.warn("Could not re-read the feeds of local WebSockets: {}", e.getMessage());
                sweepFailing = true;
            }
        } finally {
            sweeping.set(false);
        }
    }

    /**
     * At most {@code threads} threads, made when needed and ended after a minute idle. The queue needs no
     * bound of its own: it holds at most one run per user and a frame or close per connection, and those
     * are capped.
     */
    private static ExecutorService bounded(int threads, String prefix) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), deliveryThreads(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * On JDK 21+ virtual threads, scheduled with the requests' own: a delivery that writes to a
     * thousand sockets then takes turns with the requests ({@link #YIELD_EVERY}) instead of competing
     * with them as eight more platform threads would, which kept a POST's answer waiting until the
     * fan-out it caused was done. On JDK 17, platform threads.
     */
    private static ThreadFactory deliveryThreads(String prefix) {
        if (Runtime.version().feature() >= 21) {
            return new VirtualThreadTaskExecutor(prefix).getVirtualThreadFactory();
        }
        return daemon(prefix);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void start() {
        running = true;
        heartbeat.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Closes every connection with 1012 so that clients reconnect, to another node if need be. */
    @Override
    public void stop() {
        stopped = true;
        running = false;
        heartbeat.shutdownNow();
        for (SocketSession session : sessions) {
            session.closeNow(CloseStatus.SERVICE_RESTARTED);
        }
        perAddress.clear();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
