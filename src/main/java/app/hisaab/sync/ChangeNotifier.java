package app.hisaab.sync;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes the sessions of users whose feeds grew, once the write has committed: this node's sessions at
 * once, in process, and the other nodes' through one coalescing NOTIFY sender, outside every write
 * transaction (a NOTIFY in the write would serialise all writers' commits on PostgreSQL's notify
 * lock). A wake-up only says "read the feed": a lost or merged one delays a delivery but loses nothing,
 * since every node also re-reads its sessions' feeds periodically ({@link SessionHub}).
 */
@Component
class ChangeNotifier implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeNotifier.class);

    /** User ids per NOTIFY, keeping the payload well under PostgreSQL's 8000 bytes. */
    static final int IDS_PER_NOTIFY = 200;

    /** Separates the sending node from the user ids in a payload. */
    static final char NODE_SEPARATOR = ';';

    private final SessionHub hub;
    private final ChangeRepository changes;
    private final String node = UUID.randomUUID().toString();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread sender;

    ChangeNotifier(SessionHub hub, ChangeRepository changes) {
        this.hub = hub;
        this.changes = changes;
    }

    /** This node's id in the payloads it sends, so that its own LISTEN can skip them. */
    String node() {
        return node;
    }

    /**
     * Hands a recorded change to its recipients' sessions after the current transaction commits, or now
     * when none is active.
     */
    void afterCommit(PendingChange change, PendingChange.Recorded recorded) {
        if (recorded.users().isEmpty()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    committed(change, recorded);
                }
            });
        } else {
            committed(change, recorded);
        }
    }

    private void committed(PendingChange change, PendingChange.Recorded recorded) {
        List<UUID> users = recorded.users();
        for (int i = 0; i < users.size(); i++) {
            hub.deliver(users.get(i), change, recorded.seqs()[i]);
        }
        if (pending.addAll(users)) {
            signal.release();
        }
    }

    private void send() {
        boolean failing = false;
        while (running) {
            try {
                signal.tryAcquire(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            signal.drainPermits();
            List<String> payloads = drain();
            if (payloads.isEmpty()) {
                continue;
            }
            try {
                changes.notify(payloads);
                if (failing) {
                    log.info("Wake-ups to other nodes are sent again");
                    failing = false;
                }
            } catch (RuntimeException e) {
                // The other nodes' periodic re-read delivers these changes a little later.
                if (!failing) {
                    log.warn("Could not send wake-ups to other nodes: {}", e.getMessage());
                    failing = true;
                }
            }
        }
    }

    /** Takes every pending user out, as payloads of at most {@link #IDS_PER_NOTIFY} ids. */
    private List<String> drain() {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = null;
        int ids = 0;
        for (Iterator<UUID> users = pending.iterator(); users.hasNext(); ) {
            UUID user = users.next();
            users.remove();
            if (payload == null || ids == IDS_PER_NOTIFY) {
                if (payload != null) {
                    payloads.add(payload.toString());
                }
                payload = new StringBuilder(node).append(NODE_SEPARATOR);
                ids = 0;
            } else {
                payload.append(',');
            }
            payload.append(user);
            ids++;
        }
        if (payload != null) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::send, "hisaab-notify");
        thread.setDaemon(true);
        sender = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        signal.release();
        Thread thread = sender;
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
