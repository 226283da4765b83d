package app.hisaab.sync;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records changes for the users who can see them, inside the writing transaction: every write's
 * change records commit with it or not at all. The wake-up of the recipients' sessions, on this node
 * and on the others, happens only after commit ({@link ChangeNotifier}).
 */
@Service
public class ChangeLog {

    private final ChangeRepository changes;
    private final ChangeNotifier notifier;
    private final JsonMapper json;
    private final Clock clock;

    ChangeLog(ChangeRepository changes, ChangeNotifier notifier, JsonMapper json, Clock clock) {
        this.changes = changes;
        this.notifier = notifier;
        this.json = json;
        this.clock = clock;
    }

    /** What one recipient receives: the op, and the object as they see it (not read for deletes). */
    public record Delivery(Op op, Object data) {}

    /**
     * Records one change of an object for each recipient, with the object as that recipient sees it
     * (as GET returns it to them). Placeholder users (no account, no devices) are skipped. Must run
     * inside the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Entity entity, Op op, UUID entityId, UUID actorId, Map<UUID, ?> dataByRecipient) {
        Map<UUID, Delivery> byRecipient = new LinkedHashMap<>();
        dataByRecipient.forEach((user, data) -> byRecipient.put(user, new Delivery(op, data)));
        recordEach(entity, entityId, actorId, byRecipient);
    }

    /** Records one change with the same view of the object for every recipient. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Entity entity, Op op, UUID entityId, UUID actorId, Collection<UUID> recipients, Object data) {
        append(prepare(entity, op, entityId, actorId, recipients, data));
    }

    /** Records the deletion of an object (its data is {@code {id}} only) for every recipient. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordDeleted(Entity entity, UUID entityId, UUID actorId, Collection<UUID> recipients) {
        record(entity, Op.DELETED, entityId, actorId, recipients, Map.of("id", entityId));
    }

    /**
     * Records one object's change for recipients that receive different ops (for example {@code updated}
     * for remaining participants, {@code added} for new ones, {@code deleted} for removed ones), in one
     * call that locks all the recipients' feeds in one global order.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordEach(Entity entity, UUID entityId, UUID actorId, Map<UUID, Delivery> byRecipient) {
        append(prepare(entity, entityId, actorId, byRecipient));
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

    /** Gives a newly registered user a feed; only users with a feed receive changes. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void openFeed(UUID user) {
        changes.openFeed(user);
    }

    /** A change with the same view of the object for every recipient, for a feature's own statement. */
    public PendingChange prepare(
            Entity entity, Op op, UUID entityId, UUID actorId, Collection<UUID> recipients, Object data) {
        Map<UUID, Delivery> byRecipient = new LinkedHashMap<>();
        Delivery delivery = new Delivery(op, data);
        recipients.forEach(user -> byRecipient.put(user, delivery));
        return prepare(entity, entityId, actorId, byRecipient);
    }

    /** A change whose recipients receive different ops or views, for a feature's own statement. */
    public PendingChange prepare(Entity entity, UUID entityId, UUID actorId, Map<UUID, Delivery> byRecipient) {
        List<UUID> recipients = new ArrayList<>(byRecipient.size());
        List<String> types = new ArrayList<>(byRecipient.size());
        List<Integer> views = new ArrayList<>(byRecipient.size());
        List<String> data = new ArrayList<>();
        // Each distinct view is serialised and stored in the call once (views are 1-based in SQL).
        Map<Object, Integer> byObject = new IdentityHashMap<>();
        Map<String, Integer> byText = new HashMap<>();
        Object deleted = Map.of("id", entityId);
        byRecipient.forEach((user, delivery) -> {
            Object object = delivery.op() == Op.DELETED ? deleted : delivery.data();
            Integer view = byObject.computeIfAbsent(
                    object,
                    o -> byText.computeIfAbsent(json.writeValueAsString(o), text -> {
                        data.add(text);
                        return data.size();
                    }));
            recipients.add(user);
            types.add(entity.wireName() + "_" + delivery.op().wireName());
            views.add(view);
        });
        // The database keeps microseconds: a change handed over in process says the same time as one read back.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return new PendingChange(entityId, actorId, at, recipients, types, views, data);
    }

    /**
     * Hands a change a feature's own statement recorded (what {@link PendingChange#written} read) to the
     * sessions of its recipients: at once when that statement committed on its own, else once the
     * surrounding transaction commits.
     */
    public void recorded(PendingChange change, PendingChange.Recorded recorded) {
        notifier.afterCommit(change, recorded);
    }

    private void append(PendingChange change) {
        if (!change.isEmpty()) {
            recorded(change, changes.append(change));
        }
    }
}
