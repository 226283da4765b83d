package app.hisaab.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each local user's feed going out to this node's sessions of the user, serialised per user: one run at
 * a time reads the user's changes after the lowest cursor among its sessions (the database is the
 * buffer) and queues to each session what it has not been sent, so nothing goes out twice or out of
 * order. Runs, and the sweep that covers lost wake-ups, go on the {@code workers} executor. Owned by
 * {@link SessionHub}, which decides who joins and leaves.
 */
final class FeedDelivery {

    // The hub's logger, as before these were split out of it: log filters name it.
    private static final Logger log = LoggerFactory.getLogger(SessionHub.class);
    private static final int BATCH = 500;
    /** Frames a delivery queues before it lets other work on its thread's core go first. */
    private static final int YIELD_EVERY = 64;

    record ResyncRequired(String type, long cursor) {}

    private final ChangeFeed feed;
    private final JsonMapper json;
    private final WebSocketProperties properties;
    private final Clock clock;
    private final Map<UUID, Delivery> deliveries = new ConcurrentHashMap<>();
    /** Delivery runs and the sweep: they read the database and queue frames, never wait on a client. */
    private final ExecutorService workers;

    private final Counter delivered;
    private final Timer lag;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile long lastSweep = System.nanoTime();
    private volatile boolean sweepFailing;
    private volatile boolean stopped;

    FeedDelivery(
            ChangeFeed feed, JsonMapper json, WebSocketProperties properties, Clock clock, MeterRegistry registry) {
        this.feed = feed;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.workers = SyncThreads.bounded(properties.deliveryThreads(), "hisaab-ws-deliver-");
        this.delivered = Counter.builder("hisaab.websocket.changes.delivered")
                .description("Changes queued to WebSocket connections on this node")
                .register(registry);
        this.lag = Timer.builder("hisaab.websocket.delivery.lag")
                .description("From a change's commit to its queueing on this node's connections of its user")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Wakes the delivery of a user's feed, if this node has sessions of the user. */
    void deliver(UUID user) {
        Delivery delivery = deliveries.get(user);
        if (delivery != null) {
            delivery.request();
        }
    }

    /** Wakes every local user's delivery. */
    void deliverAll() {
        deliveries.values().forEach(Delivery::request);
    }

    /**
     * Adds a session to its user's delivery; {@code whileJoining} sees the user's sessions (the new one
     * among them) inside the map's compute for the user, so two joins never act on each other's half.
     */
    void join(UUID user, SocketSession session, Consumer<Set<SocketSession>> whileJoining) {
        deliveries.compute(user, (id, delivery) -> {
            Delivery joined = delivery == null ? new Delivery(id) : delivery;
            joined.sessions.add(session);
            whileJoining.accept(joined.sessions);
            return joined;
        });
    }

    void leave(UUID user, SocketSession session) {
        deliveries.computeIfPresent(user, (id, delivery) -> {
            delivery.sessions.remove(session);
            return delivery.sessions.isEmpty() ? null : delivery;
        });
    }

    /** This node's sessions of the user that joined its delivery; empty when there are none. */
    Set<SocketSession> sessionsOf(UUID user) {
        Delivery delivery = deliveries.get(user);
        return delivery == null ? Set.of() : delivery.sessions;
    }

    /**
     * From the heartbeat: retries the deliveries that failed, and once a sweep interval starts a sweep on
     * a worker unless one still runs.
     */
    void recover(long now) {
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

    /** Stops runs at their next change; what is queued already still goes out. */
    void stop() {
        stopped = true;
    }

    /** Lets the runs under way end, for at most five seconds. */
    void shutdown() {
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

    private String write(Object message) {
        return json.writeValueAsString(message);
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
}
