package app.hisaab.sync;

import java.util.Locale;

/** What happened to an object. */
public enum Op {
    ADDED,
    UPDATED,
    DELETED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
