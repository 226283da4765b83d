package app.hisaab.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records changes for the users who can see them, inside the writing transaction: every write's
 * change records commit with it or not at all, and the wake-up NOTIFY fires only on commit.
 */
@Service
public class ChangeLog {

    private final ChangeRepository changes;
    private final JsonMapper json;
    private final Clock clock;

    ChangeLog(ChangeRepository changes, JsonMapper json, Clock clock) {
        this.changes = changes;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records one change of an object for each recipient, with the object as that recipient sees it
     * (as GET returns it to them). Placeholder users (no account, no devices) are skipped. Must run
     * inside the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Entity entity, Op op, UUID entityId, UUID actorId, Map<UUID, ?> dataByRecipient) {
        if (dataByRecipient.isEmpty()) {
            return;
        }
        // Sorted so that concurrent writers lock the recipients' cursors in one order (no deadlock).
        Map<UUID, String> data = new TreeMap<>();
        dataByRecipient.forEach((user, object) -> data.put(user, json.writeValueAsString(object)));
        String type = entity.wireName() + "_" + op.wireName();
        Instant at = clock.instant();
        changes.append(type, entityId, actorId, at, data);
    }

    /** Records one change with the same view of the object for every recipient. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Entity entity, Op op, UUID entityId, UUID actorId, Collection<UUID> recipients, Object data) {
        Map<UUID, Object> byRecipient = new LinkedHashMap<>();
        recipients.forEach(user -> byRecipient.put(user, data));
        record(entity, op, entityId, actorId, byRecipient);
    }

    /**
     * Locks the feeds of users up front, in one order, for a transaction that goes on to record several
     * changes for them in separate calls: writers that lock the same feeds in another order then wait
     * instead of deadlocking. Must run inside the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockFeeds(Collection<UUID> users) {
        if (!users.isEmpty()) {
            changes.lockFeeds(users);
        }
    }

    /** Records the deletion of an object (its data is {@code {id}} only) for every recipient. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordDeleted(Entity entity, UUID entityId, UUID actorId, Collection<UUID> recipients) {
        record(entity, Op.DELETED, entityId, actorId, recipients, Map.of("id", entityId));
    }

    /** What one recipient receives: the op, and the object as they see it (not read for deletes). */
    public record Delivery(Op op, Object data) {}

    /**
     * Records one object's change for recipients that receive different ops (for example {@code updated}
     * for remaining participants, {@code added} for new ones, {@code deleted} for removed ones). Use it
     * instead of several {@code record} calls in one transaction: it locks all the recipients' feeds
     * first, in one global order, so concurrent writers cannot deadlock.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordEach(Entity entity, UUID entityId, UUID actorId, Map<UUID, Delivery> byRecipient) {
        lockFeeds(byRecipient.keySet());
        Map<Op, Map<UUID, Object>> byOp = new EnumMap<>(Op.class);
        byRecipient.forEach((recipient, delivery) -> byOp.computeIfAbsent(delivery.op(), op -> new LinkedHashMap<>())
                .put(recipient, delivery.op() == Op.DELETED ? Map.of("id", entityId) : delivery.data()));
        byOp.forEach((op, data) -> record(entity, op, entityId, actorId, data));
    }
}
