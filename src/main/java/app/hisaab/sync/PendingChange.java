package app.hisaab.sync;

import app.hisaab.db.Bind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One object's change, ready to be recorded: who receives which type and which view (serialised once
 * per distinct view). A feature that writes an object in one statement records the change in that same
 * statement: it ends its WITH list with {@link #recordedAfter} and its select list with {@link
 * #RECORDED}, binds the parameters with {@link #bind}, reads the statement's result with {@link
 * #written}, and hands what was recorded to {@link ChangeLog#recorded}. Everyone else goes through
 * {@link ChangeLog#record}.
 */
public final class PendingChange {

    /**
     * The SQL call that records the change (a set-returning call that yields {@code feed_user, feed_seq}
     * for each recipient with a feed); its parameters are named {@code change*}.
     */
    public static final String CALL = ChangeRepository.RECORD_CHANGES;

    /**
     * The select-list columns that read the {@code recorded} common table expression of {@link
     * #recordedAfter}: the recipients with a feed and, in the same order, the seqs they got.
     */
    public static final String RECORDED = """
            ARRAY(SELECT feed_user FROM recorded ORDER BY feed_user) AS notified,
            ARRAY(SELECT feed_seq FROM recorded ORDER BY feed_user) AS seqs""";

    private final UUID entityId;
    private final UUID actorId;
    private final Instant at;
    private final List<UUID> recipientIds;
    private final String[] recipients;
    private final String[] types;
    private final Integer[] views;
    private final String[] data;

    PendingChange(
            UUID entityId,
            UUID actorId,
            Instant at,
            List<UUID> recipients,
            List<String> types,
            List<Integer> views,
            List<String> data) {
        this.entityId = entityId;
        this.actorId = actorId;
        this.at = at;
        this.recipientIds = List.copyOf(recipients);
        this.recipients = recipients.stream().map(UUID::toString).toArray(String[]::new);
        this.types = types.toArray(String[]::new);
        this.views = views.toArray(Integer[]::new);
        this.data = data.toArray(String[]::new);
    }

    /**
     * The common table expression {@code recorded} that records the change once for each row of the
     * statement's earlier expression {@code written} (the object's insert, returning a row when it wrote
     * one). It runs when {@link #RECORDED} reads it, so work the select list does before that (other
     * inserts) is done before the recipients' feeds are locked.
     */
    public static String recordedAfter(String written) {
        return "recorded AS MATERIALIZED (SELECT r.feed_user, r.feed_seq FROM " + written + ", LATERAL " + CALL
                + " AS r)";
    }

    /**
     * The recipients that got a change row, with the seq each got: {@code users.get(i)} got {@code
     * seqs[i]}.
     */
    public record Recorded(List<UUID> users, long[] seqs) {
        static Recorded read(ResultSet rs, String users, String seqs) throws SQLException {
            UUID[] ids = (UUID[]) rs.getArray(users).getArray();
            Long[] numbers = (Long[]) rs.getArray(seqs).getArray();
            long[] allocated = new long[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
                allocated[i] = numbers[i];
            }
            return new Recorded(List.of(ids), allocated);
        }
    }

    /**
     * Reads the result of a statement that ends with {@code SELECT (SELECT count(*) FROM <written>) AS
     * inserted,} {@link #RECORDED}: empty when it wrote nothing, else what it recorded.
     */
    public static Optional<Recorded> written(ResultSet rs) throws SQLException {
        return rs.getLong("inserted") == 0 ? Optional.empty() : Optional.of(Recorded.read(rs, "notified", "seqs"));
    }

    /**
     * What a statement that also checks something first did: refused by its check ({@code checked}
     * false, nothing written), or else as {@link #written}.
     */
    public record Checked(boolean checked, Optional<Recorded> recorded) {}

    /** Reads {@link #written} and a boolean column {@code checked}. */
    public static Checked checked(ResultSet rs) throws SQLException {
        return new Checked(rs.getBoolean("checked"), written(rs));
    }

    boolean isEmpty() {
        return recipients.length == 0;
    }

    /**
     * The change as {@code user}, one of its recipients, receives it once it has committed with {@code
     * seq}: what reading the user's feed would give (the stored JSON aside, which the database keeps in
     * its own key order).
     */
    ChangeFeed.Change as(UUID user, long seq) {
        int i = recipientIds.indexOf(user);
        if (i < 0) {
            throw new IllegalArgumentException("Not a recipient of this change");
        }
        return ChangeFeed.Change.of(seq, types[i], entityId, data[views[i] - 1], actorId, at);
    }

    /** Binds the parameters of {@link #CALL} to a statement. */
    public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
        return statement
                .param("changeEntity", entityId)
                .param("changeActor", actorId)
                .param("changeAt", Bind.at(at))
                .param("changeRecipients", recipients)
                .param("changeTypes", types)
                .param("changeViews", views)
                .param("changeData", data);
    }
}
