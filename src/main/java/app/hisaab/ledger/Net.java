package app.hisaab.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What another person owes a user (positive) or the user owes them (negative) in one currency, in minor
 * units: what each source of debt (group expenses, udhari, settlements) gives the balance feature.
 */
public record Net(UUID otherUserId, String currency, long minor) {

    /** Reads a row with the columns {@code other}, {@code currency} and {@code net}. */
    public static Net read(ResultSet rs, int row) throws SQLException {
        return new Net(rs.getObject("other", UUID.class), rs.getString("currency"), rs.getLong("net"));
    }
}
