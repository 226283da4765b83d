package app.hisaab.sync;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Closes the WebSockets of one device (a refresh-token chain: one sign-in) when its sign-in ends, on
 * every node: a connection knows the device from the {@code sid} claim of the token in force on it.
 */
@Component
public class DeviceSockets {

    private static final Logger log = LoggerFactory.getLogger(DeviceSockets.class);

    /** The channel other nodes hear about ended sign-ins on; the payload is {@code <user>,<device>}. */
    static final String CHANNEL = "hisaab_devices";

    // Sent inside the revoking transaction, so it goes out only if that commits. Sign-outs are rare:
    // the NOTIFY lock they take at commit costs nothing worth a sender of its own (ChangeNotifier).
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', :payload)";

    private final JdbcClient jdbc;
    private final SessionHub hub;

    DeviceSockets(JdbcClient jdbc, SessionHub hub) {
        this.jdbc = jdbc;
        this.hub = hub;
    }

    /**
     * Once the current transaction commits, closes the user's connections that use tokens of that device
     * with 4401, on this node at once and on the others when their LISTEN hears of it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void closeAfterCommit(UUID user, UUID device) {
        jdbc.sql(NOTIFY)
                .param("payload", user + "," + device)
                .query((rs, n) -> 1)
                .list();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                hub.closeDevice(user, device);
            }
        });
    }

    /** A notification from {@link #CHANNEL} (this node's own too: closing twice does nothing more). */
    void received(String payload) {
        int comma = payload.indexOf(',');
        try {
            hub.closeDevice(
                    UUID.fromString(payload.substring(0, comma)), UUID.fromString(payload.substring(comma + 1)));
        } catch (RuntimeException e) {
            log.debug("Ignoring a device notification: {}", e.getMessage());
        }
    }
}
