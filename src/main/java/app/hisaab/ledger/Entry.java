package app.hisaab.ledger;

import app.hisaab.db.Bind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One object in the balance between two people, with its signed effect on the user's net; {@code groupId}
 * is the group it belongs to (null for udhari and for money between friends).
 */
public record Entry(UUID id, Instant date, String title, String currency, long effectMinor, UUID groupId) {

    public Entry(UUID id, Instant date, String title, String currency, long effectMinor) {
        this(id, date, title, currency, effectMinor, null);
    }

    /**
     * Runs a source's query of up to {@code limit} entries between the user and a friend strictly before
     * (date, id), newest first; it takes {@code :user}, {@code :friend}, {@code :beforeDate} and {@code
     * :beforeId} (both null: from the newest) and {@code :limit}, and gives the columns {@link #read} reads.
     */
    public static List<Entry> query(
            JdbcClient jdbc, String sql, UUID user, UUID friend, Instant beforeDate, UUID beforeId, int limit) {
        return query(jdbc, sql, Entry::read, user, friend, beforeDate, beforeId, limit);
    }

    /** Like the query above, with the rows read by {@code reader} (for example {@link #readWithGroup}). */
    public static List<Entry> query(
            JdbcClient jdbc,
            String sql,
            RowMapper<Entry> reader,
            UUID user,
            UUID friend,
            Instant beforeDate,
            UUID beforeId,
            int limit) {
        return jdbc.sql(sql)
                .param("user", user)
                .param("friend", friend)
                .param("beforeDate", Bind.text(beforeDate))
                .param("beforeId", Bind.text(beforeId))
                .param("limit", limit)
                .query(reader)
                .list();
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
