package app.hisaab.sync;

import app.hisaab.db.DatabaseConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's one LISTEN on the change channel, on a dedicated connection (a pooled one would be
 * handed to others). Each notification, sent by another node's {@link ChangeNotifier}, names users
 * whose feeds grew; the hub delivers to their local sessions. A lost connection is reopened with backoff, and then every local user's delivery re-reads
 * from its cursor, since notifications sent meanwhile are gone: a database restart loses no change.
 */
@Component
class ChangeListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
    private static final int POLL_MILLIS = 1000;
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long FIRST_RETRY_MILLIS = 200;

    private final DatabaseConnections connections;
    private final SessionHub hub;
    private final DeviceSockets devices;
    private final String ownPrefix;
    private final WebSocketProperties properties;
    private volatile boolean running;
    private volatile Thread thread;

    ChangeListener(
            DatabaseConnections connections,
            SessionHub hub,
            DeviceSockets devices,
            ChangeNotifier notifier,
            WebSocketProperties properties) {
        this.connections = connections;
        this.hub = hub;
        this.devices = devices;
        this.ownPrefix = notifier.node() + ChangeNotifier.NODE_SEPARATOR;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
        Thread listener = new Thread(this::listen, "hisaab-listen");
        listener.setDaemon(true);
        thread = listener;
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread listener = thread;
        if (listener != null) {
            // The loop sees the flag within one poll and closes its connection itself.
            listener.interrupt();
            try {
                listener.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        long retry = FIRST_RETRY_MILLIS;
        boolean lost = false;
        while (running) {
            try (Connection listening = connections.openDedicated("hisaab-listen")) {
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN " + ChangeRepository.CHANNEL);
                    statement.execute("LISTEN " + DeviceSockets.CHANNEL);
                }
                if (lost) {
                    log.info("LISTEN connection reopened; re-reading the feeds of every local session");
                }
                // Changes committed while nobody listened (or before the first LISTEN) are picked up here.
                hub.deliverAll();
                retry = FIRST_RETRY_MILLIS;
                lost = false;
                receive(listening);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                lost = true;
                log.warn("LISTEN connection lost or not available ({}); retrying in {} ms", e.getMessage(), retry);
                if (!pause(retry)) {
                    break;
                }
                retry = Math.min(retry * 2, properties.listenRetryMax().toMillis());
            }
        }
    }

    private void receive(Connection listening) throws SQLException {
        PGConnection postgres = listening.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (running) {
            PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    if (DeviceSockets.CHANNEL.equals(notification.getName())) {
                        devices.received(notification.getParameter());
                    } else {
                        deliver(notification.getParameter());
                    }
                }
            }
            if (System.nanoTime() - lastCheck > CHECK_NANOS) {
                // A connection dropped without a reset is only noticed when something is sent on it.
                try (Statement statement = listening.createStatement()) {
                    statement.execute("SELECT 1");
                }
                lastCheck = System.nanoTime();
            }
        }
    }

    /** Wakes the users a payload names, unless this node sent it (it woke its own sessions already). */
    private void deliver(String payload) {
        int separator = payload.indexOf(ChangeNotifier.NODE_SEPARATOR);
        if (separator < 0 || payload.startsWith(ownPrefix)) {
            return;
        }
        for (String id : payload.substring(separator + 1).split(",")) {
            try {
                hub.deliver(UUID.fromString(id.trim()));
            } catch (IllegalArgumentException e) {
                log.debug("Ignoring a notification for {}", id);
            }
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
