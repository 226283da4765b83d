package app.hisaab.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/** Reads a user's changes after a seq: for {@code GET /api/sync} and for the WebSocket. */
@Service
public class ChangeFeed {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private final ChangeRepository changes;
    private final SyncProperties properties;
    private final Clock clock;

    ChangeFeed(ChangeRepository changes, SyncProperties properties, Clock clock) {
        this.changes = changes;
        this.properties = properties;
        this.clock = clock;
    }

    /** A change as clients receive it; {@code data} is the stored JSON, written as is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(
            long seq,
            String type,
            String entity,
            String op,
            UUID id,
            @JsonRawValue String data,
            UUID userId,
            Instant at) {

        /** A change of {@code type} (an entity's wire name, an underscore, an op's). */
        static Change of(long seq, String type, UUID entityId, String data, UUID actorId, Instant at) {
            int split = type.lastIndexOf('_');
            return new Change(
                    seq, type, type.substring(0, split), type.substring(split + 1), entityId, data, actorId, at);
        }
    }

    /**
     * One read of the feed. When {@code resyncRequired}, the changes after {@code since} are gone (or
     * {@code since} is ahead of the user): the client fetches its lists again, then goes on from
     * {@code cursor}.
     */
    public record Batch(List<Change> changes, long cursor, boolean hasMore, boolean resyncRequired) {}

    /** Changes after {@code since} in seq order, at most {@code limit}. */
    public Batch read(UUID user, long since, int limit) {
        ChangeRepository.Read read = changes.read(user, since, limit + 1);
        ChangeRepository.Cursor cursor = read.cursor();
        if (since < cursor.prunedThrough() || since > cursor.lastSeq()) {
            return new Batch(List.of(), cursor.lastSeq(), false, true);
        }
        List<Change> batch = read.changes().stream()
                .map(stored -> Change.of(
                        stored.seq(), stored.type(), stored.entityId(), stored.data(), stored.actorId(), stored.at()))
                .toList();
        boolean hasMore = batch.size() > limit;
        List<Change> page = hasMore ? batch.subList(0, limit) : batch;
        long next = page.isEmpty() ? since : page.get(page.size() - 1).seq();
        return new Batch(page, next, hasMore, false);
    }

    /** The user's latest seq now. */
    public long latestSeq(UUID user) {
        return changes.cursor(user).lastSeq();
    }

    /** The latest seq of each of these users that has a feed. */
    Map<UUID, Long> latestSeqs(Collection<UUID> users) {
        return changes.latest(users);
    }

    /**
     * Deletes changes older than the retention with their payloads, a batch of payloads at a time so no
     * lock is held for long.
     */
    @Scheduled(
            fixedDelayString = "${hisaab.sync.prune-interval:1h}",
            initialDelayString = "${hisaab.sync.prune-interval:1h}")
    void prune() {
        Instant cutoff = clock.instant().minus(properties.retention());
        long payloads = 0;
        long total = 0;
        ChangeRepository.Pruned pruned;
        do {
            pruned = changes.prune(cutoff, properties.pruneBatch());
            payloads += pruned.payloads();
            total += pruned.changes();
        } while (pruned.payloads() == properties.pruneBatch());
        if (payloads > 0) {
            log.info("Pruned {} changes ({} payloads) older than {}", total, payloads, cutoff);
        }
    }

    /** Runs one prune now (for operators and tests). */
    public void pruneNow() {
        prune();
    }
}
