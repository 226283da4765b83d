package app.hisaab.sync;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: who it is, how far its feed has been queued, and its outgoing queue. The
 * queue goes out one frame at a time (frames never interleave) with non-blocking writes, each taken
 * when the one before has gone, so a slow client never holds up the thread that queues for it. The queue holds at most {@code maxQueue}
 * bytes: past that, the connection is closed with 1013 and the client resumes from its seq.
 */
final class SocketSession {

    static final CloseStatus UNAUTHORIZED = new CloseStatus(4401, "Unauthorized");
    static final CloseStatus SLOW_CLIENT = new CloseStatus(1013, "Client reads too slowly");

    private static final Logger log = LoggerFactory.getLogger(SocketSession.class);

    /** A frame the client does not take within this long closes the connection (it resumes from its seq). */
    static final long SEND_TIMEOUT_MILLIS = 10_000;

    /** One queued frame, or the close that ends the queue. */
    private record Item(Frame frame, CloseStatus close, long bytes) {}

    private final Wire socket;
    private final long maxQueue;
    private final long highWater;
    private final long openedAt;
    private final long[] recentMessages;

    private final ArrayDeque<Item> queue = new ArrayDeque<>();

    private long queuedBytes;
    /** A frame is being written: only its completion takes the next one. */
    private boolean draining;
    /** The frame being written, or null. */
    private Item current;
    /** Set while a frame is handed to the container, to notice a write that completed at once. */
    private boolean handing;

    private boolean completedWhileHanding;
    private boolean ended;
    private boolean paused;
    private volatile Runnable onWritable = () -> {};

    private int messageCount;
    private volatile UUID user;
    private volatile Instant expiresAt;
    /** The device (refresh-token chain) of the token in force, when the token names one. */
    private volatile UUID device;
    /** The client address, and whether the per-user and per-address caps count this connection. */
    private volatile String address;

    private volatile boolean capped;
    /** When it joined its user's sessions (a sequence number, not a time): the lowest is the oldest. */
    private volatile long joined;

    private volatile long lastHeard;
    private volatile long lastPing;

    /** The highest seq queued to this connection; only the user's delivery (or auth, before it) touches it. */
    private volatile long cursor;

    SocketSession(Wire socket, long maxQueue, int messagesPerSecond, long now) {
        this.socket = socket;
        this.maxQueue = maxQueue;
        this.highWater = maxQueue / 4;
        this.recentMessages = new long[Math.max(1, messagesPerSecond)];
        this.openedAt = now;
        this.lastHeard = now;
        this.lastPing = now;
    }

    String id() {
        return socket.id();
    }

