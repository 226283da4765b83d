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
 * statement: it puts {@link #CALL} in its SQL (a set-returning call that yields the recipients with a
 * feed), binds the parameters with {@link #bind}, reads the statement's result with {@link #written},
 * and hands the recipients to {@link ChangeLog#recorded}. Everyone else goes through {@link
 * ChangeLog#record}.
 */
public final class PendingChange {

    /** The SQL call that records the change; its parameters are named {@code change*}. */
    public static final String CALL = ChangeRepository.RECORD_CHANGES;

    private final UUID entityId;
    private final UUID actorId;
    private final Instant at;
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
        this.recipients = recipients.stream().map(UUID::toString).toArray(String[]::new);
        this.types = types.toArray(String[]::new);
        this.views = views.toArray(Integer[]::new);
        this.data = data.toArray(String[]::new);
    }

    /**
     * Reads the result of a statement that ends with {@code SELECT (SELECT count(*) FROM <written>) AS
     * inserted, ARRAY(SELECT r FROM <written>, LATERAL CALL AS r) AS notified}: empty when it wrote
     * nothing, else the recipients that have a feed.
     */
    public static Optional<List<UUID>> written(ResultSet rs) throws SQLException {
        return rs.getLong("inserted") == 0
                ? Optional.empty()
                : Optional.of(List.of((UUID[]) rs.getArray("notified").getArray()));
    }

    /**
     * What a statement that also checks something first did: refused by its check ({@code checked}
     * false, nothing written), or else as {@link #written}.
     */
    public record Checked(boolean checked, Optional<List<UUID>> recorded) {}

    /** Reads {@link #written} and a boolean column {@code checked}. */
    public static Checked checked(ResultSet rs) throws SQLException {
        return new Checked(rs.getBoolean("checked"), written(rs));
    }

    boolean isEmpty() {
        return recipients.length == 0;
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
