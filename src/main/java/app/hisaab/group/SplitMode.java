package app.hisaab.group;

import java.util.Locale;

/** How a group expense's total is divided among its participants. */
enum SplitMode {
    /** The server divides; leftover minor units go one each to participants in order. */
    EQUAL,
    /** The client gives every participant's amount; they add up to the total. */
    EXACT,
    /** Percentages with up to 2 decimals adding up to 100; largest remainder. */
    PERCENT,
    /** Non-negative weights with up to 3 decimals, at least one positive; largest remainder. */
    SHARES;

    /** Scale of a percent value: hundredths of a percent, so 100% is 10 000. */
    static final int PERCENT_DECIMALS = 2;

    static final long HUNDRED_PERCENT = 10_000;

    /** Scale of a shares value: thousandths of a share. */
    static final int SHARES_DECIMALS = 3;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SplitMode fromWire(String name) {
        for (SplitMode mode : values()) {
            if (mode.wireName().equals(name)) {
                return mode;
            }
        }
        return null;
    }
}