    UUID user() {
        return user;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    void authenticated(UUID user, Instant expiresAt, UUID device) {
        this.expiresAt = expiresAt;
        this.device = device;
        this.user = user;
    }

    /** A fresh token of the same user on this connection: its expiry and device are the ones in force now. */
    void extend(Instant expiresAt, UUID device) {
        this.expiresAt = expiresAt;
        this.device = device;
    }

    UUID device() {
        return device;
    }

    void address(String address, boolean capped) {
        this.address = address;
        this.capped = capped;
    }

    String address() {
        return address;
    }

    boolean capped() {
        return capped;
    }

    void joined(long order) {
        this.joined = order;
    }

    long joined() {
        return joined;
    }

    long cursor() {
        return cursor;
    }

    void cursor(long seq) {
        this.cursor = seq;
    }

    long openedAt() {
        return openedAt;
    }

    long lastHeard() {
        return lastHeard;
    }

    long lastPing() {
        return lastPing;
    }

    void heard(long now) {
        lastHeard = now;
    }

    /**
     * Counts a message from the client; true when it is more than the allowed number within one second
     * (the message this many messages ago arrived less than a second before this one).
     */
    synchronized boolean tooManyMessages(long now) {
        int slot = messageCount % recentMessages.length;
        long previous = recentMessages[slot];
        recentMessages[slot] = now;
        messageCount++;
        return messageCount > recentMessages.length && now - previous < 1_000_000_000L;
    }

    void onWritable(Runnable callback) {
        this.onWritable = callback;
    }

    boolean isOpen() {
        synchronized (this) {
            if (ended) {
                return false;
            }
        }
        return socket.isOpen();
    }

    /** Queues a text frame; false when the connection is closing, or the queue overflowed (it is closing now). */
    boolean send(String text) {
        return send(Frame.text(text));
    }

    /** Queues a frame that may be shared by many connections (encoded once). */
    boolean send(Frame frame) {
        return offer(frame, frame.payloadLength());
    }

    void ping(long now) {
        lastPing = now;
        offer(Frame.ping(), 0);
    }

    /** Answers the client's ping, in turn with the frames queued before it. */
    void pong(byte[] payload) {
        offer(Frame.pong(payload), 0);
    }

    /** True when a frame has waited longer than the send timeout for the client to take it. */
    boolean stalled(long now) {
        long since = socket.waitingSince();
        return since != 0 && now - since > SEND_TIMEOUT_MILLIS * 1_000_000L;
    }

    /**
     * True, and remembered, when the queue is too full to take more of the feed now; the session then
     * calls back {@link #onWritable} once it has drained, so delivery goes on at the client's pace.
     */
    synchronized boolean pauseIfFull() {
        if (queuedBytes >= highWater) {
            paused = true;
            return true;
        }
        return false;
    }

    /** Closes once everything queued before has been sent. */
    void closeAfterQueued(CloseStatus status) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            queue.add(new Item(null, status, 0));
            if (draining) {
                return;
            }
            draining = true;
        }
        next();
    }

    /** Closes now, dropping whatever is queued (the close never waits for the client). */
    void closeNow(CloseStatus status) {
        synchronized (this) {
            ended = true;
            queue.clear();
            queuedBytes = 0;
        }
        socket.close(status);
    }

    private boolean offer(Frame message, long bytes) {
        synchronized (this) {
            if (ended) {
                return false;
            }
            if (queuedBytes + bytes > maxQueue) {
                ended = true;
                queue.clear();
                queuedBytes = 0;
            } else {
                queue.add(new Item(message, null, bytes));
                queuedBytes += bytes;
                if (draining) {
                    return true;
                }
                draining = true;
                message = null;
            }
        }
        if (message != null) {
            log.debug("Closing WebSocket {}: its outgoing queue passed {} bytes", id(), maxQueue);
            closeNow(SLOW_CLIENT);
            return false;
        }
        next();
        return true;
    }

    /**
     * Writes queued frames one at a time, each taken only when the one before completed, with the
     * connection's non-blocking writes, so neither the caller nor a thread waits on the client. A
     * write that completes at once is noticed here, so the next frame goes out without recursion.
     */
    private void next() {
        while (true) {
            Item item;
            synchronized (this) {
                item = queue.poll();
                current = item;
                if (item == null) {
                    draining = false;
                    return;
                }
                handing = true;
                completedWhileHanding = false;
            }
            hand(item);
            synchronized (this) {
                handing = false;
                if (!completedWhileHanding) {
                    return; // its completion goes on
                }
            }
        }
    }

    private void hand(Item item) {
        if (item.close() != null) {
            socket.close(item.close());
            return;
        }
        socket.write(item.frame(), failure -> {
            if (failure == null) {
                sent(item);
            } else {
                failed(failure);
            }
        });
    }

    /** A frame went out: wakes a paused feed once the queue has drained enough, then takes the next. */
    private void sent(Item item) {
        boolean wake;
        boolean inline;
        synchronized (this) {
            queuedBytes = Math.max(0, queuedBytes - item.bytes());
            wake = paused && queuedBytes < highWater / 2;
            if (wake) {
                paused = false;
            }
            inline = handing && current == item;
            if (inline) {
                completedWhileHanding = true;
            }
        }
        if (wake) {
            onWritable.run();
        }
        if (!inline) {
            next();
        }
    }

    /** A write that fails or times out: the client stopped reading or went away. */
    private void failed(Throwable e) {
        log.debug("Closing WebSocket {}: a send failed ({})", id(), e == null ? "unknown" : e.getMessage());
        closeNow(SLOW_CLIENT);
    }
}
