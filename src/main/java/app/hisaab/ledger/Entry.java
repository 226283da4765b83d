package app.hisaab.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** One object in the balance between two people, with its signed effect on the user's net. */
public record Entry(UUID id, Instant date, String title, String currency, long effectMinor) {

    /** Reads a row with the columns {@code id}, {@code date}, {@code title}, {@code currency}, {@code effect}. */
    public static Entry read(ResultSet rs, int row) throws SQLException {
        return new Entry(
                rs.getObject("id", UUID.class),
                rs.getTimestamp("date").toInstant(),
                rs.getString("title"),
                rs.getString("currency"),
                rs.getLong("effect"));
    }
}
