package app.hisaab.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * One object in the balance between two people, with its signed effect on the user's net; {@code groupId}
 * is the group it belongs to (null for udhari and for money between friends).
 */
public record Entry(UUID id, Instant date, String title, String currency, long effectMinor, UUID groupId) {

    public Entry(UUID id, Instant date, String title, String currency, long effectMinor) {
        this(id, date, title, currency, effectMinor, null);
    }

    /** Reads a row with the columns {@code id}, {@code date}, {@code title}, {@code currency}, {@code effect}. */
    public static Entry read(ResultSet rs, int row) throws SQLException {
        return new Entry(
                rs.getObject("id", UUID.class),
                rs.getTimestamp("date").toInstant(),
                rs.getString("title"),
                rs.getString("currency"),
                rs.getLong("effect"));
    }

    /** Reads a row like {@link #read} that also has the column {@code group_id}. */
    public static Entry readWithGroup(ResultSet rs, int row) throws SQLException {
        return new Entry(
                rs.getObject("id", UUID.class),
                rs.getTimestamp("date").toInstant(),
                rs.getString("title"),
                rs.getString("currency"),
                rs.getLong("effect"),
                rs.getObject("group_id", UUID.class));
    }
}
