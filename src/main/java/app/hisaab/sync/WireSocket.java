package app.hisaab.sync;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection over the servlet container's HTTP upgrade (after {@link SocketUpgrade}
 * answered the handshake): frames are read with non-blocking reads as they arrive and written with
 * non-blocking writes of bytes framed once for every connection they go to. Besides what the
 * container keeps for any connection, an idle one holds this object and its small frame reader.
 *
 * <p>The container makes an instance per upgrade (hence public, with a public constructor);
 * {@link SocketUpgrade} hands it what it needs before the container calls {@link #init}.
 */
public final class WireSocket implements HttpUpgradeHandler, ReadListener, WriteListener, Wire, FrameReader.Sink {

    /** What the endpoint does with the connection's events; all but {@code closed} come on container threads. */
    interface Events {
        void opened(WireSocket socket);

        void text(WireSocket socket, String message);

        void binary(WireSocket socket);

        void ping(WireSocket socket, byte[] payload);

        void pong(WireSocket socket);

        /** The connection ended, by either side; called once. */
        void closed(WireSocket socket, CloseStatus status);
    }

    private static final Logger log = LoggerFactory.getLogger(WireSocket.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final IOException CLOSED = new IOException("The connection is closed");
    private static final int READ_CHUNK = 1024;

    private final String id = Long.toString(IDS.incrementAndGet());
    private final AtomicBoolean ended = new AtomicBoolean();

    private Events events;
    private long maxMessage;
    private SocketUpgrade.Handshake handshake;
    private volatile SocketSession session;

    private WebConnection connection;
    private ServletInputStream in;
    private ServletOutputStream out;
    private FrameReader reader;

    // Guarded by this.
    /** A frame not yet handed to the container: the connection was not ready for it. */
    private Frame unwritten;
    /** The callback of the frame being written (or not yet handed over). */
    private Written writing;

    private long waitingSince;
    /** The close frame to send once the connection takes it, then the connection ends. */
    private Frame closing;

    private CloseStatus closeStatus;
    private volatile boolean open = true;

    public WireSocket() {}

    void attach(Events events, long maxMessage, SocketUpgrade.Handshake handshake) {
        this.events = events;
        this.maxMessage = maxMessage;
        this.handshake = handshake;
    }

    SocketUpgrade.Handshake handshake() {
        return handshake;
    }

    SocketSession session() {
        return session;
    }

    void session(SocketSession session) {
        this.session = session;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void init(WebConnection connection) {
        this.connection = connection;
        try {
            in = connection.getInputStream();
            out = connection.getOutputStream();
        } catch (IOException e) {
            end(CloseStatus.NO_CLOSE_FRAME);
            return;
        }
        reader = new FrameReader(maxMessage, this);
        // The write listener first: the endpoint may write as soon as it has the connection. The
        // container calls onWritePossible once the connection can take a write, perhaps on another
        // thread at once; a frame written before that waits for it.
        out.setWriteListener(this);
        events.opened(this);
        in.setReadListener(this);
    }

    // ---- writing

    @Override
    public void write(Frame frame, Written done) {
        boolean now;
        Throwable failure = null;
        synchronized (this) {
            if (!open || closing != null) {
                failure = CLOSED;
                now = false;
            } else if (!out.isReady()) {
                unwritten = frame;
                writing = done;
                waitingSince = System.nanoTime();
                return;
            } else {
                try {
                    now = hand(frame);
                } catch (IOException | RuntimeException e) {
                    failure = e;
                    now = false;
                }
                if (!now && failure == null) {
                    writing = done;
                    waitingSince = System.nanoTime();
                }
            }
        }
        if (failure != null) {
            done.done(failure);
        } else if (now) {
            done.done(null);
        }
    }

    /** Hands a frame to the container; true when it went out in full at once. Holds the lock. */
    private boolean hand(Frame frame) throws IOException {
        out.write(frame.bytes());
        if (!out.isReady()) {
            return false; // the container flushes the rest and calls onWritePossible
        }
        out.flush();
        return out.isReady();
    }

    @Override
    public void onWritePossible() {
        Written done = null;
        Throwable failure = null;
        boolean closeNow = false;
        CloseStatus status;
        synchronized (this) {
            if (!open) {
                return;
            }
            status = closeStatus;
            if (unwritten != null) {
                Frame frame = unwritten;
                unwritten = null;
                try {
                    if (!hand(frame)) {
                        return; // still going out: back here when it has
                    }
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
            }
            done = writing;
            writing = null;
            waitingSince = 0;
            if (closing != null && failure == null) {
                Frame frame = closing;
                closing = null;
                try {
                    hand(frame);
                } catch (IOException | RuntimeException e) {
                    // ends anyway
                }
                closeNow = true;
            }
        }
        if (done != null) {
            done.done(failure);
        }
        if (closeNow || failure != null) {
            end(status != null ? status : CloseStatus.NO_CLOSE_FRAME);
        }
    }

    @Override
    public synchronized long waitingSince() {
        return waitingSince;
    }

    // ---- closing

    @Override
    public void close(CloseStatus status) {
        boolean endNow;
        synchronized (this) {
            if (!open || closing != null) {
                return;
            }
            closeStatus = status;
            Frame frame = Frame.close(status);
            if (writing != null) {
                // A frame is on its way (perhaps to a client that stopped reading): close without waiting.
                writing = null;
                unwritten = null;
                endNow = true;
            } else if (out == null || !out.isReady()) {
                closing = frame; // the connection has not taken its first write yet
                endNow = out == null;
            } else {
                try {
                    hand(frame);
                } catch (IOException | RuntimeException e) {
                    // ends anyway
                }
                endNow = true;
            }
        }
        if (endNow) {
            end(status);
        }
    }

    /** Ends the connection (the container closes the socket) and tells the endpoint, once. */
    private void end(CloseStatus status) {
        synchronized (this) {
            open = false;
            writing = null;
            unwritten = null;
            closing = null;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception e) {
                log.debug("WebSocket {} did not close cleanly: {}", id, e.getMessage());
            }
        }
        if (ended.compareAndSet(false, true) && events != null) {
            events.closed(this, status);
        }
    }

    // ---- reading

    @Override
    public void onDataAvailable() {
        byte[] chunk = new byte[READ_CHUNK];
        try {
            while (open && !reader.done() && in.isReady()) {
                int read = in.read(chunk);
                if (read < 0) {
                    return; // onAllDataRead follows
                }
                reader.feed(chunk, 0, read);
            }
        } catch (IOException | IllegalStateException e) {
            end(CloseStatus.NO_CLOSE_FRAME);
        }
    }

    @Override
    public void onAllDataRead() {
        end(CloseStatus.NO_CLOSE_FRAME); // the client closed its side without a close frame
    }

    @Override
    public void onError(Throwable failure) {
        log.debug("WebSocket {} failed: {}", id, failure.getMessage());
        end(CloseStatus.NO_CLOSE_FRAME);
    }

    @Override
    public void destroy() {
        end(CloseStatus.NO_CLOSE_FRAME);
    }

    // ---- frames from the reader

    @Override
    public void text(String message) {
        events.text(this, message);
    }

    @Override
    public void binary() {
        events.binary(this);
    }

    @Override
    public void ping(byte[] payload) {
        events.ping(this, payload);
    }

    @Override
    public void pong() {
        events.pong(this);
    }

    /** The client's close: answered with the same code (RFC 6455 section 5.5.1), and the connection ends. */
    @Override
    public void closeReceived(CloseStatus status) {
        CloseStatus answer = status.code() == 1005 ? CloseStatus.NORMAL : new CloseStatus(status.code(), "");
        synchronized (this) {
            if (open && closing == null && writing == null && out.isReady()) {
                try {
                    hand(Frame.close(answer));
                } catch (IOException | RuntimeException e) {
                    // ends anyway
                }
            }
        }
        end(status);
    }

    @Override
    public void fail(CloseStatus status) {
        close(status);
    }
}
