package app.hisaab.db;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Statement parameters the PostgreSQL driver sends with their type. It sends a {@code java.sql.Timestamp}
 * and every null without one; the statement is then described once it is server-prepared, and from then
 * on each execution whose result has a column of unbounded size (text, JSON, an array) costs one more
 * round trip: the driver syncs before it, since it cannot bound the size of the answer. So a parameter is
 * a UUID, a number, a boolean, a string or an array that is never null, or comes from here.
 */
public final class Bind {

    private Bind() {}

    /** A point in time, sent as {@code timestamptz}. */
    public static OffsetDateTime at(Instant instant) {
        return Objects.requireNonNull(instant, "instant").atOffset(ZoneOffset.UTC);
    }

    /**
     * A value that may be null (an optional filter, a page's cursor, an optional field), sent as
     * {@code varchar} in its text form: the statement casts it to its type ({@code CAST(:x AS uuid)}).
     */
    public static SqlParameterValue text(Object value) {
        return new SqlParameterValue(Types.VARCHAR, value == null ? null : value.toString());
    }
}
