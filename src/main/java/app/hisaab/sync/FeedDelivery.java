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
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * order. A change committed on this node is handed over with its seq, and goes out without a read when
 * it follows right on the lowest cursor (with the ones handed before it); any other wake-up, or a gap,
 * reads the feed. Runs, and the sweep that covers lost wake-ups, go on the {@code workers} executor.
 * Owned by {@link SessionHub}, which decides who joins and leaves.
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
    private final Counter reads;
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
        this.reads = Counter.builder("hisaab.websocket.feed.reads")
                .description("Reads of a user's feed to deliver it to this node's connections (the rest was handed over"
                        + " by the writes of this node)")
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

    /**
     * Hands a change committed on this node, numbered {@code seq} in the user's feed, to the delivery of
     * the user, if this node has sessions of the user.
     */
    void deliver(UUID user, PendingChange change, long seq) {
        Delivery delivery = deliveries.get(user);
        if (delivery != null) {
            delivery.handOver(change.as(user, seq));
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
        /** The feed is to be read: something may have been written that was not handed over. */
        private volatile boolean requested;
        /** Changes committed on this node, handed over after their commit (in any order). */
        private final Queue<ChangeFeed.Change> handed = new ConcurrentLinkedQueue<>();
        /** Handed changes by seq, not sent yet; only the run touches it. */
        private final TreeMap<Long, ChangeFeed.Change> handedBySeq = new TreeMap<>();

        Delivery(UUID user) {
            this.user = user;
        }

        void request() {
            requested = true;
            schedule();
        }

        void handOver(ChangeFeed.Change change) {
            handed.add(change);
            schedule();
        }

        private void schedule() {
            if (scheduled.compareAndSet(false, true)) {
                submit();
            }
        }

        private boolean pending() {
            return requested || !handed.isEmpty();
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
                while (pending() && !stopped) {
                    boolean read = requested;
                    requested = false;
                    catchUp(read);
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
            if (pending() && scheduled.compareAndSet(false, true)) {
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

        /**
         * The handed changes that follow {@code from} without a gap, taken out of {@link #handedBySeq}; empty when
         * the next one is not among them (another node or transaction wrote it, or its hand-over is still
         * to come): then the feed is read.
         */
        private List<ChangeFeed.Change> handedAfter(long from) {
            for (ChangeFeed.Change change; (change = handed.poll()) != null; ) {
                handedBySeq.put(change.seq(), change);
            }
            handedBySeq.headMap(from, true).clear();
            if (handedBySeq.size() > BATCH) {
                handedBySeq.clear(); // more than a read brings at once: the feed has them
                requested = true;
            }
            List<ChangeFeed.Change> next = new ArrayList<>();
            for (long seq = from + 1; handedBySeq.containsKey(seq); seq++) {
                next.add(handedBySeq.remove(seq));
            }
            return next;
        }

        /**
         * Queues what the sessions have not been sent: the handed changes that follow on their cursors, and
         * what the feed has after them when {@code read} is asked for or a handed change leaves a gap.
         */
        private void catchUp(boolean read) {
            while (true) {
                List<SocketSession> targets = new ArrayList<>();
                for (SocketSession session : sessions) {
                    if (session.isOpen() && !session.pauseIfFull()) {
                        targets.add(session);
                    }
                }
                if (targets.isEmpty()) {
                    handedAfter(Long.MAX_VALUE); // the feed has them when the sessions go on
                    return;
                }
                long from = Long.MAX_VALUE;
                for (SocketSession target : targets) {
                    from = Math.min(from, target.cursor());
                }
                List<ChangeFeed.Change> next = handedAfter(from);
                if (!next.isEmpty()) {
                    queue(targets, next);
                    if (read) {
                        continue;
                    }
                    return;
                }
                if (!read && handedBySeq.isEmpty()) {
                    return; // handed over twice, or sent already by a read
                }
                read = false;
                reads.increment();
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
                    read = true; // the other sessions from where they are
                    continue;
                }
                queue(targets, batch.changes());
                if (!batch.hasMore()) {
                    return;
                }
                read = true;
            }
        }

        /** Queues each change to the targets that have not been sent it, in seq order. */
        private void queue(List<SocketSession> targets, List<ChangeFeed.Change> changes) {
            Set<SocketSession> held = new HashSet<>();
            int queued = 0;
            for (ChangeFeed.Change change : changes) {
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
