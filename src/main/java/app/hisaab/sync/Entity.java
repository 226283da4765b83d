package app.hisaab.sync;

import java.util.Locale;

/** The kinds of object whose changes the feed carries; the names are the {@code entity} of a change. */
public enum Entity {
    FRIEND,
    INVITE,
    PERSONAL_EXPENSE,
    GROUP_EXPENSE,
    GROUP,
    UDHARI,
    SETTLEMENT,
    USER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
