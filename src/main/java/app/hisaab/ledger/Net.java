package app.hisaab.ledger;

import app.hisaab.db.Bind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What another person owes a user (positive) or the user owes them (negative) in one currency, in minor
 * units: what each source of debt (group expenses, udhari, settlements) gives the balance feature.
 */
public record Net(UUID otherUserId, String currency, long minor) {

    /**
     * Runs a source's query of nets, which takes {@code :user} and {@code :friend} (text, null: with everyone)
     * and gives the columns {@link #read} reads.
     */
    public static List<Net> query(JdbcClient jdbc, String sql, UUID user, UUID friend) {
        return jdbc.sql(sql)
                .param("user", user)
                .param("friend", Bind.text(friend))
                .query(Net::read)
                .list();
    }

    /** Reads a row with the columns {@code other}, {@code currency} and {@code net}. */
    public static Net read(ResultSet rs, int row) throws SQLException {
        return new Net(rs.getObject("other", UUID.class), rs.getString("currency"), rs.getLong("net"));
    }
}
